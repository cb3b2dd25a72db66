package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The three ways to cut a read into splits — {@code partitions}, {@code node} and {@code numrange} —
 * read the same records, in as many splits as configured, and a numrange job sums what the data
 * holds in its range.
 */
public class SplitModesJobTest {
    private static final String SET = "numbers";
    private static final int RECORDS = 3000;
    private static final int NODES = 3;
    private static final String INPUT_COUNTERS = "Aerospike Input";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    /** Hex digest -> bin n of every loaded record. */
    private static Map<String, Long> loaded;
    private static long minNumber;
    private static long maxNumber;

    @BeforeClass
    public static void loadNumbersWithIndex() throws Exception {
        cluster = ClusterFixture.start(NODES, 2);
        DataLoader loader = new DataLoader(cluster.client, ClusterFixture.NAMESPACE);
        loaded = loader.putNumbers(SET, RECORDS);
        loader.createNumericIndex(SET, DataLoader.NUMBER_BIN);
        minNumber = loaded.values().stream().mapToLong(Long::longValue).min().getAsLong();
        maxNumber = loaded.values().stream().mapToLong(Long::longValue).max().getAsLong();
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Configuration conf(Consumer<Configuration> settings) throws Exception {
        Configuration conf = LocalJobs.conf(TMP.newFolder().toPath());
        cluster.setInput(conf, SET);
        settings.accept(conf);
        return conf;
    }

    /** Runs a map-only identity job; returns it, finished, and its output in {@code out}. */
    private Job runIdentityJob(Configuration conf, Path out) throws Exception {
        Job job = Job.getInstance(conf, "identity");
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(DigestNumberMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(Text.class);
        FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
        assertTrue("job succeeded", job.waitForCompletion(false));
        return job;
    }

    /** The splits the input format plans for {@code conf}, as job submission asks for them. */
    private static List<InputSplit> plannedSplits(Configuration conf) throws Exception {
        List<InputSplit> splits = new AerospikeInputFormat().getSplits(Job.getInstance(conf));
        for (InputSplit split : splits) {
            assertTrue("split without a location: " + split, split.getLocations().length > 0);
        }
        return splits;
    }

    /** Partitions each split covers (its length), sorted. */
    private static List<Long> partitionCounts(List<InputSplit> splits) throws Exception {
        List<Long> counts = new ArrayList<>();
        for (InputSplit split : splits) {
            counts.add(split.getLength());
        }
        Collections.sort(counts);
        return counts;
    }

    private static long counter(Job job, String name) throws Exception {
        return job.getCounters().findCounter(INPUT_COUNTERS, name).getValue();
    }

    private static void numrange(Configuration c, long begin, long end) {
        c.set("aerospike.input.operation", "numrange");
        c.set("aerospike.input.numrange.bin", DataLoader.NUMBER_BIN);
        c.setLong("aerospike.input.numrange.begin", begin);
        c.setLong("aerospike.input.numrange.end", end);
    }

    /**
     * Plans {@code splits} splits and reads every record once in as many map tasks (one part file
     * each); returns the planned splits and the finished job.
     */
    private Job assertReadsEveryRecordOnceIn(int splits, Configuration conf, List<InputSplit> planned)
            throws Exception {
        planned.addAll(plannedSplits(conf));
        assertEquals("splits planned", splits, planned.size());
        Path out = TMP.getRoot().toPath().resolve("out-" + System.nanoTime());
        Job job = runIdentityJob(conf, out);
        assertEquals("map tasks run (part files)", splits, JobOutput.partFiles(out).size());
        Multiset.assertSame("records read", Multiset.ofRecords(loaded), Multiset.of(JobOutput.lines(out)));
        assertEquals("records counter", RECORDS, counter(job, "Records read"));
        return job;
    }

    /** A scan covers the namespace's partitions once, split by split. */
    private static void assertScanCoversEveryPartitionOnce(Job job, List<InputSplit> planned) throws Exception {
        long covered = 0;
        for (long n : partitionCounts(planned)) {
            covered += n;
        }
        assertEquals("partitions covered by the splits", PartitionMaps.PARTITIONS, covered);
        assertEquals("partitions counter", PartitionMaps.PARTITIONS, counter(job, "Partitions read"));
    }

    @Test
    public void partitionsModeReadsEveryRecordOnceInTheConfiguredNumberOfSplits() throws Exception {
        List<InputSplit> planned = new ArrayList<>();
        Job job = assertReadsEveryRecordOnceIn(5, conf(c -> {
            c.set("aerospike.input.split.mode", "partitions");
            c.setInt("aerospike.input.splits", 5);
        }), planned);
        assertScanCoversEveryPartitionOnce(job, planned);
    }

    @Test
    public void partitionsModeByDefaultMakesTwoSplitsPerNode() throws Exception {
        List<InputSplit> planned = new ArrayList<>();
        Job job = assertReadsEveryRecordOnceIn(2 * NODES, conf(c -> { }), planned);
        assertScanCoversEveryPartitionOnce(job, planned);
    }

    @Test
    public void nodeModeReadsEveryRecordOnceInOneSplitPerNodeCoveringWhatItMasters() throws Exception {
        List<InputSplit> planned = new ArrayList<>();
        Job job = assertReadsEveryRecordOnceIn(NODES, conf(c -> c.set("aerospike.input.split.mode", "node")), planned);
        assertScanCoversEveryPartitionOnce(job, planned);
        // One split per node: the splits' sizes are the nodes' shares of masters.
        List<Long> mastered = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            mastered.add((long) PartitionMaps.mastered(cluster.aerolite, node, ClusterFixture.NAMESPACE).size());
        }
        Collections.sort(mastered);
        assertEquals(mastered, partitionCounts(planned));
    }

    /** The partition of a record by its hex digest, as the server computes it (12 bits, little-endian). */
    private static int partitionOf(String hexDigest) {
        int b0 = Integer.parseInt(hexDigest.substring(0, 2), 16);
        int b1 = Integer.parseInt(hexDigest.substring(2, 4), 16);
        return (b0 | (b1 << 8)) & (PartitionMaps.PARTITIONS - 1);
    }

    /**
     * In partitions and node modes, two jobs reading partitions 0-2047 and 2048-4095 read disjoint
     * records, each within its range, and together every record once; each reads only its half of
     * the partitions.
     */
    @Test
    public void twoPartitionRangesReadDisjointHalvesWhoseUnionIsEveryRecordInEachScanMode() throws Exception {
        for (String mode : new String[] {"partitions", "node"}) {
            List<String> all = new ArrayList<>();
            for (int[] range : new int[][] {{0, 2047}, {2048, 4095}}) {
                Configuration conf = conf(c -> {
                    c.set("aerospike.input.split.mode", mode);
                    c.set("aerospike.input.partitions", range[0] + "-" + range[1]);
                });
                List<InputSplit> planned = plannedSplits(conf);
                assertEquals(mode + " " + range[0] + "-" + range[1] + ": partitions planned", 2048,
                        partitionCounts(planned).stream().mapToLong(Long::longValue).sum());
                Path out = TMP.getRoot().toPath().resolve("range-" + mode + "-" + range[0]);
                Job job = runIdentityJob(conf, out);
                List<String> lines = JobOutput.lines(out);
                assertTrue(mode + ": each half holds some records", lines.size() > RECORDS / 4 && lines.size() < RECORDS);
                for (String line : lines) {
                    int p = partitionOf(line);
                    assertTrue(mode + ": " + line + " is in partition " + p, p >= range[0] && p <= range[1]);
                }
                assertEquals(mode + ": partitions counter", 2048, counter(job, "Partitions read"));
                assertEquals(mode + ": records counter", lines.size(), counter(job, "Records read"));
                all.addAll(lines);
            }
            Multiset.assertSame(mode + ": both halves", Multiset.ofRecords(loaded), Multiset.of(all));
        }
    }

    @Test
    public void numrangeOverTheWholeRangeReadsEveryRecordOnceInTheConfiguredSubRanges() throws Exception {
        assertReadsEveryRecordOnceIn(4, conf(c -> {
            numrange(c, minNumber, maxNumber);
            c.setInt("aerospike.input.splits", 4);
        }), new ArrayList<>());
    }

    @Test
    public void numrangeMakesOneSplitByDefault() throws Exception {
        assertEquals(1, plannedSplits(conf(c -> numrange(c, minNumber, maxNumber))).size());
    }

    @Test
    public void numrangeSumEqualsTheSumOfTheLoadedNumbersInTheRange() throws Exception {
        // Both ends are values some record holds: the range is inclusive at both ends.
        long begin = loaded.values().stream().mapToLong(Long::longValue).filter(n -> n >= -1234).min().getAsLong();
        long end = loaded.values().stream().mapToLong(Long::longValue).filter(n -> n <= 2345).max().getAsLong();
        long expectedSum = 0;
        long expectedCount = 0;
        for (long n : loaded.values()) {
            if (n >= begin && n <= end) {
                expectedSum += n;
                expectedCount++;
            }
        }
        // The range selects a part of the data, not all or nothing.
        assertTrue(expectedCount > RECORDS / 10 && expectedCount < RECORDS / 2);
        Configuration conf = conf(c -> {
            numrange(c, begin, end);
            c.setInt("aerospike.input.splits", 3);
        });
        Path out = TMP.getRoot().toPath().resolve("sum");
        Job job = Job.getInstance(conf, "numrange sum");
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(NumberSumMapper.class);
        job.setCombinerClass(LongSumReducer.class);
        job.setReducerClass(LongSumReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(LongWritable.class);
        FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
        assertTrue("job succeeded", job.waitForCompletion(false));

        Map<String, Long> expected = new HashMap<>();
        expected.put(NumberSumMapper.SUM, expectedSum);
        expected.put(NumberSumMapper.COUNT, expectedCount);
        assertEquals(expected, JobOutput.keyedNumbers(out));
    }
}
