package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.policy.ScanPolicy;
import io.aerohadoop.examples.sessionrollup.SessionRollup;
import io.aerohadoop.examples.weblog.WebLogCounters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SessionRollupTest {
    private static final String SET = "sr_sessions";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesOneRecordPerSessionWithTheStartEndAndHitsFoundInTheLog() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        cluster.setOutput(conf, SET);
        // Two reducers: sessions of different users written by different tasks.
        conf.setInt("mapreduce.job.reduces", 2);
        Job job = SessionRollup.createJob(conf, new Path(ExampleData.file("access.log").toString()));
        assertTrue("the job succeeded", job.waitForCompletion(false));

        Map<String, List<Long>> stored = new ConcurrentHashMap<>();
        cluster.client.scanAll(new ScanPolicy(), SharedCluster.NAMESPACE, SET, (key, r) -> {
            // The duration is stored apart from start and end: check it is their difference.
            long duration = r.getLong("duration") == r.getLong("end") - r.getLong("start") ? 0 : -1;
            stored.put(String.valueOf(key.userKey), Arrays.asList(
                    r.getLong("userid"), r.getLong("start"), r.getLong("end"), r.getLong("hits"), duration));
        });

        LogFacts log = LogFacts.of(ExampleData.lines("access.log"));
        Map<String, List<Long>> expected = new TreeMap<>();
        log.sessions().forEach((id, s) -> expected.put(id, Arrays.asList(s.get(0), s.get(1), s.get(2), s.get(3), 0L)));
        assertTrue("the log has users with several sessions", expected.size() > 2 * log.timesByUser().size());
        assertEquals(expected, new TreeMap<>(stored));
        assertEquals(log.malformed, job.getCounters().findCounter(WebLogCounters.MALFORMED_LINES).getValue());
        assertEquals(3, log.malformed);
    }
}
