package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Record;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A job whose reducer fails after writing part of its output to Aerospike is run again, unchanged,
 * and completes: the records the failed run wrote are overwritten, not added to, and every record
 * ends once with its final value; for each MapReduce API. (A task retried by YARN within one job
 * is the pseudo-distributed tests' (issue 8): LocalJobRunner never retries.)
 */
public class JobRerunAfterFailureTest {
    private static final String INPUT_SET = "rerun_numbers";
    private static final String SUM_BIN = "sum";
    private static final int RECORDS = 2_000;
    private static final int GROUPS = 97;
    /** Groups the reducer writes on the failing run before it throws. */
    private static final int WRITTEN_BEFORE_FAILURE = 40;
    /** While this file exists the reducer fails (once: it deletes the file before throwing). */
    static final String FAIL_MARKER = "hadoopit.fail.marker";
    private static final String INJECTED = "injected reducer failure after " + WRITTEN_BEFORE_FAILURE + " groups";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    /** Group → sum of the loaded numbers in it: what the job must store. */
    private static Map<Long, Long> expected;

    @BeforeClass
    public static void loadNumbers() throws IOException {
        cluster = SharedCluster.get();
        Map<String, Long> loaded = new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putNumbers(INPUT_SET, RECORDS);
        expected = new TreeMap<>();
        for (long n : loaded.values()) {
            expected.merge(group(n), n, Long::sum);
        }
    }

    static long group(long n) {
        return Math.floorMod(n, GROUPS);
    }

    /**
     * The reducers' injected failure: before group number {@value #WRITTEN_BEFORE_FAILURE}, if the
     * marker file exists, deletes it (so the next run completes) and throws.
     */
    static void failOnceAt(int written, Configuration conf) throws IOException {
        if (written == WRITTEN_BEFORE_FAILURE && Files.deleteIfExists(Paths.get(conf.get(FAIL_MARKER)))) {
            throw new IOException(INJECTED);
        }
    }

    /** (group of n, n) for each record's number bin. */
    public static final class GroupMapper extends Mapper<AerospikeKey, AerospikeRecord, LongWritable, LongWritable> {
        private final LongWritable group = new LongWritable();
        private final LongWritable number = new LongWritable();

        @Override
        protected void map(AerospikeKey key, AerospikeRecord record, Context context)
                throws IOException, InterruptedException {
            number.set(RecordFields.longBin(record, DataLoader.NUMBER_BIN));
            group.set(group(number.get()));
            context.write(group, number);
        }
    }

    /** Writes (group, sum) per group, failing once as {@link #failOnceAt} says. */
    public static final class FailOnceSumReducer extends Reducer<LongWritable, LongWritable, LongWritable, LongWritable> {
        private final LongWritable sum = new LongWritable();
        private int written;

        @Override
        protected void reduce(LongWritable group, Iterable<LongWritable> numbers, Context context)
                throws IOException, InterruptedException {
            failOnceAt(written, context.getConfiguration());
            long total = 0;
            for (LongWritable n : numbers) {
                total += n.get();
            }
            sum.set(total);
            context.write(group, sum);
            written++;
        }
    }

    /** The old-API twin of {@link GroupMapper}. */
    public static final class OldApiGroupMapper extends MapReduceBase
            implements org.apache.hadoop.mapred.Mapper<AerospikeKey, AerospikeRecord, LongWritable, LongWritable> {
        private final LongWritable group = new LongWritable();
        private final LongWritable number = new LongWritable();

        @Override
        public void map(AerospikeKey key, AerospikeRecord record, OutputCollector<LongWritable, LongWritable> out,
                Reporter reporter) throws IOException {
            number.set(RecordFields.longBin(record, DataLoader.NUMBER_BIN));
            group.set(group(number.get()));
            out.collect(group, number);
        }
    }

    /** The old-API twin of {@link FailOnceSumReducer}. */
    public static final class OldApiFailOnceSumReducer extends MapReduceBase
            implements org.apache.hadoop.mapred.Reducer<LongWritable, LongWritable, LongWritable, LongWritable> {
        private final LongWritable sum = new LongWritable();
        private JobConf conf;
        private int written;

        @Override
        public void configure(JobConf job) {
            conf = job;
        }

        @Override
        public void reduce(LongWritable group, Iterator<LongWritable> numbers,
                OutputCollector<LongWritable, LongWritable> out, Reporter reporter) throws IOException {
            failOnceAt(written, conf);
            long total = 0;
            while (numbers.hasNext()) {
                total += numbers.next().get();
            }
            sum.set(total);
            out.collect(group, sum);
            written++;
        }
    }

    /** The connector's keys and the marker, the same for both APIs and both runs. */
    private static void configure(Configuration conf, String outputSet, Path marker) {
        cluster.setInput(conf, INPUT_SET);
        cluster.setOutput(conf, outputSet);
        conf.set("aerospike.output.binname", SUM_BIN);
        // Small batches: the failing run has sent several before it fails.
        conf.setInt("aerospike.output.batch.size", 8);
        conf.set(FAIL_MARKER, marker.toString());
    }

    /** Runs the new-API job; true if it succeeded. */
    private static boolean runNewApiJob(Path work, String outputSet, Path marker) throws Exception {
        Configuration conf = LocalJobs.conf(work);
        configure(conf, outputSet, marker);
        Job job = Job.getInstance(conf, "sums by group, failing once");
        job.setInputFormatClass(io.aerohadoop.mapreduce.AerospikeInputFormat.class);
        job.setOutputFormatClass(io.aerohadoop.mapreduce.AerospikeOutputFormat.class);
        job.setMapperClass(GroupMapper.class);
        job.setReducerClass(FailOnceSumReducer.class);
        job.setNumReduceTasks(1);
        job.setOutputKeyClass(LongWritable.class);
        job.setOutputValueClass(LongWritable.class);
        return job.waitForCompletion(false);
    }

    /** Runs the old-API job (the committer is the JobConf's default); true if it succeeded. */
    private static boolean runOldApiJob(Path work, String outputSet, Path marker) throws Exception {
        JobConf conf = LocalJobs.jobConf(work);
        configure(conf, outputSet, marker);
        conf.setJobName("old api sums by group, failing once");
        conf.setInputFormat(io.aerohadoop.mapred.AerospikeInputFormat.class);
        conf.setOutputFormat(io.aerohadoop.mapred.AerospikeOutputFormat.class);
        conf.setMapperClass(OldApiGroupMapper.class);
        conf.setReducerClass(OldApiFailOnceSumReducer.class);
        conf.setNumReduceTasks(1);
        conf.setOutputKeyClass(LongWritable.class);
        conf.setOutputValueClass(LongWritable.class);
        RunningJob job = new JobClient(conf).submitJob(conf);
        job.waitForCompletion();
        return job.isSuccessful();
    }

    /** One way of running the job: {@link #runNewApiJob} or {@link #runOldApiJob}. */
    private interface JobRun {
        boolean run(Path work, String outputSet, Path marker) throws Exception;
    }

    /** The set's records as group → sum, after checking each is keyed by its group and has one bin. */
    private static Map<Object, Long> storedSums(String set) {
        StoredRecords stored = StoredRecords.scan(cluster.client, set);
        assertEquals("records without their user key", Collections.emptyList(), stored.withoutKey);
        assertEquals("keys returned twice", Collections.emptyList(), stored.repeated);
        for (Map.Entry<Object, Record> e : stored.byKey.entrySet()) {
            assertEquals("bins of group " + e.getKey(), Collections.singleton(SUM_BIN), e.getValue().bins.keySet());
        }
        return stored.longBin(SUM_BIN);
    }

    private static Map<Object, Long> firstGroups(int count) {
        Map<Object, Long> first = new TreeMap<>();
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            if (first.size() < count) {
                first.put(e.getKey(), e.getValue());
            }
        }
        return first;
    }

    /**
     * Runs the job once with the marker (it fails after writing part of its output), checks what
     * the failed run left, runs it again unchanged and checks the final output.
     */
    private static void assertRerunCompletesTheOutput(JobRun job, String outputSet) throws Exception {
        assertEquals("every group has numbers", GROUPS, expected.size());
        Path work = TMP.newFolder(outputSet).toPath();
        Path marker = Files.createFile(work.resolve("fail-once"));

        String failures;
        boolean firstRunSucceeded;
        try (JobFailures captured = JobFailures.capture()) {
            firstRunSucceeded = job.run(work, outputSet, marker);
            failures = captured.awaitMessages(5_000);
        }
        assertFalse("the first run succeeded although its reducer failed", firstRunSucceeded);
        assertTrue("the first run failed for another reason:\n" + failures, failures.contains(INJECTED));
        assertFalse(Files.exists(marker));
        // Hadoop closes a failing reducer's writer: the groups written before the failure are stored.
        assertEquals(firstGroups(WRITTEN_BEFORE_FAILURE), storedSums(outputSet));

        assertTrue("the second run failed", job.run(work, outputSet, marker));

        assertEquals(expected, storedSums(outputSet));
        // The groups of the failed run were written again, the others once: nothing else was written.
        Map<Integer, Integer> generations = new TreeMap<>();
        generations.put(1, GROUPS - WRITTEN_BEFORE_FAILURE);
        generations.put(2, WRITTEN_BEFORE_FAILURE);
        assertEquals(generations, StoredRecords.scan(cluster.client, outputSet).generations());
    }

    @Test
    public void aNewApiJobThatFailedAfterWritingPartOfItsOutputCompletesWhenRunAgainAndEveryRecordEndsOnceWithItsFinalValue()
            throws Exception {
        assertRerunCompletesTheOutput(JobRerunAfterFailureTest::runNewApiJob, "rerun_sums_mapreduce");
    }

    @Test
    public void anOldApiJobThatFailedAfterWritingPartOfItsOutputCompletesWhenRunAgainAndEveryRecordEndsOnceWithItsFinalValue()
            throws Exception {
        assertRerunCompletesTheOutput(JobRerunAfterFailureTest::runOldApiJob, "rerun_sums_mapred");
    }
}
