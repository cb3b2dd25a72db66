package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.testing.ConnectorFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two jobs whose tasks run at the same time in one JVM. YARN never does this (every task gets a JVM
 * of its own, an uber job's tasks run one after the other: integration-tests/yarn's UberTaskTest);
 * LocalJobRunner does, for Hive's local mode, Oozie's launchers and tools that embed jobs. Two
 * threads each run a job; the first map task of each waits with its reader open until the other's
 * has started ({@link TaskRendezvous}), and every task records what the JVM holds of the connector
 * ({@link ConnectorFacts}). The library is loaded once (one mapped copy, one load, seen alike by
 * every task of both jobs); the JVM holds one Aerospike client for two readers with the same
 * connection configuration, two for readers of two clusters, none once the jobs are done; each
 * job's sum and count are those of the data it read.
 */
public class ConcurrentJobsInOneJvmTest {
    private static final String SET_A = "cj_numbers_a";
    private static final String SET_B = "cj_numbers_b";
    private static final String SET_OTHER = "cj_numbers_other";
    private static final int SPLITS = 2;
    private static final long RENDEZVOUS_TIMEOUT_MS = 60_000;
    private static final long JOB_TIMEOUT_S = 150;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    /** The shared 3-node cluster, holding two sets. */
    private static ClusterFixture cluster;
    /** A second, 1-node cluster of this class's own. */
    private static ClusterFixture otherCluster;
    /** Per set: "sum" and "count" of the loaded numbers. */
    private static final Map<String, Map<String, Long>> EXPECTED = new HashMap<>();

    @BeforeClass
    public static void loadNumbersIntoTwoClusters() throws Exception {
        cluster = SharedCluster.get();
        otherCluster = ClusterFixture.start(1, 1);
        load(cluster, SET_A, 700);
        load(cluster, SET_B, 450);
        load(otherCluster, SET_OTHER, 600);
    }

    @AfterClass
    public static void stopOtherCluster() {
        if (otherCluster != null) {
            otherCluster.close();
        }
    }

    private static void load(ClusterFixture target, String set, int count) {
        Map<String, Long> loaded = new DataLoader(target.client, ClusterFixture.NAMESPACE).putNumbers(set, count);
        Map<String, Long> expected = new HashMap<>();
        expected.put(NumberSumMapper.SUM, loaded.values().stream().mapToLong(Long::longValue).sum());
        expected.put(NumberSumMapper.COUNT, (long) loaded.size());
        EXPECTED.put(set, expected);
    }

    @Test(timeout = 240_000)
    public void twoConcurrentJobsReadingOneClusterShareOneLoadedLibraryAndOneClient() throws Exception {
        assertConcurrentJobsShare(1, new Read("shared-a", cluster, SET_A), new Read("shared-b", cluster, SET_B));
    }

    @Test(timeout = 240_000)
    public void twoConcurrentJobsReadingTwoClustersShareOneLoadedLibraryAndHoldOneClientPerCluster()
            throws Exception {
        assertConcurrentJobsShare(2, new Read("two-a", cluster, SET_A), new Read("two-other", otherCluster, SET_OTHER));
    }

    /** A job reading {@code set} of {@code from}, named {@code name}. */
    private static final class Read {
        final String name;
        final ClusterFixture from;
        final String set;
        final Path out;

        Read(String name, ClusterFixture from, String set) {
            this.name = name;
            this.from = from;
            this.set = set;
            this.out = TMP.getRoot().toPath().resolve("out-" + name + "-" + System.nanoTime());
        }

        Job job() throws Exception {
            Configuration conf = LocalJobs.conf(TMP.newFolder().toPath());
            from.setInput(conf, set);
            conf.setInt("aerospike.input.splits", SPLITS);
            Job job = Job.getInstance(conf, name);
            job.setInputFormatClass(AerospikeInputFormat.class);
            job.setMapperClass(RendezvousSumMapper.class);
            job.setCombinerClass(LongSumReducer.class);
            job.setReducerClass(LongSumReducer.class);
            job.setOutputKeyClass(Text.class);
            job.setOutputValueClass(LongWritable.class);
            FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
            return job;
        }
    }

