package io.aerohadoop.read;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.NativeCluster;

/**
 * Opens the cluster handle of a read. Handles share one native client per configuration per JVM
 * (the native registry); each user closes its own handle when done.
 */
public final class ClusterConnections {
    private ClusterConnections() {}

    /**
     * Connects as {@code config} says.
     *
     * @throws InvalidConfigurationException naming the seed keys if no seed answers, or the user
     *     key if the cluster refuses the credentials
     */
    public static NativeCluster connect(ReadConfig config) throws InvalidConfigurationException {
        try {
            return NativeCluster.connect(config.seeds(), config.user(), config.password(), config.timeoutMs());
        } catch (AerospikeException e) {
            if (isSecurityError(e.getResultCode())) {
                throw InvalidConfigurationException.invalid(InputKeys.USER, config.user(),
                        "the cluster at " + config.seeds() + " refused the login (result code " + e.getResultCode()
                                + "; check " + InputKeys.USER + " and " + InputKeys.PASSWORD + "): " + e.getMessage(), e);
            }
            throw InvalidConfigurationException.invalid(config.seedKey(), config.seedValue(),
                    "cannot connect to the cluster at " + config.seeds() + " (" + config.seedSource() + "; result code "
                            + e.getResultCode() + "): " + e.getMessage(), e);
        }
    }

    /** Login and permission failures (result codes 60-65, 80-81) are about the user, not the hosts. */
    private static boolean isSecurityError(int code) {
        return (code >= 60 && code <= 65) || code == 80 || code == 81;
    }
}
