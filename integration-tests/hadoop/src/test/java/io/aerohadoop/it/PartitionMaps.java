package io.aerohadoop.it;

import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/** Which partitions a node masters, as it tells clients through {@code replicas-master}. */
final class PartitionMaps {
    static final int PARTITIONS = 4096;

    private PartitionMaps() {}

    static Set<Integer> mastered(Aerolite cluster, int node, String namespace) throws IOException {
        // "ns1:<base64 bitmap>;ns2:<base64 bitmap>"; bit p (most significant bit first) = partition p.
        for (String entry : cluster.info(node, "replicas-master").split(";")) {
            int colon = entry.indexOf(':');
            if (colon > 0 && entry.substring(0, colon).equals(namespace)) {
                byte[] bitmap = Base64.getDecoder().decode(entry.substring(colon + 1));
                Set<Integer> partitions = new TreeSet<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    if ((bitmap[p >> 3] & (0x80 >> (p & 7))) != 0) {
                        partitions.add(p);
                    }
                }
                return partitions;
            }
        }
        throw new IOException("node " + node + " reports no partition map for namespace " + namespace);
    }
}
