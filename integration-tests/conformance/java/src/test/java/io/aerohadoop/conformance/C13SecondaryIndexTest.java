package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.query.Filter;
import com.aerospike.client.query.IndexType;
import com.aerospike.client.query.RecordSet;
import com.aerospike.client.query.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.Before;
import org.junit.Test;

/** C13: secondary indexes made through the client API serve exact range and equality queries; a query on a
 * dropped index fails with 201. */
public class C13SecondaryIndexTest extends ClusterCase {
    private static final String[] COLOURS = {"red", "green", "blue"};
    private String set;

    @Before
    public void writeRecords() {
        set = env.set("c13");
        WritePolicy send = new WritePolicy();
        send.sendKey = true;
        for (int i = 0; i < 60; i++) {
            env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, i), new Bin("n", i),
                    new Bin("colour", COLOURS[i % 3]));
        }
        // Records without the bin, or with another type, must never match.
        env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, "no-n"), new Bin("colour", "red"));
        env.client.put(send, new Key(ClusterEnv.NAMESPACE, set, "str-n"), new Bin("n", "15"), new Bin("colour", 7));
    }

    private List<Record> query(Filter filter, String... bins) {
        Statement stmt = new Statement();
        stmt.setNamespace(ClusterEnv.NAMESPACE);
        stmt.setSetName(set);
        stmt.setFilter(filter);
        if (bins.length > 0) {
            stmt.setBinNames(bins);
        }
        List<Record> out = new ArrayList<>();
        try (RecordSet rs = env.client.query(null, stmt)) {
            while (rs.next()) {
                out.add(rs.getRecord());
            }
        }
        return out;
    }

    private TreeSet<String> keysOf(Filter filter) {
        Statement stmt = new Statement();
        stmt.setNamespace(ClusterEnv.NAMESPACE);
        stmt.setSetName(set);
        stmt.setFilter(filter);
        TreeSet<String> keys = new TreeSet<>();
        try (RecordSet rs = env.client.query(null, stmt)) {
            while (rs.next()) {
                keys.add(String.valueOf(rs.getKey().userKey.getObject()));
            }
        }
        return keys;
    }

    private static TreeSet<String> ints(int from, int to, int step) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = from; i < to; i += step) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    @Test
    public void numericRangeAndStringEqualityQueriesReturnExactlyTheMatches() {
        String numIx = set + "_n";
        String strIx = set + "_colour";
        env.client.createIndex(null, ClusterEnv.NAMESPACE, set, numIx, "n", IndexType.NUMERIC).waitTillComplete(50);
        env.client.createIndex(null, ClusterEnv.NAMESPACE, set, strIx, "colour", IndexType.STRING)
                .waitTillComplete(50);
        try {
            assertEquals(ints(10, 20, 1), keysOf(Filter.range("n", 10, 19)));
            assertEquals(ints(0, 1, 1), keysOf(Filter.range("n", -5, 0)));
            assertEquals(ints(59, 60, 1), keysOf(Filter.equal("n", 59)));
            TreeSet<String> red = ints(0, 60, 3);
            red.add("no-n");
            assertEquals(red, keysOf(Filter.equal("colour", "red")));
            List<Record> projected = query(Filter.range("n", 50, 1000), "n");
            TreeSet<Long> values = new TreeSet<>();
            for (Record r : projected) {
                assertEquals(1, r.bins.size());
                values.add(r.getLong("n"));
            }
            assertEquals(10, projected.size());
            assertEquals(Long.valueOf(50), values.first());
            assertEquals(Long.valueOf(59), values.last());
        } finally {
            env.client.dropIndex(null, ClusterEnv.NAMESPACE, set, numIx).waitTillComplete(50);
            env.client.dropIndex(null, ClusterEnv.NAMESPACE, set, strIx).waitTillComplete(50);
        }
    }

    @Test
    public void droppedIndexIsGoneAndQueriesOnItFailWith201() {
        String name = set + "_drop";
        env.client.createIndex(null, ClusterEnv.NAMESPACE, set, name, "n", IndexType.NUMERIC).waitTillComplete(50);
        assertEquals(ints(0, 3, 1), keysOf(Filter.range("n", 0, 2)));
        env.client.dropIndex(null, ClusterEnv.NAMESPACE, set, name).waitTillComplete(50);
        for (Map.Entry<String, String> e : InfoAnswers.perNode(env.client, "sindex-list:ns=test").entrySet()) {
            assertFalse(e.getKey(), e.getValue().contains("indexname=" + name + ":"));
        }
        Errors.expectCode(ResultCode.INDEX_NOTFOUND, () -> keysOf(Filter.range("n", 0, 2)));
    }
}
