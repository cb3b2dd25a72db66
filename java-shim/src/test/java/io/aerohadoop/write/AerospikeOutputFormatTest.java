package io.aerohadoop.write;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Host;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.AerospikeException;
import io.aerohadoop.StderrCapture;
import io.aerohadoop.WriteHarness;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.ArrayWritable;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Both APIs' output formats end to end against a 3-node aerolite: records written through the
 * record writers, read back with the official Java client. Each test writes its own set.
 */
public class AerospikeOutputFormatTest {
    private static final String NS = "test";
    /** A second namespace, target of the read-and-write-back copy. */
    private static final String COPY = "copy";
    private static Aerolite aerolite;
    private static AerospikeClient client;

    @BeforeClass
    public static void start() throws IOException {
        aerolite = Aerolite.builder().nodes(3).replicationFactor(1).namespace(NS).namespace(COPY).start();
        ClientPolicy policy = new ClientPolicy();
        policy.timeout = 5_000;
        List<Host> hosts = new ArrayList<>();
        for (int port : aerolite.ports()) {
            hosts.add(new Host("127.0.0.1", port));
        }
        client = new AerospikeClient(policy, hosts.toArray(new Host[0]));
    }

    @AfterClass
    public static void stop() {
        if (client != null) {
            client.close();
        }
        if (aerolite != null) {
            aerolite.close();
        }
    }

    /** The predecessor's keys: host, port, namespace, set. */
    private static Configuration conf(String set, String... keyValues) {
        Configuration c = new Configuration(false);
        c.set(OutputKeys.HOST, "127.0.0.1");
        c.setInt(OutputKeys.PORT, aerolite.port(1));
        c.set(OutputKeys.NAMESPACE, NS);
        c.set(OutputKeys.SET_NAME, set);
        c.setInt(OutputKeys.TIMEOUT_MS, 5_000);
        for (int i = 0; i < keyValues.length; i += 2) {
            c.set(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    private static MapWritable person(int i) {
        MapWritable m = new MapWritable();
        m.put(new Text("n"), new LongWritable(i));
        m.put(new Text("name"), new Text(i % 7 == 0 ? "名前-" + i : "name-" + i));
        m.put(new Text("score"), new DoubleWritable(i * 0.5));
        m.put(new Text("flag"), new BooleanWritable(i % 2 == 0));
        m.put(new Text("raw"), new BytesWritable(new byte[] {(byte) i, 1}));
        m.put(new Text("tags"), new ArrayWritable(Writable.class, new Writable[] {new IntWritable(i), new Text("t" + i)}));
        MapWritable attrs = new MapWritable();
        attrs.put(new Text("k"), new LongWritable(i));
        m.put(new Text("attrs"), attrs);
        return m;
    }

    private static void assertPerson(int i, Record r) {
        assertNotNull("record " + i + " missing", r);
        assertEquals(i, r.getLong("n"));
        assertEquals(i % 7 == 0 ? "名前-" + i : "name-" + i, r.getString("name"));
        assertEquals(i * 0.5, r.getDouble("score"), 0);
        assertEquals(i % 2 == 0, r.getBoolean("flag"));
        assertArrayEquals(new byte[] {(byte) i, 1}, (byte[]) r.getValue("raw"));
        assertEquals(Arrays.asList((long) i, "t" + i), r.getList("tags"));
        Map<?, ?> attrs = r.getMap("attrs");
        assertEquals(1, attrs.size());
        assertEquals((long) i, attrs.get("k"));
        assertEquals(7, r.bins.size());
    }

    @Test
    public void newApiWritesMapWritableValuesUnderTextKeysInBatches() throws Exception {
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            pairs.add(new Object[] {new Text("user-" + i), person(i)});
        }
        int openBefore = NativeCluster.openClientCount();
        WriteHarness h = WriteHarness.writeNewApi(conf("people_new", OutputKeys.BATCH_SIZE, "100",
                OutputKeys.INFLIGHT, "2"), MapWritable.class, pairs, 3);
        assertEquals(2_000, h.counter(OutputCounters.WRITTEN));
        assertEquals(0, h.counter(OutputCounters.FAILED));
        // Each of 3 tasks writes 666 or 667 records in batches of at most 100.
        assertTrue("batches: " + h.counter(OutputCounters.BATCHES), h.counter(OutputCounters.BATCHES) >= 21);
        assertEquals("the writers released their cluster handles", openBefore, NativeCluster.openClientCount());

        for (int i = 0; i < 2_000; i++) {
            assertPerson(i, client.get(null, new Key(NS, "people_new", "user-" + i)));
        }
    }

    @Test
    public void oldApiWritesScalarValuesToBinnameAndTheKeyToKeyname() throws Exception {
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pairs.add(new Object[] {new Text("word" + i), new IntWritable(i * 3)});
        }
        WriteHarness h = WriteHarness.writeOldApi(conf("counts_old", OutputKeys.BIN_NAME, "count",
                OutputKeys.KEY_NAME, "word", OutputKeys.BATCH_SIZE, "64"), IntWritable.class, pairs, 2);
        assertEquals(500, h.counter(OutputCounters.WRITTEN));
        assertTrue(h.counter(OutputCounters.BATCHES) >= 8);
        long sum = 0;
        for (int i = 0; i < 500; i++) {
            Record r = client.get(null, new Key(NS, "counts_old", "word" + i));
            assertNotNull(r);
            assertEquals(2, r.bins.size());
            assertEquals("word" + i, r.getString("word"));
            sum += r.getLong("count");
        }
        assertEquals(3L * 499 * 500 / 2, sum);
    }

    @Test
    public void integerAndBlobKeysAndAerospikeKeysByDigestAndSet() throws Exception {
        Key byDigest = new Key(NS, "digest_dst", "written-by-digest");
        AerospikeRecord rec = new AerospikeRecord().put("v", "by digest").put("list", Arrays.asList(1L, "a"));
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {new IntWritable(-12), new Text("int key")});
        pairs.add(new Object[] {new LongWritable(1L << 40), new Text("long key")});
        pairs.add(new Object[] {new BytesWritable(new byte[] {1, 2, 3}), new Text("blob key")});
        pairs.add(new Object[] {new AerospikeKey(NS, "digest_dst", byDigest.digest, null), rec});
        pairs.add(new Object[] {new AerospikeKey(NS, "keyed_dst", new Key(NS, "keyed_dst", "uk").digest, "uk"),
            new Text("key override set")});
        WriteHarness h = WriteHarness.writeNewApi(conf("keys", OutputKeys.BIN_NAME, "v"), Writable.class, pairs, 1);
        assertEquals(5, h.counter(OutputCounters.WRITTEN));
        assertEquals("int key", client.get(null, new Key(NS, "keys", -12L)).getString("v"));
        assertEquals("long key", client.get(null, new Key(NS, "keys", 1L << 40)).getString("v"));
        assertEquals("blob key", client.get(null, new Key(NS, "keys", new byte[] {1, 2, 3})).getString("v"));
        Record r = client.get(null, byDigest);
        assertEquals("by digest", r.getString("v"));
        assertEquals(Arrays.asList(1L, "a"), r.getList("list"));
        assertEquals("key override set", client.get(null, new Key(NS, "keyed_dst", "uk")).getString("v"));
    }

