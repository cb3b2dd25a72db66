package io.aerohadoop.write;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.internal.NativeCluster;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checks of a write only the cluster can answer (does the namespace exist); connecting is
 * {@link io.aerohadoop.internal.ClusterConnections}'. Failures name the key at fault.
 */
public final class OutputCluster {
    private OutputCluster() {}

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
}
