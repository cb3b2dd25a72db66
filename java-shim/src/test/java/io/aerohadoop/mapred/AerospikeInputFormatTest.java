package io.aerohadoop.mapred;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.ReadCluster;
import io.aerohadoop.ReadHarness;
import io.aerohadoop.ReadHarness.Row;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.io.Values;
import io.aerohadoop.read.InputCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The old-API input format reads what the new one reads, through the same splits and reader. */
public class AerospikeInputFormatTest {
    private static ReadCluster cluster;

    @BeforeClass
    public static void start() throws IOException {
        cluster = ReadCluster.start();
    }

    @AfterClass
    public static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Row> byDigest(ReadHarness h) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : h.rows) {
            assertTrue("read twice: " + r.key, rows.put(r.digest(), r) == null);
        }
        return rows;
    }

    @Test
    public void theOldApiReadsTheSameRecordsAsTheNewOne() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        ReadHarness old = ReadHarness.readOldApi(conf);
        ReadHarness current = ReadHarness.readNewApi(conf);
        assertEquals(6, old.splits.size());
        Map<String, Row> a = byDigest(old);
        Map<String, Row> b = byDigest(current);
        assertEquals(ReadCluster.PEOPLE_COUNT, a.size());
        assertEquals(b.keySet(), a.keySet());
        for (Map.Entry<String, Row> e : a.entrySet()) {
            assertEquals(b.get(e.getKey()).key, e.getValue().key);
            assertEquals(b.get(e.getKey()).value, e.getValue().value);
            assertTrue(Values.deepEquals(cluster.people.get(e.getKey()), e.getValue().record().bins()));
            assertEquals(cluster.peopleKeys.get(e.getKey()), e.getValue().key.userKey());
        }
        assertEquals(ReadCluster.PEOPLE_COUNT, old.counter(InputCounters.RECORDS));
        assertEquals(4096, old.counter(InputCounters.PARTITIONS));
        assertTrue(old.counter(InputCounters.BYTES) > 0);
    }

    @Test
    public void theOldApiReadsTheValueBinAsText() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.LINES);
        conf.set(InputKeys.VALUE_BIN, "line");
        conf.set(InputKeys.SPLIT_MODE, "node");
        ReadHarness h = ReadHarness.readOldApi(conf);
        assertEquals(3, h.splits.size());
        List<String> got = new ArrayList<>();
        for (Row row : h.rows) {
            got.add(row.value.toString());
        }
        List<String> expected = new ArrayList<>(cluster.lines);
        Collections.sort(got);
        Collections.sort(expected);
        assertEquals(expected, got);
        assertEquals(ReadCluster.LINE_COUNT, h.counter(InputCounters.RECORDS));
    }

    @Test
    public void theOldApiRefusesABadConfigurationInGetSplits() throws Exception {
        Configuration conf = cluster.conf("no_such_set");
        try {
            new AerospikeInputFormat().getSplits(new JobConf(conf), 4);
            fail("planned a read of a missing set");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.SET_NAME, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains("'no_such_set'"));
        }
    }
}
