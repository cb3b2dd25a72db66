package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A node stops while a job reads. With replication factor 2 the survivors hold every partition and
 * the job reads every record exactly once; with replication factor 1 the stopped node's partitions
 * cannot be read and the job fails, naming them — it never ends early in silence.
 */
public class NodeStoppedMidJobTest {
    private static final String SET = "stream";
    private static final int RECORDS = 3000;
    private static final int STOPPED_NODE = 2;
    /** The node is stopped once this many records were mapped: the job has started reading. */
    private static final int STOP_AFTER = RECORDS / 10;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /** Counts records mapped in this JVM and opens a latch once {@link #STOP_AFTER} were. */
    public static final class WatchingMapper extends DigestNumberMapper {
        static final AtomicLong MAPPED = new AtomicLong();
        static volatile CountDownLatch started = new CountDownLatch(1);

        @Override
        protected void recordMapped() {
            if (MAPPED.incrementAndGet() == STOP_AFTER) {
                started.countDown();
            }
        }
    }

    @Before
    public void resetWatch() {
        WatchingMapper.MAPPED.set(0);
        WatchingMapper.started = new CountDownLatch(1);
    }

    /** What happened: whether the job succeeded, its output, how far it was when the node stopped. */
    private static final class Outcome {
        boolean succeeded;
        Path output;
        long mappedAtStop;
        long mappedAtEnd;
        String failures;
        long retries;
    }

    private Outcome runJobStoppingANode(ClusterFixture cluster) throws Exception {
        Configuration conf = LocalJobs.conf(tmp.newFolder().toPath());
        cluster.setInput(conf, SET);
        conf.setInt("aerospike.input.splits", 3);
        // All splits read at once, so every split is mid-read when the node stops.
        conf.setInt("mapreduce.local.map.tasks.maximum", 3);
        // Slow enough that the job lasts several seconds and the stop lands in the middle.
        conf.setInt("aerospike.input.records.per.second", 200);
        conf.setInt("aerospike.input.retries", 3);
        conf.setInt("aerospike.input.retry.backoff.ms", 200);
        conf.setInt("aerospike.input.timeout.ms", 2_000);

        Outcome outcome = new Outcome();
        outcome.output = tmp.getRoot().toPath().resolve("out");
        Job job = Job.getInstance(conf, "node stopped mid-job");
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(WatchingMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(Text.class);
        FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(outcome.output.toUri()));

        CompletableFuture<Long> stopper = CompletableFuture.supplyAsync(() -> {
            try {
                if (!WatchingMapper.started.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the job mapped no " + STOP_AFTER + " records in 60 s");
                }
                long at = WatchingMapper.MAPPED.get();
                cluster.aerolite.stopNode(STOPPED_NODE);
                return at;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (JobFailures failures = JobFailures.capture()) {
            outcome.succeeded = job.waitForCompletion(false);
            outcome.failures = outcome.succeeded ? failures.messages() : failures.awaitMessages(5_000);
        }
        assertEquals("the job ended before " + STOP_AFTER + " records were mapped:\n" + outcome.failures, 0,
                WatchingMapper.started.getCount());
        outcome.retries = job.getCounters().findCounter("Aerospike Input", "Retries").getValue();
        outcome.mappedAtStop = stopper.get(10, TimeUnit.SECONDS);
        outcome.mappedAtEnd = WatchingMapper.MAPPED.get();
        return outcome;
    }

    @Test
    public void withReplicationFactorTwoTheJobSucceedsAndReadsEveryRecordOnce() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(3, 2)) {
            Map<String, Long> loaded = new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putNumbers(SET, RECORDS);

            Outcome outcome = runJobStoppingANode(cluster);

            assertTrue("the job failed:\n" + outcome.failures, outcome.succeeded);
            assertTrue("the node stopped only after the job had read everything (" + outcome.mappedAtStop + " of "
                    + RECORDS + ")", outcome.mappedAtStop < RECORDS / 2);
            // Reads in progress on the stopped node were resumed on the survivors.
            assertTrue("no partition read was resumed", outcome.retries > 0);
            Multiset.assertSame("records read", Multiset.ofRecords(loaded), Multiset.of(JobOutput.lines(outcome.output)));
        }
    }

    @Test
    public void withReplicationFactorOneTheJobFailsNamingTheUnreadablePartitions() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(3, 1)) {
            new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putNumbers(SET, RECORDS);
            Set<Integer> lost = PartitionMaps.mastered(cluster.aerolite, STOPPED_NODE, ClusterFixture.NAMESPACE);
            assertFalse(lost.isEmpty());

            Outcome outcome = runJobStoppingANode(cluster);

            assertFalse("the job succeeded although node " + STOPPED_NODE + "'s partitions had no replica",
                    outcome.succeeded);
            assertTrue("the node stopped only after the job had read everything", outcome.mappedAtStop < RECORDS / 2);
            assertTrue("records mapped: " + outcome.mappedAtEnd, outcome.mappedAtEnd < RECORDS);
            UnreadablePartitions.assertNamed(outcome.failures, lost);
        }
    }
}
