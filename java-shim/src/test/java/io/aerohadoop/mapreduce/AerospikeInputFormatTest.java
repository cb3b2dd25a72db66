package io.aerohadoop.mapreduce;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.aerospike.client.exp.Exp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aerohadoop.AerospikeException;
import io.aerohadoop.ReadCluster;
import io.aerohadoop.ReadHarness;
import io.aerohadoop.ReadHarness.Row;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.Values;
import io.aerohadoop.read.InputCounters;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The new-API input format end to end against a 3-node aerolite loaded by the official Java
 * client: getSplits, then every split read by its own record reader.
 */
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

    /** Every people record exactly once, each with the bins, user key and digest that were written. */
    private static void assertAllPeople(ReadHarness h) {
        assertEquals(ReadCluster.PEOPLE_COUNT, h.rows.size());
        Set<String> seen = new HashSet<>();
        for (Row row : h.rows) {
            String digest = row.digest();
            assertTrue("read twice: " + row.key, seen.add(digest));
            Map<String, Object> expected = cluster.people.get(digest);
            assertTrue("not loaded: " + row.key, expected != null);
            assertEquals(ReadCluster.NAMESPACE, row.key.namespace());
            assertEquals(ReadCluster.PEOPLE, row.key.set());
            assertEquals(cluster.peopleKeys.get(digest), row.key.userKey());
            AerospikeRecord r = row.record();
            assertTrue(row.key + ": expected " + Values.toString(expected) + " got " + Values.toString(r.bins()),
                    Values.deepEquals(expected, r.bins()));
            assertEquals(1, r.generation());
            assertEquals(AerospikeRecord.NEVER_EXPIRES, r.ttl());
        }
    }

    private static int partitionsOf(ReadHarness h) {
        int sum = 0;
        for (AerospikeInputSplit s : h.splits) {
            sum += s.partitions();
            assertEquals(s.partitions(), s.getLength());
        }
        return sum;
    }

    @Test
    public void partitionSplitsByDefaultAreTwoPerNodeAndReadEveryRecordOnce() throws Exception {
        int clientsBefore = NativeCluster.openClientCount();
        ReadHarness h = ReadHarness.readNewApi(cluster.conf(ReadCluster.PEOPLE));
        assertEquals(6, h.splits.size());
        assertEquals(4096, partitionsOf(h));
        for (AerospikeInputSplit s : h.splits) {
            assertTrue(s.toString(), s.getLocations().length > 0);
        }
        assertAllPeople(h);
        assertEquals(ReadCluster.PEOPLE_COUNT, h.counter(InputCounters.RECORDS));
        assertEquals(4096, h.counter(InputCounters.PARTITIONS));
        assertEquals(0, h.counter(InputCounters.RETRIES));
        assertTrue("bytes counted: " + h.counter(InputCounters.BYTES), h.counter(InputCounters.BYTES) > 0);
        assertEquals("every reader gave its cluster handle back", clientsBefore, NativeCluster.openClientCount());
    }

    @Test
    public void eachTaskReportsItsPeakNativeBufferWithinTheMemoryLimit() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.setInt(InputKeys.SPLITS, 5);
        conf.setInt(InputKeys.MEMORY_LIMIT_MB, 1);
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertAllPeople(h);
        long peaks = h.counter(InputCounters.PEAK_NATIVE_BYTES);
        // The job's figure sums the tasks' peaks: each task held some frame memory, none more
        // than its 1 MiB limit.
        assertTrue("peaks " + peaks, peaks >= 5L * 4096);
        assertTrue("peaks " + peaks, peaks <= 5L << 20);
    }

    @Test
    public void theConfiguredSplitCountIsTheSplitCount() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.setInt(InputKeys.SPLITS, 5);
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(5, h.splits.size());
        assertEquals(4096, partitionsOf(h));
        assertAllPeople(h);
    }

    @Test
    public void nodeSplitsAreOnePerNodeAndReadTheSameRecords() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.SPLIT_MODE, "node");
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(3, h.splits.size());
        assertEquals(4096, partitionsOf(h));
        assertAllPeople(h);
        assertEquals(4096, h.counter(InputCounters.PARTITIONS));
    }

    @Test
    public void aNumericRangeReadsExactlyTheRecordsInTheRangeCutIntoTheConfiguredSubRanges() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.OPERATION, "numrange");
        conf.set(InputKeys.NUMRANGE_BIN, "n");
        conf.setLong(InputKeys.NUMRANGE_BEGIN, 100);
        conf.setLong(InputKeys.NUMRANGE_END, 299);
        conf.setInt(InputKeys.SPLITS, 4);
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(4, h.splits.size());
        List<Long> ns = new ArrayList<>();
        for (Row row : h.rows) {
            ns.add((Long) row.record().get("n"));
        }
        Collections.sort(ns);
        List<Long> expected = new ArrayList<>();
        for (long i = 100; i <= 299; i++) {
            expected.add(i);
        }
        assertEquals(expected, ns);
        assertEquals(200, h.counter(InputCounters.RECORDS));
    }

    @Test
    public void aNumericRangeDefaultsToOneSplit() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.OPERATION, "numrange");
        conf.set(InputKeys.NUMRANGE_BIN, "n");
        conf.setLong(InputKeys.NUMRANGE_BEGIN, 990);
        conf.setLong(InputKeys.NUMRANGE_END, 5000);
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(1, h.splits.size());
        long sum = 0;
        for (Row row : h.rows) {
            sum += (Long) row.record().get("n");
        }
        assertEquals(10, h.rows.size());
        assertEquals(990 + 991 + 992 + 993 + 994 + 995 + 996 + 997 + 998 + 999, sum);
    }

    @Test
    public void binNamesProjectAndTheFilterExpressionSelectOnTheServer() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.BIN_NAMES, "n,name");
        conf.set(InputKeys.FILTER_EXP, Exp.build(Exp.lt(Exp.intBin("n"), Exp.val(25))).getBase64());
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(25, h.rows.size());
        for (Row row : h.rows) {
            AerospikeRecord r = row.record();
            assertEquals(new HashSet<>(Arrays.asList("n", "name")), r.bins().keySet());
            long n = (Long) r.get("n");
            assertTrue(n < 25);
            assertEquals(cluster.people.get(row.digest()).get("name"), r.get("name"));
        }
    }

    @Test
    public void theValueBinIsReadAsTextAndRecordsWithoutItAreLeftOut() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.LINES);
        conf.set(InputKeys.VALUE_BIN, "line");
        ReadHarness h = ReadHarness.readNewApi(conf);
        List<String> got = new ArrayList<>();
        for (Row row : h.rows) {
            got.add(row.value.toString());
        }
        List<String> expected = new ArrayList<>(cluster.lines);
        Collections.sort(got);
        Collections.sort(expected);
        assertEquals(expected, got);
        // The server is asked for the value bin only and omits records that have none of the
        // requested bins: the records without a line never travel.
        assertEquals(ReadCluster.LINE_COUNT, h.counter(InputCounters.RECORDS));
        assertEquals(0, h.counter(InputCounters.SKIPPED_NO_VALUE_BIN));
    }

    @Test
    public void aValueBinHoldingANumberFailsTheTaskNamingTheKey() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.MIXED);
        conf.set(InputKeys.VALUE_BIN, "line");
        try {
            ReadHarness.readNewApi(conf);
            fail("read an integer value bin as text");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.VALUE_BIN, e.getKey());
            assertEquals("line", e.getValue());
            assertTrue(e.getMessage(), e.getMessage().contains("has a value of type integer in this bin, not a string"));
        }
    }

    @Test
    public void theJsonFormatGivesOneObjectOfAllBinsPerRecord() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.VALUE_FORMAT, "json");
        ReadHarness h = ReadHarness.readNewApi(conf);
        assertEquals(ReadCluster.PEOPLE_COUNT, h.rows.size());
        ObjectMapper json = new ObjectMapper();
        for (Row row : h.rows) {
            Map<String, Object> expected = cluster.people.get(row.digest());
            JsonNode node = json.readTree(row.value.toString());
            assertEquals(expected.size(), node.size());
            assertEquals(((Long) expected.get("n")).longValue(), node.get("n").longValue());
            assertEquals(expected.get("name"), node.get("name").textValue());
            assertEquals((Double) expected.get("score"), node.get("score").doubleValue(), 0);
            assertEquals(expected.get("flag"), node.get("flag").booleanValue());
            assertEquals(expected.get("n"), node.get("tags").get(0).longValue());
            assertEquals(expected.get("n"), node.get("attrs").get("k").longValue());
            assertEquals(java.util.Base64.getEncoder().encodeToString((byte[]) expected.get("raw")),
                    node.get("raw").textValue());
        }
    }

    @Test
    public void everyParticleTypeReadsBackAsItsDocumentedJavaType() throws Exception {
        ReadHarness h = ReadHarness.readNewApi(cluster.conf(ReadCluster.TYPES));
        assertEquals(1, h.rows.size());
        Row row = h.rows.get(0);
        Map<String, Object> expected = cluster.types.get(row.digest());
        assertEquals("every-type", row.key.userKey());
        AerospikeRecord r = row.record();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertTrue(e.getKey() + ": expected " + Values.toString(e.getValue()) + ", got "
                    + Values.toString(r.get(e.getKey())), Values.deepEquals(e.getValue(), r.get(e.getKey())));
        }
        assertEquals(expected.size(), r.bins().size());
    }

    @Test
    public void generationAndTtlAreThoseTheServerKeeps() throws Exception {
        long before = System.currentTimeMillis();
        ReadHarness h = ReadHarness.readNewApi(cluster.conf(ReadCluster.AGING));
        assertEquals(1, h.rows.size());
        AerospikeRecord r = h.rows.get(0).record();
        assertEquals(2L, r.get("v"));
        assertEquals("written twice", 2, r.generation());
        long elapsed = (System.currentTimeMillis() - before) / 1000 + 2;
        assertTrue("ttl " + r.ttl(), r.ttl() <= ReadCluster.TTL_SECONDS && r.ttl() >= ReadCluster.TTL_SECONDS - elapsed - 60);
    }

    @Test
    public void aReaderClosedMidSplitReleasesItsHandlesAndReportsWhatItRead() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.setInt(InputKeys.SPLITS, 1);
        int clientsBefore = NativeCluster.openClientCount();
        AerospikeInputFormat format = new AerospikeInputFormat();
        List<org.apache.hadoop.mapreduce.InputSplit> splits =
                format.getSplits(new JobContextImpl(conf, new JobID("early", 1)));
        assertEquals(1, splits.size());
        org.apache.hadoop.mapreduce.Counters counters = new org.apache.hadoop.mapreduce.Counters();
        org.apache.hadoop.mapreduce.TaskAttemptContext ctx = new org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl(
                conf, new org.apache.hadoop.mapreduce.TaskAttemptID("early", 1,
                        org.apache.hadoop.mapreduce.TaskType.MAP, 0, 0), new StatusCounters(counters));
        org.apache.hadoop.mapreduce.RecordReader<io.aerohadoop.io.AerospikeKey, org.apache.hadoop.io.Writable> reader =
                format.createRecordReader(splits.get(0), ctx);
        reader.initialize(splits.get(0), ctx);
        for (int i = 0; i < 3; i++) {
            assertTrue(reader.nextKeyValue());
        }
        assertEquals("the reader holds one handle on the shared client", clientsBefore + 1,
                NativeCluster.openClientCount());
        reader.close();
        reader.close();
        assertEquals(clientsBefore, NativeCluster.openClientCount());
        assertFalse("a closed reader reads nothing", reader.nextKeyValue());
        long records = counters.findCounter(InputCounters.GROUP, InputCounters.RECORDS).getValue();
        assertTrue("at least the records handed out were counted: " + records, records >= 3);
    }

    /** Task counters as a real task keeps them. */
    private static final class StatusCounters extends org.apache.hadoop.mapreduce.StatusReporter {
        private final org.apache.hadoop.mapreduce.Counters counters;

        StatusCounters(org.apache.hadoop.mapreduce.Counters counters) {
            this.counters = counters;
        }

        @Override
        public org.apache.hadoop.mapreduce.Counter getCounter(Enum<?> name) {
            return counters.findCounter(name);
        }

        @Override
        public org.apache.hadoop.mapreduce.Counter getCounter(String group, String name) {
            return counters.findCounter(group, name);
        }

        @Override
        public void progress() {}

        @Override
        public void setStatus(String status) {}

        @Override
        public float getProgress() {
            return 0;
        }
    }

    @Test
    public void aSecuredClusterIsReadWithTheConfiguredUserAndAWrongPasswordIsRefusedNamingTheUser()
            throws Exception {
        try (io.aerohadoop.testing.Aerolite secured =
                io.aerohadoop.testing.Aerolite.builder().credentials("alice", "right").start()) {
            Configuration conf = new Configuration(false);
            conf.set(InputKeys.HOSTS, secured.seeds());
            conf.set(InputKeys.NAMESPACE, ReadCluster.NAMESPACE);
            conf.set(InputKeys.USER, "alice");
            conf.set(InputKeys.PASSWORD, "right");
            ReadHarness h = ReadHarness.readNewApi(conf);
            assertEquals(2, h.splits.size());
            assertEquals("an empty namespace has nothing to read", 0, h.rows.size());
            conf.set(InputKeys.PASSWORD, "wrong");
            InvalidConfigurationException e = refused(conf, InputKeys.USER, "'alice'", "refused the login");
            assertFalse("the password leaked: " + e.getMessage(), e.getMessage().contains("wrong"));
        }
    }

    @Test
    public void theWholeNamespaceIsReadWhenNoSetIsNamed() throws Exception {
        ReadHarness h = ReadHarness.readNewApi(cluster.conf(null));
        Map<String, Integer> perSet = new HashMap<>();
        for (Row row : h.rows) {
            perSet.merge(row.key.set(), 1, Integer::sum);
        }
        assertEquals(Integer.valueOf(ReadCluster.PEOPLE_COUNT), perSet.get(ReadCluster.PEOPLE));
        assertEquals(Integer.valueOf(ReadCluster.LINE_COUNT + ReadCluster.LINELESS_COUNT), perSet.get(ReadCluster.LINES));
        assertEquals(Integer.valueOf(1), perSet.get(ReadCluster.TYPES));
        assertEquals(Integer.valueOf(2), perSet.get(ReadCluster.MIXED));
        assertEquals(Integer.valueOf(1), perSet.get(ReadCluster.AGING));
        assertEquals(ReadCluster.PEOPLE_COUNT + ReadCluster.LINE_COUNT + ReadCluster.LINELESS_COUNT + 4, h.rows.size());
    }

    // ---- getSplits refuses what the cluster refutes, naming the key ----

    private static InvalidConfigurationException refused(Configuration conf, String key, String... fragments)
            throws Exception {
        int clientsBefore = NativeCluster.openClientCount();
        try {
            new AerospikeInputFormat().getSplits(new JobContextImpl(conf, new JobID("refused", 1)));
            fail("planned splits for a configuration that should fail on " + key);
        } catch (InvalidConfigurationException e) {
            assertEquals(e.getMessage(), key, e.getKey());
            for (String f : fragments) {
                assertTrue("'" + f + "' not in: " + e.getMessage(), e.getMessage().contains(f));
            }
            assertEquals("a failed getSplits closes its cluster handle", clientsBefore, NativeCluster.openClientCount());
            return e;
        }
        throw new AssertionError();
    }

    @Test
    public void aSetNoNodeHasIsRefusedNamingTheSetKey() throws Exception {
        refused(cluster.conf("no_such_set"), InputKeys.SET_NAME, "'no_such_set'", "no node of the cluster has this set",
                ReadCluster.PEOPLE);
    }

    @Test
    public void aNamespaceTheClusterLacksIsRefusedNamingTheNamespaceKey() throws Exception {
        Configuration conf = cluster.conf(null);
        conf.set(InputKeys.NAMESPACE, "nope");
        refused(conf, InputKeys.NAMESPACE, "'nope'", "no such namespace", ReadCluster.NAMESPACE);
    }

    @Test
    public void anUnreachableHostIsRefusedNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.setInt(InputKeys.PORT, port);
        conf.setInt(InputKeys.TIMEOUT_MS, 1_000);
        InvalidConfigurationException e = refused(conf, InputKeys.HOST, "aerospike.input.port=" + port,
                "cannot connect");
        assertTrue(e.getCause() instanceof AerospikeException);
    }

    @Test
    public void aNumrangeBinWithoutIndexIsRefusedNamingTheBinKey() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.OPERATION, "numrange");
        conf.set(InputKeys.NUMRANGE_BIN, "score");
        conf.setLong(InputKeys.NUMRANGE_BEGIN, 0);
        conf.setLong(InputKeys.NUMRANGE_END, 10);
        refused(conf, InputKeys.NUMRANGE_BIN, "'score'", "no numeric secondary index on this bin");
    }

    @Test
    public void aValueBinNoRecordHasIsRefusedNamingTheValueBinKey() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.LINES);
        conf.set(InputKeys.VALUE_BIN, "no_such_bin");
        refused(conf, InputKeys.VALUE_BIN, "'no_such_bin'", "has a string in this bin");
        Configuration numbers = cluster.conf(ReadCluster.LINES);
        numbers.set(InputKeys.VALUE_BIN, "no");
        refused(numbers, InputKeys.VALUE_BIN, "'no'", "no record of set 'lines'");
    }

    @Test
    public void aKeyErrorIsFoundBeforeConnecting() throws Exception {
        Configuration conf = cluster.conf(ReadCluster.PEOPLE);
        conf.set(InputKeys.SPLIT_MODE, "diagonal");
        InvalidConfigurationException e = refused(conf, InputKeys.SPLIT_MODE, "'diagonal'");
        assertNull(e.getCause());
    }
}
