package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Record;
import io.aerohadoop.yarnit.YarnClusterAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.mapreduce.Job;
import org.junit.Test;

/**
 * Two of the project's examples, from their own jar, on YARN with the connector only in -libjars,
 * each checked the way its LocalJobRunner test checks it ({@link WordCounts} and {@link LogFacts}
 * from the examples' tests: this class shares their package to use them). Input files are on HDFS.
 */
public class ExamplesOnYarnTest {
    private final YarnClusterAccess cluster = YarnClusterAccess.get();

    @Test(timeout = 180_000)
    public void wordCountOutputWritesOneRecordPerWordOfTheFileWithItsCount() throws Exception {
        Path sample = YarnClusterAccess.examplesData("sample.txt");
        String input = cluster.copyToHdfs(sample, "/yarnit/examples/sample.txt");
        String set = "ye_wordcounts";
        assertEquals(0, cluster.runExample("io.aerohadoop.examples.wordcountoutput.WordCountOutput",
                cluster.outputOptions(set), input));

        Map<String, Long> expected = WordCounts.of(Files.readAllLines(sample, StandardCharsets.UTF_8));
        assertTrue("sample.txt has words", expected.size() > 10);
        Map<Object, Record> stored = cluster.storedByKey(set);
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<Object, Record> e : stored.entrySet()) {
            // The user key is the word, and so is the word bin.
            assertEquals(e.getKey(), e.getValue().getString("word"));
            counts.put((String) e.getKey(), e.getValue().getLong("count"));
        }
        assertEquals(expected, counts);
    }

    @Test(timeout = 180_000)
    public void sessionRollupWritesOneRecordPerSessionWithTheStartEndAndHitsFoundInTheLog() throws Exception {
        Path log = YarnClusterAccess.examplesData("access.log");
        String input = cluster.copyToHdfs(log, "/yarnit/examples/access.log");
        String set = "ye_sessions";
        List<String> options = cluster.outputOptions(set);
        // Two reducers: sessions of different users written by different task JVMs.
        options.addAll(Arrays.asList("-D", "mapreduce.job.reduces=2"));
        assertEquals(0, cluster.runExample("io.aerohadoop.examples.sessionrollup.SessionRollup", options, input));

        LogFacts facts = LogFacts.of(Files.readAllLines(log, StandardCharsets.UTF_8));
        Map<String, List<Long>> expected = new TreeMap<>();
        facts.sessions().forEach((id, s) -> expected.put(id, Arrays.asList(s.get(0), s.get(1), s.get(2), s.get(3), 0L)));
        assertTrue("the log has users with several sessions", expected.size() > 2 * facts.timesByUser().size());
        Map<String, List<Long>> stored = new TreeMap<>();
        for (Map.Entry<Object, Record> e : cluster.storedByKey(set).entrySet()) {
            Record r = e.getValue();
            // The duration is stored apart from start and end: 0 when it is their difference.
            long duration = r.getLong("duration") == r.getLong("end") - r.getLong("start") ? 0 : -1;
            stored.put(String.valueOf(e.getKey()), Arrays.asList(
                    r.getLong("userid"), r.getLong("start"), r.getLong("end"), r.getLong("hits"), duration));
        }
        assertEquals(expected, stored);
        Job job = cluster.job("aerohadoop session rollup");
        assertEquals(3, facts.malformed);
        assertEquals(facts.malformed, job.getCounters()
                .findCounter("io.aerohadoop.examples.weblog.WebLogCounters", "MALFORMED_LINES").getValue());
        assertEquals(Collections.emptyList(), cluster.unkeyedRecords(set));
    }
}
