package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Record;
import io.aerohadoop.write.OutputCounters;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Attempts of one task run again or twice at once write the same records by key, so the output ends
 * as one successful attempt leaves it: a retried attempt overwrites what the failed one wrote, and
 * two speculative attempts writing the same keys concurrently leave each key once. Attempts are
 * driven through Hadoop's output API ({@link TaskAttempts}) for each MapReduce API; a real retry by
 * YARN is the pseudo-distributed tests' (issue 8).
 */
@RunWith(Parameterized.class)
public class RetriedAttemptIdempotenceTest {
    private static final int RECORDS = 1_000;
    /** Small batches, so an attempt sends many and a failed one has sent some before it fails. */
    private static final int BATCH = 50;
    /** Records the failing attempt writes before it fails: several full batches and a partial one. */
    private static final int WRITTEN_BEFORE_FAILURE = 275;
    private static final String NUMBER_BIN = "n";
    private static final String LABEL_BIN = "label";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;

    @Parameterized.Parameter
    public String api;

    @Parameterized.Parameters(name = "{0}")
    public static Collection<Object[]> apis() {
        return Arrays.asList(new Object[][] {{"mapreduce"}, {"mapred"}});
    }

    @BeforeClass
    public static void startCluster() throws IOException {
        cluster = SharedCluster.get();
    }

    private TaskAttempts attempts(String set, int inflight) throws IOException {
        JobConf conf = LocalJobs.jobConf(TMP.newFolder().toPath());
        cluster.setOutput(conf, set);
        conf.setInt("aerospike.output.batch.size", BATCH);
        conf.setInt("aerospike.output.inflight", inflight);
        return api.equals("mapred") ? TaskAttempts.oldApi(conf, MapWritable.class)
                : TaskAttempts.newApi(new Configuration(conf), MapWritable.class);
    }

    private String set(String name) {
        return name + "_" + api;
    }

    private static Text key(int i) {
        return new Text(String.format("key-%04d", i));
    }

    /** The value every successful attempt writes for record i. */
    private static MapWritable finalValue(int i) {
        return value(3L * i - 1_000, "final-" + i);
    }

    /** What the failing attempt writes first: different in every bin from the final value. */
    private static MapWritable failedAttemptValue(int i) {
        return value(-1L - i, "failed-attempt-" + i);
    }

    private static MapWritable value(long n, String label) {
        MapWritable m = new MapWritable();
        m.put(new Text(NUMBER_BIN), new LongWritable(n));
        m.put(new Text(LABEL_BIN), new Text(label));
        return m;
    }

    /** Fails unless the set holds exactly {@code records} keys, each with the given values and nothing else. */
    private static void assertStored(String set, int records, boolean finalValues) {
        StoredRecords stored = StoredRecords.scan(cluster.client, set);
        assertEquals("records without their user key", Collections.emptyList(), stored.withoutKey);
        assertEquals("keys returned twice", Collections.emptyList(), stored.repeated);
        assertEquals("records in " + set, records, stored.size());
        Map<Object, String> wrong = new TreeMap<>();
        for (int i = 0; i < records; i++) {
            Record r = stored.byKey.get(key(i).toString());
            MapWritable want = finalValues ? finalValue(i) : failedAttemptValue(i);
            long n = ((LongWritable) want.get(new Text(NUMBER_BIN))).get();
            String label = want.get(new Text(LABEL_BIN)).toString();
            if (r == null || r.bins.size() != 2 || !Long.valueOf(n).equals(r.bins.get(NUMBER_BIN))
                    || !label.equals(r.bins.get(LABEL_BIN))) {
                wrong.put(key(i).toString(), r == null ? "missing" : r.bins.toString());
            }
        }
        assertEquals("records whose bins are not " + (finalValues ? "the final ones" : "the failed attempt's"),
                Collections.emptyMap(), wrong);
    }

    @Test
    public void aRetriedAttemptOverwritesWhatTheFailedAttemptWroteAndEveryRecordEndsOnceWithItsFinalValue()
            throws Exception {
        String set = set("retried");
        // One batch in flight at a time: when a write returns, every batch but the last is answered.
        TaskAttempts job = attempts(set, 1);
        job.setupJob();

        AttemptCounters failedCounters = new AttemptCounters();
        TaskAttempts.Attempt failed = job.start(0, failedCounters);
        for (int i = 0; i < WRITTEN_BEFORE_FAILURE; i++) {
            failed.write(key(i), failedAttemptValue(i));
        }
        int storedAtFailure = StoredRecords.scan(cluster.client, set).size();
        assertTrue("batches stored before the attempt failed: " + storedAtFailure + " records",
                storedAtFailure >= BATCH);
        failed.fail();
        // The framework closed the failed attempt's writer: all it wrote is stored, with its values.
        assertStored(set, WRITTEN_BEFORE_FAILURE, false);
        assertEquals(WRITTEN_BEFORE_FAILURE, failedCounters.output(OutputCounters.WRITTEN));
        assertEquals((WRITTEN_BEFORE_FAILURE + BATCH - 1) / BATCH, failedCounters.output(OutputCounters.BATCHES));

        AttemptCounters retryCounters = new AttemptCounters();
        TaskAttempts.Attempt retry = job.start(1, retryCounters);
        for (int i = 0; i < RECORDS; i++) {
            retry.write(key(i), finalValue(i));
        }
        retry.succeed();
        job.commitJob();

        assertStored(set, RECORDS, true);
        assertEquals(RECORDS, retryCounters.output(OutputCounters.WRITTEN));
        assertEquals(0, retryCounters.output(OutputCounters.FAILED));
        // The keys the failed attempt wrote were written twice, the others once: nothing else wrote.
        Map<Integer, Integer> generations = new TreeMap<>();
        generations.put(1, RECORDS - WRITTEN_BEFORE_FAILURE);
        generations.put(2, WRITTEN_BEFORE_FAILURE);
        assertEquals(generations, StoredRecords.scan(cluster.client, set).generations());
    }

    @Test
    public void twoSpeculativeAttemptsWritingTheSameKeysAtOnceLeaveEachKeyOnceWithTheirValue() throws Exception {
        String set = set("speculative");
        TaskAttempts job = attempts(set, 2);
        job.setupJob();
        AttemptCounters[] counters = {new AttemptCounters(), new AttemptCounters()};
        TaskAttempts.Attempt[] attempts = {job.start(0, counters[0]), job.start(1, counters[1])};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] done = new Future<?>[2];
            for (int a = 0; a < 2; a++) {
                TaskAttempts.Attempt attempt = attempts[a];
                done[a] = threads.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < RECORDS; i++) {
                        attempt.write(key(i), finalValue(i));
                    }
                    attempt.succeed();
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // Both attempts completed; the framework keeps one and kills the other.
        attempts[1].abort();
        job.commitJob();

        assertStored(set, RECORDS, true);
        for (AttemptCounters c : counters) {
            assertEquals(RECORDS, c.output(OutputCounters.WRITTEN));
            assertEquals(0, c.output(OutputCounters.FAILED));
            assertEquals(RECORDS / BATCH, c.output(OutputCounters.BATCHES));
        }
        // Every key was written by both attempts, once each.
        assertEquals(Collections.singletonMap(2, RECORDS), StoredRecords.scan(cluster.client, set).generations());
    }
}
