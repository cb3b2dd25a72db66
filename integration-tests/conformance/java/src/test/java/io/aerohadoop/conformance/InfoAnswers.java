package io.aerohadoop.conformance;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Info;
import com.aerospike.client.cluster.Node;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Info commands through the client, per node, and the parsing of their answers. */
final class InfoAnswers {
    static final int N_PARTITIONS = 4096;

    private InfoAnswers() {}

    /** Node name → the node's answer to {@code command}. */
    static Map<String, String> perNode(AerospikeClient client, String command) {
        Map<String, String> answers = new TreeMap<>();
        for (Node node : client.getNodes()) {
            answers.put(node.getName(), Info.request(null, node, command));
        }
        return answers;
    }

    /** {@code k=v;k=v} (or the {@code :}-separated form of {@code sets}) as a map. */
    static Map<String, String> values(String answer) {
        Map<String, String> out = new HashMap<>();
        for (String part : answer.trim().replace(':', ';').split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    static long longValue(String answer, String name) {
        String v = values(answer).get(name);
        if (v == null) {
            throw new AssertionError("no " + name + " in " + answer);
        }
        return Long.parseLong(v);
    }

    /** Partition id → name of its master, decoded from every node's {@code replicas-master}. */
    static Map<Integer, String> partitionMasters(AerospikeClient client) {
        Map<Integer, String> masters = new HashMap<>();
        for (Map.Entry<String, String> e : perNode(client, "replicas-master").entrySet()) {
            for (String nsMap : e.getValue().split(";")) {
                int colon = nsMap.indexOf(':');
                if (!nsMap.substring(0, colon).equals(ClusterEnv.NAMESPACE)) {
                    continue;
                }
                byte[] bits = Base64.getDecoder().decode(nsMap.substring(colon + 1));
                for (int pid = 0; pid < N_PARTITIONS; pid++) {
                    if ((bits[pid >> 3] & (0x80 >> (pid & 7))) != 0) {
                        String previous = masters.put(pid, e.getKey());
                        if (previous != null) {
                            throw new AssertionError("partition " + pid + " has two masters");
                        }
                    }
                }
            }
        }
        return masters;
    }
}
