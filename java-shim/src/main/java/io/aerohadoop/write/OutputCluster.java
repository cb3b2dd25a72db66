package io.aerohadoop.write;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.internal.NativeCluster;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens the cluster handle of a write and makes the checks only the cluster can answer (does the
 * namespace exist). Handles share one native client per configuration per JVM; each user closes
 * its own handle when done. Failures name the key at fault.
 */
public final class OutputCluster {
    private static final Pattern SECURITY_CODE_IN_TEXT = Pattern.compile("\\bError (6[0-5]|8[01])\\b");

    private OutputCluster() {}

    /**
     * Connects as {@code config} says.
     *
     * @throws InvalidConfigurationException naming the seed keys if no seed answers, or the user
     *     key if the cluster refuses the credentials
     */
    public static NativeCluster connect(WriteConfig config) throws InvalidConfigurationException {
        try {
            return NativeCluster.connect(config.seeds(), config.user(), config.password(), config.timeoutMs());
        } catch (AerospikeException e) {
            if (config.user() != null && isSecurityError(e)) {
                throw InvalidConfigurationException.invalid(OutputKeys.USER, config.user(),
                        "the cluster at " + config.seeds() + " refused the login (result code " + e.getResultCode()
                                + "; check " + OutputKeys.USER + " and " + OutputKeys.PASSWORD + "): " + e.getMessage(),
                        e);
            }
            throw InvalidConfigurationException.invalid(config.seedKey(), config.seedValue(),
                    "cannot connect to the cluster at " + config.seeds() + " (" + config.seedSource() + "; result code "
                            + e.getResultCode() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Fails naming {@code aerospike.output.namespace} unless some node of the cluster serves the
     * namespace (info command {@code namespaces}).
     */
    public static void checkNamespace(NativeCluster cluster, WriteConfig config) throws InvalidConfigurationException {
        Map<String, String> answers;
        try {
            answers = cluster.infoAll("namespaces");
        } catch (AerospikeException e) {
            throw InvalidConfigurationException.invalid(OutputKeys.NAMESPACE, config.namespace(),
                    "cannot ask the cluster for its namespaces (result code " + e.getResultCode() + "): "
                            + e.getMessage(), e);
        }
        TreeSet<String> seen = new TreeSet<>();
        for (String answer : answers.values()) {
            for (String ns : answer.split(";")) {
                if (!ns.isEmpty()) {
                    seen.add(ns);
                }
            }
        }
        if (!seen.contains(config.namespace())) {
            throw InvalidConfigurationException.invalid(OutputKeys.NAMESPACE, config.namespace(),
                    "the cluster has no such namespace (it has: " + (seen.isEmpty() ? "none" : String.join(", ", seen))
                            + ")");
        }
    }

    /** Login and permission failures (result codes 60-65, 80-81) are about the user, not the hosts. */
    private static boolean isSecurityError(AerospikeException e) {
        int code = e.getResultCode();
        if ((code >= 60 && code <= 65) || code == 80 || code == 81) {
            return true;
        }
        return e.getMessage() != null && SECURITY_CODE_IN_TEXT.matcher(e.getMessage()).find();
    }
}