    @Test
    public void aNullWritableBinDeletesTheBinAndTtlIsApplied() throws Exception {
        client.put(null, new Key(NS, "deletes", "r1"), new Bin("keep", 1L), new Bin("drop", "x"));
        MapWritable v = new MapWritable();
        v.put(new Text("drop"), NullWritable.get());
        v.put(new Text("added"), new Text("y"));
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {new Text("r1"), v});
        WriteHarness.writeOldApi(conf("deletes", OutputKeys.TTL, "1000"), MapWritable.class, pairs, 1);
        Record r = client.get(null, new Key(NS, "deletes", "r1"));
        assertEquals(1L, r.getLong("keep"));
        assertEquals("y", r.getString("added"));
        assertFalse(r.bins.containsKey("drop"));
        assertTrue("ttl " + r.getTimeToLive(), r.getTimeToLive() > 900 && r.getTimeToLive() <= 1000);
        assertEquals(2, r.generation);
    }

    @Test
    public void createOnlyFailsTheTaskOnAnExistingRecordNamingItsKey() throws Exception {
        client.put(null, new Key(NS, "create_fail", "k5"), new Bin("v", "old"));
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(new Object[] {new Text("k" + i), new Text("new")});
        }
        try {
            WriteHarness.writeNewApi(conf("create_fail", OutputKeys.BIN_NAME, "v", OutputKeys.WRITE_MODE,
                    "create_only"), Text.class, pairs, 1);
            fail("create_only overwrote an existing record");
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 5, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("k5"));
        }
        assertEquals("old", client.get(null, new Key(NS, "create_fail", "k5")).getString("v"));
    }

    @Test
    public void errorsMaxSkipsAndCountsFailedRecords() throws Exception {
        for (int i = 0; i < 10; i += 2) {
            client.put(null, new Key(NS, "create_skip", "k" + i), new Bin("v", "old"));
        }
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(new Object[] {new Text("k" + i), new Text("new")});
        }
        StderrCapture.Captured<WriteHarness> run = StderrCapture.run(() -> WriteHarness.writeOldApi(
                conf("create_skip", OutputKeys.BIN_NAME, "v", OutputKeys.WRITE_MODE, "create_only",
                        OutputKeys.ERRORS_MAX, "5"), Text.class, pairs, 1));
        WriteHarness h = run.result;
        assertEquals(5, h.counter(OutputCounters.WRITTEN));
        assertEquals(5, h.counter(OutputCounters.FAILED));
        // Each skipped record is logged once with its key and result code; written ones are not.
        for (int i = 0; i < 10; i++) {
            String line = "Aerospike write failed: key=test/create_skip/k" + i + " code=5 ";
            int logged = run.text.split(java.util.regex.Pattern.quote(line), -1).length - 1;
            assertEquals(run.text, i % 2 == 0 ? 1 : 0, logged);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 2 == 0 ? "old" : "new", client.get(null, new Key(NS, "create_skip", "k" + i)).getString("v"));
        }

        // One more failure than allowed fails the task.
        try {
            WriteHarness.writeOldApi(conf("create_skip", OutputKeys.BIN_NAME, "v", OutputKeys.WRITE_MODE,
                    "create_only", OutputKeys.ERRORS_MAX, "9"), Text.class, pairs, 1);
            fail("10 failures passed a limit of 9");
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 5, e.getResultCode());
        }
    }

    @Test
    public void checkOutputSpecsRefusesBeforeAnyTaskNamingTheKey() throws Exception {
        List<Object[]> none = new ArrayList<>();
        refused(conf("x", OutputKeys.NAMESPACE, "nosuchns"), MapWritable.class, OutputKeys.NAMESPACE,
                "no such namespace", none);
        refused(conf("x"), Text.class, OutputKeys.BIN_NAME, "org.apache.hadoop.io.Text", none);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        refused(conf("x", OutputKeys.PORT, Integer.toString(closedPort)), MapWritable.class, OutputKeys.HOST,
                "cannot connect", none);
        Configuration unset = conf("x");
        unset.unset(OutputKeys.NAMESPACE);
        refused(unset, MapWritable.class, OutputKeys.NAMESPACE, "is not set", none);
    }

    private static void refused(Configuration c, Class<?> valueClass, String key, String why, List<Object[]> pairs)
            throws Exception {
        for (int api = 0; api < 2; api++) {
            try {
                if (api == 0) {
                    WriteHarness.writeNewApi(c, valueClass, pairs, 1);
                } else {
                    WriteHarness.writeOldApi(c, valueClass, pairs, 1);
                }
                fail("accepted " + key + "=" + c.get(key));
            } catch (InvalidConfigurationException e) {
                assertEquals(e.getMessage(), key, e.getKey());
                assertTrue("'" + why + "' not in: " + e.getMessage(), e.getMessage().contains(why));
            }
        }
    }

    @Test
    public void sendKeyFalseDoesNotStoreTheUserKey() throws Exception {
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {new Text("stored"), new Text("a")});
        WriteHarness.writeNewApi(conf("sendkey", OutputKeys.BIN_NAME, "v"), Text.class, pairs, 1);
        pairs.clear();
        pairs.add(new Object[] {new Text("not-stored"), new Text("b")});
        WriteHarness.writeNewApi(conf("sendkey", OutputKeys.BIN_NAME, "v", OutputKeys.SEND_KEY, "false"), Text.class,
                pairs, 1);
        // scanAll calls back from one thread per node at once.
        Map<String, Object> keys = Collections.synchronizedMap(new LinkedHashMap<>());
        client.scanAll(null, NS, "sendkey", (key, record) -> keys.put(record.getString("v"),
                key.userKey == null ? null : key.userKey.getObject()));
        assertEquals(2, keys.size());
        assertEquals("stored", keys.get("a"));
        assertNull(keys.get("b"));
    }

    @Test
    public void everyValueTypeIsWrittenAsItsParticleType() throws Exception {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("s", 1L);
        map.put(2L, Arrays.asList("x", null));
        AerospikeRecord rec = new AerospikeRecord()
                .put("int", -7L)
                .put("small", 5)
                .put("float", 2.5)
                .put("single", 0.5f)
                .put("str", "héllo ✓")
                .put("blob", new byte[] {0, (byte) 0xff})
                .put("bool", true)
                .put("list", Arrays.asList(1L, "two", 3.0, Arrays.asList(4L)))
                .put("map", map)
                .put("geo", new io.aerohadoop.io.GeoJson(GEO))
                .put("hll", new io.aerohadoop.io.HyperLogLog(HLL));
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {new Text("all"), rec});
        WriteHarness.writeNewApi(conf("types_out"), AerospikeRecord.class, pairs, 1);
        Record r = client.get(null, new Key(NS, "types_out", "all"));
        assertEquals(-7L, r.getValue("int"));
        assertEquals(5L, r.getValue("small"));
        assertEquals(2.5, (Double) r.getValue("float"), 0);
        assertEquals(0.5, (Double) r.getValue("single"), 0);
        assertEquals("héllo ✓", r.getValue("str"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) r.getValue("blob"));
        assertEquals(true, r.getValue("bool"));
        assertEquals(Arrays.asList(1L, "two", 3.0, Arrays.asList(4L)), r.getList("list"));
        Map<?, ?> m = r.getMap("map");
        assertEquals(2, m.size());
        assertEquals(1L, m.get("s"));
        assertEquals(Arrays.asList("x", null), m.get(2L));
        assertEquals(GEO, r.getGeoJSONString("geo"));
        assertArrayEquals(HLL, ((com.aerospike.client.Value.HLLValue) r.getValue("hll")).getBytes());
        assertEquals(11, r.bins.size());
    }

    private static final byte[] HLL = {0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final String GEO = "{\"type\":\"Point\",\"coordinates\":[-122.5,37.25]}";

    @Test
    public void recordsReadThroughTheInputFormatAndWrittenBackKeepKeySetBinsAndTypes() throws Exception {
        for (int i = 0; i < 300; i++) {
            com.aerospike.client.policy.WritePolicy wp = new com.aerospike.client.policy.WritePolicy();
            wp.sendKey = i % 2 == 0;
            Map<Object, Object> m = new LinkedHashMap<>();
            m.put("i", (long) i);
            client.put(wp, new Key(NS, "copy_src", "r" + i), new Bin("n", (long) i), new Bin("s", "v" + i),
                    new Bin("l", Arrays.asList((long) i, "x")), new Bin("m", m), new Bin("b", new byte[] {(byte) i}));
        }
        Configuration in = new Configuration(false);
        in.set(io.aerohadoop.config.InputKeys.HOST, "127.0.0.1");
        in.setInt(io.aerohadoop.config.InputKeys.PORT, aerolite.port(0));
        in.set(io.aerohadoop.config.InputKeys.NAMESPACE, NS);
        in.set(io.aerohadoop.config.InputKeys.SET_NAME, "copy_src");
        io.aerohadoop.ReadHarness read = io.aerohadoop.ReadHarness.readNewApi(in);
        assertEquals(300, read.rows.size());
        List<Object[]> pairs = new ArrayList<>();
        for (io.aerohadoop.ReadHarness.Row row : read.rows) {
            pairs.add(new Object[] {row.key, row.value});
        }
        // No setname: each record goes to the set its key names.
        Configuration out = conf("unused");
        out.unset(OutputKeys.SET_NAME);
        out.set(OutputKeys.NAMESPACE, COPY);
        WriteHarness h = WriteHarness.writeOldApi(out, AerospikeRecord.class, pairs, 2);
        assertEquals(300, h.counter(OutputCounters.WRITTEN));

        // scanAll calls back from one thread per node at once.
        Map<String, Object> copiedKeys = Collections.synchronizedMap(new LinkedHashMap<>());
        client.scanAll(null, COPY, "copy_src", (key, record) -> copiedKeys.put(record.getString("s"),
                key.userKey == null ? null : key.userKey.getObject()));
        assertEquals(300, copiedKeys.size());
        for (int i = 0; i < 300; i++) {
            Record src = client.get(null, new Key(NS, "copy_src", "r" + i));
            Record dst = client.get(null, new Key(COPY, "copy_src", "r" + i));
            assertNotNull("record " + i + " not copied", dst);
            assertEquals(src.bins.keySet(), dst.bins.keySet());
            assertEquals(i, dst.getLong("n"));
            assertEquals(src.getList("l"), dst.getList("l"));
            assertEquals(src.getMap("m"), dst.getMap("m"));
            assertArrayEquals((byte[]) src.getValue("b"), (byte[]) dst.getValue("b"));
            // A user key stored at the source is stored in the copy; a record without one went by digest.
            assertEquals(i % 2 == 0 ? "r" + i : null, copiedKeys.get("v" + i));
        }
    }

    @Test
    public void writeModesAndTheGenerationPolicyDecideWhatIsWritten() throws Exception {
        Key existing = new Key(NS, "modes", "existing");
        client.put(null, existing, new Bin("a", 1L), new Bin("b", 2L));
        MapWritable onlyB = new MapWritable();
        onlyB.put(new Text("b"), new LongWritable(20));

        // update merges into the record; replace drops the bins it does not name.
        WriteHarness.writeNewApi(conf("modes"), MapWritable.class, pairsOf(new Text("existing"), onlyB), 1);
        Record r = client.get(null, existing);
        assertEquals(1L, r.getLong("a"));
        assertEquals(20L, r.getLong("b"));
        WriteHarness.writeNewApi(conf("modes", OutputKeys.WRITE_MODE, "replace"), MapWritable.class,
                pairsOf(new Text("existing"), onlyB), 1);
        r = client.get(null, existing);
        assertEquals(1, r.bins.size());
        assertEquals(20L, r.getLong("b"));

        // update_only and replace_only refuse a record that does not exist (code 2).
        for (String mode : new String[] {"update_only", "replace_only"}) {
            try {
                WriteHarness.writeOldApi(conf("modes", OutputKeys.WRITE_MODE, mode), MapWritable.class,
                        pairsOf(new Text("absent"), onlyB), 1);
                fail(mode + " created a record");
            } catch (AerospikeException e) {
                assertEquals(mode + ": " + e.getMessage(), 2, e.getResultCode());
            }
        }
        assertNull(client.get(null, new Key(NS, "modes", "absent")));

        // expect_equal writes only when the carried generation is the record's.
        int generation = client.get(null, existing).generation;
        AerospikeRecord stale = new AerospikeRecord().put("b", 99L);
        stale.setGeneration(generation - 1);
        try {
            WriteHarness.writeNewApi(conf("modes", OutputKeys.GENERATION_POLICY, "expect_equal"),
                    AerospikeRecord.class, pairsOf(new Text("existing"), stale), 1);
            fail("a stale generation was written");
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 3, e.getResultCode());
        }
        AerospikeRecord current = new AerospikeRecord().put("b", 100L);
        current.setGeneration(generation);
        WriteHarness.writeNewApi(conf("modes", OutputKeys.GENERATION_POLICY, "expect_equal"), AerospikeRecord.class,
                pairsOf(new Text("existing"), current), 1);
        r = client.get(null, existing);
        assertEquals(100L, r.getLong("b"));
        assertEquals(generation + 1, r.generation);
    }

    @Test
    public void removingEveryBinDeletesTheRecordAlsoDurably() throws Exception {
        for (String durable : new String[] {"false", "true"}) {
            Key key = new Key(NS, "deleted", "gone-" + durable);
            client.put(null, key, new Bin("only", 1L));
            MapWritable v = new MapWritable();
            v.put(new Text("only"), NullWritable.get());
            WriteHarness.writeNewApi(conf("deleted", OutputKeys.DURABLE_DELETE, durable), MapWritable.class,
                    pairsOf(new Text("gone-" + durable), v), 1);
            assertNull("durable.delete=" + durable, client.get(null, key));
        }
    }

    @Test
    public void aSecuredClusterTakesTheConfiguredUserAndRefusesAWrongPassword() throws Exception {
        try (Aerolite secured = Aerolite.builder().credentials("alice", "right").start()) {
            Configuration c = conf("secure", OutputKeys.HOSTS, secured.seeds(), OutputKeys.USER, "alice",
                    OutputKeys.PASSWORD, "right", OutputKeys.BIN_NAME, "v");
            WriteHarness h = WriteHarness.writeNewApi(c, Text.class, pairsOf(new Text("k"), new Text("secret")), 1);
            assertEquals(1, h.counter(OutputCounters.WRITTEN));
            c.set(OutputKeys.PASSWORD, "wrong");
            try {
                WriteHarness.writeNewApi(c, Text.class, pairsOf(new Text("k"), new Text("x")), 1);
                fail("a wrong password was accepted");
            } catch (InvalidConfigurationException e) {
                assertEquals(OutputKeys.USER, e.getKey());
                assertFalse(e.getMessage(), e.getMessage().contains("wrong"));
            }
        }
    }

    private static List<Object[]> pairsOf(Object key, Object value) {
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {key, value});
        return pairs;
    }

    @Test
    public void aNodeStoppedMidWriteOnRf2LosesNoRecordAndCountsTheRetries() throws Exception {
        try (Aerolite rf2 = Aerolite.builder().nodes(3).replicationFactor(2).start()) {
            Configuration c = conf("rf2", OutputKeys.HOSTS, rf2.seeds(), OutputKeys.BIN_NAME, "n",
                    OutputKeys.BATCH_SIZE, "100", OutputKeys.RETRIES, "3");
            org.apache.hadoop.mapreduce.Counters counters = new org.apache.hadoop.mapreduce.Counters();
            org.apache.hadoop.mapreduce.TaskAttemptContext ctx = new org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl(
                    c, new org.apache.hadoop.mapreduce.TaskAttemptID("rf2", 1, org.apache.hadoop.mapreduce.TaskType.REDUCE,
                            0, 0), io.aerohadoop.WriteHarness.counting(counters));
            io.aerohadoop.mapreduce.AerospikeOutputFormat<Text, LongWritable> format =
                    new io.aerohadoop.mapreduce.AerospikeOutputFormat<>();
            org.apache.hadoop.mapreduce.RecordWriter<Text, LongWritable> writer = format.getRecordWriter(ctx);
            int count = 10_000;
            for (int i = 0; i < count; i++) {
                if (i == count / 2) {
                    rf2.stopNode(1);
                }
                writer.write(new Text("r" + i), new LongWritable(i));
            }
            writer.close(ctx);
            long written = counters.findCounter(OutputCounters.GROUP, OutputCounters.WRITTEN).getValue();
            long failed = counters.findCounter(OutputCounters.GROUP, OutputCounters.FAILED).getValue();
            long retried = counters.findCounter(OutputCounters.GROUP, OutputCounters.RETRIED).getValue();
            assertEquals(count, written);
            assertEquals(0, failed);
            assertTrue("the stopped node's writes were sent again: " + retried, retried > 0);

            ClientPolicy policy = new ClientPolicy();
            policy.timeout = 5_000;
            try (AerospikeClient survivors = new AerospikeClient(policy, new Host("127.0.0.1", rf2.port(0)))) {
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    Record r = survivors.get(null, new Key(NS, "rf2", "r" + i));
                    assertNotNull("record " + i + " lost", r);
                    sum += r.getLong("n");
                }
                assertEquals((long) count * (count - 1) / 2, sum);
            }
        }
    }

    @Test
    public void aFailureDuringWriteStopsTheTaskAndCloseReleasesTheCluster() throws Exception {
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            client.put(null, new Key(NS, "fail_mid", "k" + i), new Bin("v", "old"));
            pairs.add(new Object[] {new Text("k" + i), new Text("new")});
        }
        int openBefore = NativeCluster.openClientCount();
        try {
            // Frames of 10 records, one batch in flight: the first refusal surfaces while records are
            // still being written; close() must then release without sending the rest.
            WriteHarness.writeNewApi(conf("fail_mid", OutputKeys.BIN_NAME, "v", OutputKeys.WRITE_MODE, "create_only",
                    OutputKeys.BATCH_SIZE, "10", OutputKeys.INFLIGHT, "1"), Text.class, pairs, 1);
            fail("create_only overwrote existing records");
        } catch (AerospikeException e) {
            assertEquals(e.getMessage(), 5, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("fail_mid/k"));
        }
        assertEquals("close released the cluster handle", openBefore, NativeCluster.openClientCount());
        long changed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (!"old".equals(client.get(null, new Key(NS, "fail_mid", "k" + i)).getString("v"))) {
                changed++;
            }
        }
        assertEquals(0, changed);
    }
}
