package io.aerohadoop.config;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The part of a read or write configuration that says how to reach the cluster: seeds, user and
 * password, parsed once by {@link ClusterAccess} from the direction's own keys. The direction adds
 * its timeout and everything else.
 */
abstract class ClusterConfigBase implements ClusterSettings {
    private final ClusterAccess.Keys keys;
    final ClusterAccess access;

    ClusterConfigBase(Configuration conf, ClusterAccess.Keys keys) throws IOException {
        this.keys = keys;
        this.access = ClusterAccess.read(conf, keys);
    }

    /** Seeds in the form {@code NativeCluster.connect} takes. */
    @Override
    public String seeds() {
        return access.seeds.toString();
    }

    /** The key the seeds came from: the direction's {@code hosts} key, else its {@code host} key. */
    @Override
    public String seedKey() {
        return access.seedKey;
    }

    @Override
    public String seedValue() {
        return access.seedValue;
    }

    /** The key(s) and value(s) the seeds came from, e.g. {@code aerospike.input.host=h, aerospike.input.port=p}. */
    @Override
    public String seedSource() {
        return access.seedSource;
    }

    /** The user to log in as, or null. */
    @Override
    public String user() {
        return access.user;
    }

    /** The password, or null; a fresh String each call, for the native connect only. */
    @Override
    public String password() {
        return access.password();
    }

    @Override
    public String userKey() {
        return keys.user;
    }

    @Override
    public String passwordKey() {
        return keys.password;
    }

    @Override
    public String tlsCaFile() {
        return access.tlsCaFile;
    }

    @Override
    public String tlsName() {
        return access.tlsName;
    }

    @Override
    public String tlsCertFile() {
        return access.tlsCertFile;
    }

    @Override
    public String tlsKeyFile() {
        return access.tlsKeyFile;
    }

    @Override
    public String tlsCaFileKey() {
        return keys.tlsCaFile;
    }
}
