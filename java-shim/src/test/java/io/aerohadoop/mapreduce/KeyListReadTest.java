package io.aerohadoop.mapreduce;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.aerospike.client.exp.Exp;
import io.aerohadoop.AerospikeException;
import io.aerohadoop.ReadCluster;
import io.aerohadoop.ReadHarness;
import io.aerohadoop.ReadHarness.Row;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.KeyList;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.Values;
import io.aerohadoop.read.InputCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code aerospike.input.operation=keys} through both MapReduce APIs against a 3-node aerolite:
 * batch reads of the listed keys, split by master node, absent keys counted and left out.
 */
public class KeyListReadTest {
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

    private static Configuration keys(String set, Object... keys) {
        Configuration conf = cluster.conf(set);
        conf.set(InputKeys.OPERATION, "keys");
        conf.set(InputKeys.KEYS, KeyList.encode(Arrays.asList(keys)));
        return conf;
    }

    private static Set<Long> ns(ReadHarness h) {
        Set<Long> out = new TreeSet<>();
        for (Row row : h.rows) {
            assertTrue("read twice: " + row.key, out.add((Long) row.record().get("n")));
        }
        return out;
    }

    private static void checkPeople(ReadHarness h) {
        for (Row row : h.rows) {
            Map<String, Object> expected = cluster.people.get(row.digest());
            AerospikeRecord r = row.record();
            assertTrue(row.key + ": " + Values.toString(r.bins()), Values.deepEquals(expected, r.bins()));
            assertEquals("user-" + r.get("n"), row.key.userKey());
            assertEquals(ReadCluster.PEOPLE, row.key.set());
        }
    }

    @Test
    public void listedStringKeysAreReadByMasterNodeAndAbsentOnesAreCountedNotReturned() throws Exception {
        List<Object> listed = new ArrayList<>();
        for (int i = 0; i < 40; i += 2) {
            listed.add("user-" + i);
        }
        // Missing: an unknown name, a key of the wrong type, and a repeat that is read once.
        listed.addAll(Arrays.asList("user-999999", 4L, "user-0"));
        Configuration conf = keys(ReadCluster.PEOPLE, listed.toArray());
        for (boolean oldApi : new boolean[] {false, true}) {
            ReadHarness h = oldApi ? ReadHarness.readOldApi(conf) : ReadHarness.readNewApi(conf);
            Set<Long> want = new TreeSet<>();
            for (long i = 0; i < 40; i += 2) {
                want.add(i);
            }
            assertEquals(want, ns(h));
            checkPeople(h);
            assertEquals("records read = keys found", 20, h.counter(InputCounters.RECORDS));
            assertEquals(22, h.counter(InputCounters.KEYS));
            assertEquals(2, h.counter(InputCounters.KEYS_NOT_FOUND));
            assertEquals(0, h.counter(InputCounters.PARTITIONS));
            assertTrue(h.splits.size() + " splits", h.splits.size() >= 2 && h.splits.size() <= 3);
            int keys = 0;
            Set<String> hosts = new HashSet<>();
            for (AerospikeInputSplit s : h.splits) {
                assertTrue(s.toString(), s.isKeyList() && s.toString().contains(" keys, at "));
                keys += s.partitions();
                assertEquals(s.partitions(), s.getLength());
                hosts.addAll(Arrays.asList(s.getLocations()));
            }
            assertEquals(22, keys);
            assertEquals(new HashSet<>(Arrays.asList("127.0.0.1")), hosts);
        }
    }

    @Test
    public void integerKeysKeepTheirTypeAndBinsAndFilterApplyOnTheServer() throws Exception {
        // LINES holds integer keys 0..LINE_COUNT-1 and string keys "header-<i>".
        Configuration conf = keys(ReadCluster.LINES, 0L, 1, 2L, 3L, "3", "header-0", 1_000_000L);
        conf.set(InputKeys.BIN_NAMES, "no");
        conf.set(InputKeys.FILTER_EXP, Exp.build(Exp.ne(Exp.intBin("no"), Exp.val(2))).getBase64());
        ReadHarness h = ReadHarness.readNewApi(conf);
        List<Long> got = new ArrayList<>();
        for (Row row : h.rows) {
            AerospikeRecord r = row.record();
            assertEquals(new HashSet<>(Arrays.asList("no")), r.bins().keySet());
            got.add((Long) r.get("no"));
            Object key = row.key.userKey();
            assertTrue(String.valueOf(key), key instanceof Long || "header-0".equals(key));
        }
        got.sort(null);
        // 0, 1 and 3 by integer key, and header-0 (no = -0); 2 is filtered out on the server.
        assertEquals(Arrays.asList(0L, 0L, 1L, 3L), got);
        assertEquals(4, h.counter(InputCounters.RECORDS));
        assertEquals("\"3\" is not 3, and 1000000 is absent", 2, h.counter(InputCounters.KEYS_NOT_FOUND));
        assertEquals(1, h.counter(InputCounters.KEYS_FILTERED_OUT));
        assertEquals(7, h.counter(InputCounters.KEYS));
    }

    @Test
    public void blobKeysRoundTripThroughTheKeyList() throws Exception {
        byte[] blob = {0, (byte) 0xff, 7};
        Configuration conf = keys(ReadCluster.PEOPLE, "user-3", blob, -5L, "");
        List<Object> decoded = ReadConfig.from(conf).keys();
        assertEquals(Arrays.asList("user-3"), decoded.subList(0, 1));
        assertArrayEquals(blob, (byte[]) decoded.get(1));
        assertEquals(Arrays.asList(-5L, ""), decoded.subList(2, 4));
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(new TreeSet<>(Arrays.asList(3L)), ns(h));
        assertEquals(3, h.counter(InputCounters.KEYS_NOT_FOUND));
    }

    @Test
    public void aBadKeyListFailsBeforeAnyTaskNamingTheKeyAndTheElement() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.OPERATION, "keys");
        conf.set(InputKeys.KEYS, "kcM="); // [true]
        try {
            ReadHarness.readNewApi(conf);
            fail("a boolean key was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.KEYS, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains("key 0: MessagePack type 0xc3"));
        }
        try {
            KeyList.encode(Arrays.asList("a", 1.5));
            fail("a double key was encoded");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("key 1 (1.5)"));
        }
    }

    @Test
    public void aNamespaceTheClusterLacksFailsPlanningNamingIt() throws Exception {
        Configuration conf = keys(null, "x");
        conf.set(InputKeys.NAMESPACE, "nowhere");
        try {
            ReadHarness.readNewApi(conf);
            fail("planned over a missing namespace");
        } catch (InvalidConfigurationException | AerospikeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nowhere"));
        }
    }
}
