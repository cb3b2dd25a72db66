package io.aerohadoop.config;

import static io.aerohadoop.config.ConfigValues.trimmed;

import java.io.File;
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
    /** TLS files and name, or null each when the connection is clear text. */
    final String tlsCaFile;
    final String tlsName;
    final String tlsCertFile;
    final String tlsKeyFile;

    private ClusterAccess(SeedHosts seeds, String seedKey, String seedValue, String seedSource, String user,
            char[] password, String[] tls) {
        this.seeds = seeds;
        this.seedKey = seedKey;
        this.seedValue = seedValue;
        this.seedSource = seedSource;
        this.user = user;
        this.password = password;
        this.tlsCaFile = tls[0];
        this.tlsName = tls[1];
        this.tlsCertFile = tls[2];
        this.tlsKeyFile = tls[3];
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
        final String tlsCaFile;
        final String tlsName;
        final String tlsCertFile;
        final String tlsKeyFile;

        Keys(String hosts, String host, String port, String defaultHost, int defaultPort, String user,
                String password, String tlsCaFile, String tlsName, String tlsCertFile, String tlsKeyFile) {
            this.hosts = hosts;
            this.host = host;
            this.port = port;
            this.defaultHost = defaultHost;
            this.defaultPort = defaultPort;
            this.user = user;
            this.password = password;
            this.tlsCaFile = tlsCaFile;
            this.tlsName = tlsName;
            this.tlsCertFile = tlsCertFile;
            this.tlsKeyFile = tlsKeyFile;
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
        return new ClusterAccess(seeds, seedKey, seedValue, seedSource, user, password, readTls(conf, k));
    }

    /**
     * The TLS settings: none at all (clear text), or a readable CA file, with an optional name and
     * an optional client certificate and key that come together.
     */
    private static String[] readTls(Configuration conf, Keys k) throws InvalidConfigurationException {
        String ca = trimmed(conf, k.tlsCaFile);
        String name = trimmed(conf, k.tlsName);
        String cert = trimmed(conf, k.tlsCertFile);
        String key = trimmed(conf, k.tlsKeyFile);
        if (ca == null) {
            String stray = name != null ? k.tlsName : cert != null ? k.tlsCertFile : key != null ? k.tlsKeyFile : null;
            if (stray != null) {
                throw InvalidConfigurationException.invalid(stray, conf.getTrimmed(stray),
                        "TLS also needs " + k.tlsCaFile + ", the CA file the nodes' certificates chain to");
            }
            return new String[4];
        }
        readable(k.tlsCaFile, ca);
        if (cert != null && key == null) {
            throw InvalidConfigurationException.invalid(k.tlsCertFile, cert,
                    "a client certificate needs its key file, " + k.tlsKeyFile);
        }
        if (key != null && cert == null) {
            throw InvalidConfigurationException.invalid(k.tlsKeyFile, key,
                    "a client key needs its certificate file, " + k.tlsCertFile);
        }
        if (cert != null) {
            readable(k.tlsCertFile, cert);
            readable(k.tlsKeyFile, key);
        }
        return new String[] {ca, name, cert, key};
    }

    private static void readable(String key, String path) throws InvalidConfigurationException {
        if (!new File(path).canRead()) {
            throw InvalidConfigurationException.invalid(key, path, "no readable file at this path");
        }
    }

    /** The password, or null; a fresh String each call, for the native connect only. */
    String password() {
        return password == null ? null : new String(password);
    }

    boolean hasPassword() {
        return password != null;
    }

}
