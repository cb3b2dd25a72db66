package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.query.IndexType;
import io.aerohadoop.examples.aggregateintinput.AggregateIntInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AggregateIntInputTest {
    private static final String SET = "agg_ints";
    private static final String BIN = "n";
    private static final int RECORDS = 3000;
    private static final List<Long> VALUES = new ArrayList<>();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void load() {
        SharedCluster cluster = SharedCluster.get();
        for (int i = 0; i < RECORDS; i++) {
            // Distinct values spread over [-5000, 5006], negatives included.
            long n = (i * 7919L) % 10007 - 5000;
            VALUES.add(n);
            cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, i), new Bin(BIN, n), new Bin("label", "r" + i));
        }
        // Records the aggregation must not see: a string in the bin, and no bin at all.
        cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, "text"), new Bin(BIN, "seven"));
        cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, "other"), new Bin("label", "no number"));
        cluster.client.createIndex(null, SharedCluster.NAMESPACE, SET, SET + "_" + BIN, BIN, IndexType.NUMERIC)
                .waitTillComplete(20);
    }

    @Test
    public void numericRangeAggregatesPerBucketEqualThoseComputedFromTheLoadedValues() throws Exception {
        Configuration conf = conf();
        conf.set("aerospike.input.operation", "numrange");
        conf.set("aerospike.input.numrange.bin", BIN);
        conf.setLong("aerospike.input.numrange.begin", -1500);
        conf.setLong("aerospike.input.numrange.end", 2500);
        // Three sub-ranges, one split each.
        conf.setInt("aerospike.input.splits", 3);
        conf.setInt(AggregateIntInput.BUCKETS_KEY, 7);
        Map<Long, String> got = run(conf);

        Map<Long, long[]> expected = new TreeMap<>();
        for (long n : VALUES) {
            if (n >= -1500 && n <= 2500) {
                add(expected, Math.floorMod(n, 7), n);
            }
        }
        assertEquals(7, expected.size());
        assertEquals(render(expected), got);
    }

    @Test
    public void aScanOfTheWholeSetInOneBucketGivesTheTotalsOfEveryLoadedValue() throws Exception {
        Configuration conf = conf();
        conf.set(AggregateIntInput.BIN_KEY, BIN);
        conf.setInt(AggregateIntInput.BUCKETS_KEY, 1);
        Map<Long, String> got = run(conf);

        Map<Long, long[]> expected = new TreeMap<>();
        VALUES.forEach(n -> add(expected, 0, n));
        assertEquals(RECORDS, expected.get(0L)[0]);
        assertEquals(render(expected), got);
    }

    private Configuration conf() {
        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        SharedCluster.get().setInput(conf, SET);
        return conf;
    }

    private Map<Long, String> run(Configuration conf) throws Exception {
        Path out = tmp.getRoot().toPath().resolve("aggregates");
        assertEquals(0, ToolRunner.run(conf, new AggregateIntInput(), new String[] {out.toString()}));
        Map<Long, String> got = new TreeMap<>();
        for (String line : ExampleData.outputLines(out)) {
            int tab = line.indexOf('\t');
            assertTrue("output line '" + line + "'", tab > 0);
            assertEquals("bucket written once", null, got.put(Long.parseLong(line.substring(0, tab)), line.substring(tab + 1)));
        }
        return got;
    }

    /** [count, sum, min, max] per bucket. */
    private static void add(Map<Long, long[]> stats, long bucket, long n) {
        long[] s = stats.computeIfAbsent(bucket, b -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
        s[0]++;
        s[1] += n;
        s[2] = Math.min(s[2], n);
        s[3] = Math.max(s[3], n);
    }

    private static Map<Long, String> render(Map<Long, long[]> stats) {
        Map<Long, String> out = new TreeMap<>();
        stats.forEach((bucket, s) -> out.put(bucket, s[0] + "\t" + s[1] + "\t" + s[2] + "\t" + s[3]));
        return out;
    }
}
