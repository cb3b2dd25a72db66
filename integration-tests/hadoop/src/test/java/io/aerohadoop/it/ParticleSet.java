package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Value;
import com.aerospike.client.policy.WritePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set holding every particle type the tools must carry: integers, floats (NaN, ±∞, -0.0, an
 * integral 2.0 that must stay a float), strings (empty, non-ASCII, 100 KB), blobs (empty, 200 KB),
 * booleans, GeoJSON, lists and maps nested in each other (integer, string and blob map keys, empty
 * ones), records with and without a stored user key (integer, string, blob keys), some written
 * twice (generation 2), some with a TTL of an hour, the rest never expiring. Record {@code i}'s
 * bins are a pure function of {@code i}, and bin {@code parity} lets a filter pick half of them.
 */
final class ParticleSet {
    static final int TTL_SECONDS = 3600;

    private ParticleSet() {}

    /** The user key record {@code i} is written with (stored or not, see {@link #storesKey}). */
    static Object userKey(int i) {
        switch (i % 3) {
            case 0: return (long) i * 1_000_003L - 7;
            case 1: return "key-" + i + "-ü";
            default: return new byte[] {(byte) i, (byte) (i >> 8), 0, (byte) 0xff};
        }
    }

    static Key key(String namespace, String set, int i) {
        return ParticleKeys.key(namespace, set, userKey(i));
    }

    /** Every fifth record is written without its user key: it is known by its digest only. */
    static boolean storesKey(int i) {
        return i % 5 != 4;
    }

    static boolean hasTtl(int i) {
        return i % 4 == 1;
    }

    static boolean writtenTwice(int i) {
        return i % 6 == 2;
    }

    static List<Bin> bins(int i) {
        List<Bin> bins = new ArrayList<>();
        bins.add(new Bin("n", (long) i));
        bins.add(new Bin("parity", (long) (i % 2)));
        bins.add(new Bin("f", floatFor(i)));
        bins.add(new Bin("s", i % 7 == 0 ? "" : "text " + i + " 日本語 \"quoted\" \\ tab\t"));
        bins.add(new Bin("flag", i % 2 == 0));
        bins.add(new Bin("geo", Value.getAsGeoJSON("{\"type\":\"Point\",\"coordinates\":[" + (i % 180) + ".5,"
                + (i % 90) + ".25]}")));
        if (i % 3 != 2) {
            // Not every record has every bin: per-bin counts differ from the record count.
            bins.add(new Bin("blob", i % 10 == 0 ? new byte[0] : new byte[] {1, 2, (byte) i, (byte) 0x80}));
        }
        List<Object> nested = new ArrayList<>(Arrays.asList((long) i, "x", 2.5, Collections.emptyList(),
                Arrays.asList(Arrays.asList(1L, 2L), new byte[] {9, 8})));
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("a", (long) i);
        inner.put(7L, Arrays.asList("p", 1.25));
        inner.put("empty", new LinkedHashMap<>());
        nested.add(inner);
        bins.add(new Bin("list", nested));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("name", "n" + i);
        map.put(42L, -1.0);
        map.put("$tricky", "a key starting with $");
        map.put("list", Arrays.asList(true, false, "t"));
        bins.add(new Bin("map", map));
        Map<Object, Object> onlyDollar = new LinkedHashMap<>();
        onlyDollar.put("$blob", "not a blob");
        bins.add(new Bin("dollar", onlyDollar));
        if (i == 3) {
            bins.add(new Bin("bigblob", bytes(200_000)));
            bins.add(new Bin("bigstr", text(100_000)));
        }
        return bins;
    }

    private static double floatFor(int i) {
        switch (i % 8) {
            case 0: return Double.NaN;
            case 1: return Double.POSITIVE_INFINITY;
            case 2: return -0.0;
            case 3: return 2.0;
            case 4: return 1e300;
            case 5: return Double.MIN_VALUE;
            case 6: return Double.NEGATIVE_INFINITY;
            default: return i / 3.0;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int j = 0; j < n; j++) {
            b[j] = (byte) (j * 31);
        }
        return b;
    }

    private static String text(int n) {
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) {
            s.append("lorem ipsum ").append(s.length()).append(' ');
        }
        return s.substring(0, n);
    }

    static void load(AerospikeClient client, String namespace, String set, int records) {
        for (int i = 0; i < records; i++) {
            WritePolicy policy = new WritePolicy();
            policy.sendKey = storesKey(i);
            policy.expiration = hasTtl(i) ? TTL_SECONDS : -1;
            Key key = key(namespace, set, i);
            Bin[] bins = bins(i).toArray(new Bin[0]);
            client.put(policy, key, bins);
            if (writtenTwice(i)) {
                client.put(policy, key, bins);
            }
        }
    }
}
