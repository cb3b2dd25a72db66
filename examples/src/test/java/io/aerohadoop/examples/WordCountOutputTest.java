package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.policy.ScanPolicy;
import io.aerohadoop.examples.wordcountoutput.WordCountOutput;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WordCountOutputTest {
    private static final String SET = "wco_counts";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesOneRecordPerWordOfTheFileWithItsCount() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        cluster.setOutput(conf, SET);
        Path input = ExampleData.file("sample.txt");
        assertEquals(0, ToolRunner.run(conf, new WordCountOutput(), new String[] {input.toString()}));

        // Scan callbacks come from one thread per node.
        Map<String, Long> stored = new ConcurrentHashMap<>();
        Map<String, String> wordByUserKey = new ConcurrentHashMap<>();
        cluster.client.scanAll(new ScanPolicy(), SharedCluster.NAMESPACE, SET, (key, record) -> {
            String word = record.getString("word");
            // A word stored twice shows as count -1.
            stored.merge(word, record.getLong("count"), (a, b) -> -1L);
            // send.key defaults to true: the user key, the word, is stored with the record.
            wordByUserKey.put(String.valueOf(key.userKey), word);
        });

        Map<String, Long> expected = WordCounts.of(ExampleData.lines("sample.txt"));
        assertTrue("sample.txt has words", expected.size() > 10);
        assertEquals(expected, new TreeMap<>(stored));
        for (Map.Entry<String, String> e : wordByUserKey.entrySet()) {
            assertEquals("the record keyed " + e.getKey(), e.getKey(), e.getValue());
        }
        assertEquals(expected.size(), wordByUserKey.size());
    }
}
