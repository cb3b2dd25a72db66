package io.aerohadoop.config;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Where the cluster is and who logs in: the seed hosts (a {@code hosts} list, else {@code host}
 * with {@code port}), the user and the password (read through {@link Configuration#getPassword}
 * so Hadoop credential providers work). Reads and writes parse it the same way from their own
 * keys; errors name the key at fault.
 */
final class ClusterAccess {
    final SeedHosts seeds;
    /** The key the seeds came from (hosts, or host with port) and its value, for error messages. */
    final String seedKey;
    final String seedValue;
    final String seedSource;
    final String user;
    private final char[] password;

    private ClusterAccess(SeedHosts seeds, String seedKey, String seedValue, String seedSource, String user,
            char[] password) {
        this.seeds = seeds;
        this.seedKey = seedKey;
        this.seedValue = seedValue;
        this.seedSource = seedSource;
        this.user = user;
        this.password = password;
    }

    /** The keys of one direction: {@code aerospike.input.*} or {@code aerospike.output.*}. */
    static final class Keys {
        final String hosts;
        final String host;
        final String port;
        final String defaultHost;
        final int defaultPort;
        final String user;
        final String password;

        Keys(String hosts, String host, String port, String defaultHost, int defaultPort, String user,
                String password) {
            this.hosts = hosts;
            this.host = host;
            this.port = port;
            this.defaultHost = defaultHost;
            this.defaultPort = defaultPort;
            this.user = user;
            this.password = password;
        }
    }

    static ClusterAccess read(Configuration conf, Keys k) throws IOException {
        String hosts = trimmed(conf, k.hosts);
        SeedHosts seeds;
        String seedKey;
        String seedValue;
        String seedSource;
        if (hosts != null) {
            seeds = SeedHosts.parseList(k.hosts, hosts);
            seedKey = k.hosts;
            seedValue = hosts;
            seedSource = k.hosts + "=" + hosts;
        } else {
            String host = conf.getTrimmed(k.host, k.defaultHost);
            String port = conf.getTrimmed(k.port, Integer.toString(k.defaultPort));
            seeds = SeedHosts.of(k.host, host, k.port, port);
            seedKey = k.host;
            seedValue = host;
            seedSource = k.host + "=" + host + ", " + k.port + "=" + port;
        }

        String user = trimmed(conf, k.user);
        char[] pw = conf.getPassword(k.password);
        char[] password = pw == null || pw.length == 0 ? null : pw;
        if (user != null && password == null) {
            throw InvalidConfigurationException.missing(k.password,
                    "user '" + user + "' (" + k.user + ") needs a password (set it, or store it in a"
                            + " credential provider named by hadoop.security.credential.provider.path)");
        }
        if (user == null && password != null) {
            throw InvalidConfigurationException.hidden(k.password, "a password is set but " + k.user + " is not");
        }
        return new ClusterAccess(seeds, seedKey, seedValue, seedSource, user, password);
    }

    /** The password, or null; a fresh String each call, for the native connect only. */
    String password() {
        return password == null ? null : new String(password);
    }

    boolean hasPassword() {
        return password != null;
    }

    private static String trimmed(Configuration conf, String key) {
        String v = conf.getTrimmed(key);
        return v == null || v.isEmpty() ? null : v;
    }
}
