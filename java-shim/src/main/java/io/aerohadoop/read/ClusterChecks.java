package io.aerohadoop.read;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.NativeCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The configuration checks only the cluster can answer, made when splits are planned: does the
 * namespace exist, does the set, is there a numeric index for a numrange read. Each failure names
 * the key. Answers come from the info commands {@code namespaces}, {@code sets/<ns>} and
 * {@code sindex-list:ns=<ns>} of every node: a set or index any node reports counts.
 */
public final class ClusterChecks {
    /** How many names a message lists before "...". */
    private static final int LISTED = 20;

    private ClusterChecks() {}

    /** Runs every check that applies to {@code config}. */
    public static void check(NativeCluster cluster, ReadConfig config) throws IOException {
        checkNamespace(cluster, config);
        if (config.set() != null) {
            checkSet(cluster, config);
        }
        if (config.operation() == ReadConfig.Operation.NUMRANGE) {
            checkRangeIndex(cluster, config);
        }
    }

    static void checkNamespace(NativeCluster cluster, ReadConfig config) throws IOException {
        TreeSet<String> seen = new TreeSet<>();
        for (String answer : answers(cluster, "namespaces").values()) {
            for (String ns : answer.split(";")) {
                if (!ns.isEmpty()) {
                    seen.add(ns);
                }
            }
        }
        if (!seen.contains(config.namespace())) {
            throw InvalidConfigurationException.invalid(InputKeys.NAMESPACE, config.namespace(),
                    "the cluster has no such namespace (it has: " + listed(seen) + ")");
        }
    }

    static void checkSet(NativeCluster cluster, ReadConfig config) throws IOException {
        TreeSet<String> seen = new TreeSet<>();
        for (String answer : answers(cluster, "sets/" + config.namespace()).values()) {
            for (Map<String, String> entry : entries(answer)) {
                String set = entry.get("set");
                if (set != null) {
                    seen.add(set);
                }
            }
        }
        if (!seen.contains(config.set())) {
            throw InvalidConfigurationException.invalid(InputKeys.SET_NAME, config.set(),
                    "no node of the cluster has this set in namespace '" + config.namespace() + "' (sets there: "
                            + listed(seen) + ")");
        }
    }

    static void checkRangeIndex(NativeCluster cluster, ReadConfig config) throws IOException {
        List<String> onBin = new ArrayList<>();
        for (String answer : answers(cluster, "sindex-list:ns=" + config.namespace()).values()) {
            for (Map<String, String> ix : entries(answer)) {
                if (!config.rangeBin().equals(ix.get("bin"))) {
                    continue;
                }
                String type = ix.getOrDefault("type", "").toLowerCase(Locale.ROOT);
                String collection = ix.getOrDefault("indextype", "default").toLowerCase(Locale.ROOT);
                String set = ix.get("set");
                boolean anySet = set == null || set.equals("null") || set.isEmpty();
                // An index without a set covers every set; one on a set covers only that set.
                boolean coversSet = anySet || set.equals(config.set());
                // 8.2 calls the numeric index type INTEGER.
                boolean numeric = type.equals("numeric") || type.equals("integer");
                if (numeric && collection.equals("default") && coversSet) {
                    return;
                }
                onBin.add(ix.getOrDefault("indexname", "?") + " (type " + type + ", " + collection + ", set "
                        + (anySet ? "any" : set) + ")");
            }
        }
        throw InvalidConfigurationException.invalid(InputKeys.NUMRANGE_BIN, config.rangeBin(),
                "no numeric secondary index on this bin " + (config.set() == null ? "for the whole namespace '"
                        : "for set '" + config.set() + "' in namespace '") + config.namespace() + "'; "
                        + InputKeys.OPERATION + "=numrange needs one"
                        + (onBin.isEmpty() ? "" : " (indexes on the bin that do not serve: " + onBin + ")"));
    }

    /**
     * Object count of the set (or namespace) summed over nodes, replicas included: enough to
     * tell an empty set from one with records.
     */
    static long objectCount(NativeCluster cluster, ReadConfig config) throws IOException {
        long total = 0;
        if (config.set() != null) {
            for (String answer : answers(cluster, "sets/" + config.namespace()).values()) {
                for (Map<String, String> entry : entries(answer)) {
                    if (config.set().equals(entry.get("set"))) {
                        total += parseCount(entry.get("objects"));
                    }
                }
            }
        } else {
            for (String answer : answers(cluster, "namespace/" + config.namespace()).values()) {
                for (String kv : answer.split(";")) {
                    if (kv.startsWith("objects=")) {
                        total += parseCount(kv.substring("objects=".length()));
                    }
                }
            }
        }
        return total;
    }

    private static long parseCount(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every node's answer; an {@code ERROR:} answer fails the check, naming the node. */
    private static Map<String, String> answers(NativeCluster cluster, String command) throws AerospikeException {
        Map<String, String> answers = cluster.infoAll(command);
        for (Map.Entry<String, String> e : answers.entrySet()) {
            if (e.getValue().startsWith("ERROR")) {
                throw new AerospikeException(-1, "node " + e.getKey() + " answered info command '" + command + "' with '"
                        + e.getValue() + "'");
            }
        }
        return answers;
    }

    /** {@code k=v:k=v;k=v:k=v;} as one map per {@code ;}-separated entry. */
    static List<Map<String, String>> entries(String answer) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String entry : answer.split(";")) {
            if (entry.isEmpty()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : entry.split(":")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            out.add(fields);
        }
        return out;
    }

    private static String listed(TreeSet<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        List<String> first = new ArrayList<>();
        for (String n : names) {
            if (first.size() == LISTED) {
                first.add("...");
                break;
            }
            first.add(n);
        }
        return String.join(", ", first);
    }
}