    private static void assertConcurrentJobsShare(int clientsWhileBothRead, Read first, Read second) throws Exception {
        ConnectorFacts before = ConnectorFacts.now();
        assertEquals("clients open before the jobs (left by earlier tests in this JVM?): " + before, 0,
                before.openClients());
        List<TaskRendezvous.Seen> seen;
        try (TaskRendezvous rendezvous = TaskRendezvous.open(2, RENDEZVOUS_TIMEOUT_MS)) {
            runAtOnce(first.job(), second.job());
            seen = rendezvous.seen();
        }
        ConnectorFacts after = ConnectorFacts.now();

        // Both jobs' results are those of their data.
        for (Read read : Arrays.asList(first, second)) {
            assertEquals("sum and count of job " + read.name, new TreeMap<>(EXPECTED.get(read.set)),
                    JobOutput.keyedNumbers(read.out));
        }
        // Every map task of both jobs recorded its facts; the first of each did so at the rendezvous,
        // while the other job's first task held its reader open.
        Map<String, Set<Integer>> tasksByJob = new TreeMap<>();
        Map<String, Integer> metByJob = new TreeMap<>();
        for (TaskRendezvous.Seen s : seen) {
            tasksByJob.computeIfAbsent(s.job, j -> new HashSet<>()).add(s.task);
            if (s.met) {
                metByJob.merge(s.job, 1, Integer::sum);
            }
        }
        Map<String, Set<Integer>> expectedTasks = new TreeMap<>();
        Map<String, Integer> expectedMet = new TreeMap<>();
        for (Read read : Arrays.asList(first, second)) {
            expectedTasks.put(read.name, new HashSet<>(Arrays.asList(0, 1)));
            expectedMet.put(read.name, 1);
        }
        assertEquals("map tasks that recorded facts: " + seen, expectedTasks, tasksByJob);
        assertEquals("first tasks at the rendezvous: " + seen, expectedMet, metByJob);

        long pid = ProcessHandle.current().pid();
        for (TaskRendezvous.Seen s : seen) {
            assertEquals("one JVM, the test's: " + s, pid, s.facts.pid());
            // One load: the extracted file's name is unique per extraction, and the process maps
            // one copy of the library, whatever the class loaders believe.
            assertEquals("where the library was loaded from: " + s, after.libraryLoadedFrom(),
                    s.facts.libraryLoadedFrom());
            assertEquals("copies of the library mapped: " + s, 1, s.facts.mappedLibraries().size());
            assertEquals("the mapped copy: " + s, after.mappedLibraries(), s.facts.mappedLibraries());
            if (s.met) {
                assertEquals("clients in the JVM while both jobs' first tasks read: " + s, clientsWhileBothRead,
                        s.facts.openClients());
            }
        }
        assertTrue("the library came from the connector jar: " + after,
                after.libraryLoadedFrom().startsWith("jar:/native/linux-x86_64/libaerohadoop.so via "));
        assertEquals("clients once both jobs are done: " + after, 0, after.openClients());
    }

    /** Runs both jobs at once, each on a thread of its own, and fails unless both succeed. */
    private static void runAtOnce(Job first, Job second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Job> jobs = Arrays.asList(first, second);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (Job job : jobs) {
                done.add(threads.submit(() -> job.waitForCompletion(false)));
            }
            for (int i = 0; i < jobs.size(); i++) {
                assertTrue("job " + jobs.get(i).getJobName() + " succeeded",
                        done.get(i).get(JOB_TIMEOUT_S, TimeUnit.SECONDS));
            }
        } finally {
            for (Job job : jobs) {
                killIfRunning(job);
            }
            threads.shutdownNow();
        }
    }

    /** A job still running after the other failed or the wait timed out would outlive the test. */
    private static void killIfRunning(Job job) throws Exception {
        try {
            if (!job.isComplete()) {
                job.killJob();
            }
        } catch (IllegalStateException notSubmitted) {
            // Never submitted: nothing runs.
        }
    }
}
