package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.query.IndexType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the data the jobs read through the Aerospike Java client, and returns what it wrote keyed
 * the way the jobs' outputs are (hex digest), so tests compare a job's output with the loaded data.
 */
final class DataLoader {
    /** The bin word-count-style jobs read. */
    static final String LINE_BIN = "line";
    /** The integer bin of numeric data sets (and of their secondary index). */
    static final String NUMBER_BIN = "n";
    /** A string bin beside {@link #NUMBER_BIN}, so records have more than one bin. */
    static final String LABEL_BIN = "label";

    private final AerospikeClient client;
    private final String namespace;

    DataLoader(AerospikeClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** One record per line, user key = line number, bin {@value #LINE_BIN} = the line. */
    Map<String, String> putLines(String set, List<String> lines) {
        WritePolicy policy = new WritePolicy();
        Map<String, String> byDigest = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Key key = new Key(namespace, set, i);
            client.put(policy, key, new Bin(LINE_BIN, lines.get(i)));
            byDigest.put(Digests.hex(key.digest), lines.get(i));
        }
        return byDigest;
    }

    /**
     * {@code count} records, user key i, bin {@value #NUMBER_BIN} = {@link #numberFor(int)} (distinct,
     * negative and positive) and bin {@value #LABEL_BIN}. Returns hex digest -> number.
     */
    Map<String, Long> putNumbers(String set, int count) {
        WritePolicy policy = new WritePolicy();
        Map<String, Long> byDigest = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Key key = new Key(namespace, set, i);
            long n = numberFor(i);
            client.put(policy, key, new Bin(NUMBER_BIN, n), new Bin(LABEL_BIN, "record-" + i));
            byDigest.put(Digests.hex(key.digest), n);
        }
        return byDigest;
    }

    /** Distinct for i below 10007 (a prime), spread over [-5000, 5006]. */
    static long numberFor(int i) {
        return (i * 7919L) % 10007 - 5000;
    }

    /** A numeric secondary index on {@code bin} of {@code set}, ready when this returns. */
    void createNumericIndex(String set, String bin) {
        client.createIndex(null, namespace, set, set + "_" + bin, bin, IndexType.NUMERIC).waitTillComplete(20);
    }
}
