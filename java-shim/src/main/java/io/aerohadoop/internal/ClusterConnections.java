package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ClusterSettings;
import java.util.regex.Pattern;

/**
 * Opens the cluster handle of a read or a write. Handles share one native client per configuration
 * per JVM (the native registry); each user closes its own handle when done.
 */
public final class ClusterConnections {
    private static final Pattern SECURITY_CODE_IN_TEXT = Pattern.compile("\\bError (6[0-5]|8[01])\\b");

    private ClusterConnections() {}

    /**
     * Connects as {@code config} says.
     *
     * @throws InvalidConfigurationException naming the seed keys if no seed answers, or the user
     *     key if the cluster refuses the credentials
     */
    public static NativeCluster connect(ClusterSettings config) throws InvalidConfigurationException {
        try {
            return NativeCluster.connect(config.seeds(), config.user(), config.password(), config.timeoutMs());
        } catch (AerospikeException e) {
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
     * When every seed refused the login, the client reports "cannot connect" (-8) with each node's
     * code in the text ({@code Error 65, node=...: Invalid credential}), so the text is read too.
     */
    private static boolean isSecurityError(AerospikeException e) {
        int code = e.getResultCode();
        if ((code >= 60 && code <= 65) || code == 80 || code == 81) {
            return true;
        }
        return e.getMessage() != null && SECURITY_CODE_IN_TEXT.matcher(e.getMessage()).find();
    }
}
