package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ClusterSettings;

/**
 * Opens the cluster handle of a read or a write. Handles share one native client per configuration
 * per JVM (the native registry); each user closes its own handle when done.
 */
public final class ClusterConnections {
    private ClusterConnections() {}

    /**
     * Connects as {@code config} says.
     *
     * @throws InvalidConfigurationException naming the seed keys if no seed answers, or the user
     *     key if the cluster refuses the credentials
     */
    public static NativeCluster connect(ClusterSettings config) throws InvalidConfigurationException {
        try {
            return NativeCluster.connect(config.seeds(), config.user(), config.password(), config.timeoutMs(),
                    config.tlsCaFile(), config.tlsName(), config.tlsCertFile(), config.tlsKeyFile());
        } catch (AerospikeException e) {
            if (config.tlsCaFile() != null && isTlsError(e)) {
                throw InvalidConfigurationException.invalid(config.tlsCaFileKey(), config.tlsCaFile(),
                        "TLS to the cluster at " + config.seeds() + " failed (result code " + e.getResultCode()
                                + "; check the CA, the TLS name and the client certificate): " + e.getMessage(), e);
            }
            if (config.user() != null && isSecurityError(e)) {
                throw InvalidConfigurationException.invalid(config.userKey(), config.user(),
                        "the cluster at " + config.seeds() + " refused the login (result code " + e.getResultCode()
                                + "; check " + config.userKey() + " and " + config.passwordKey() + "): " + e.getMessage(), e);
            }
            throw InvalidConfigurationException.invalid(config.seedKey(), config.seedValue(),
                    "cannot connect to the cluster at " + config.seeds() + " (" + config.seedSource() + "; result code "
                            + e.getResultCode() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Login and permission failures (result codes 60-65, 80-81) are about the user, not the hosts.
     * The native side gives a refused login the server's code even when the client library only
     * reported it in text (rust-core's {@code error.rs}).
     */
    /** A handshake the cluster or the client refused, or a TLS file that cannot be used. */
    private static boolean isTlsError(AerospikeException e) {
        String m = e.getMessage();
        return m != null && (m.contains("TLS") || m.contains("certificate") || m.contains("Certificate"));
    }

    private static boolean isSecurityError(AerospikeException e) {
        int code = e.getResultCode();
        return (code >= 60 && code <= 65) || code == 80 || code == 81;
    }
}
