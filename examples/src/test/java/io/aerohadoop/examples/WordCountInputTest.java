package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import io.aerohadoop.examples.wordcountinput.WordCountInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WordCountInputTest {
    private static final String SET = "wci_lines";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void countsOfTheWordsInASetEqualTheCountsOfTheFileItWasLoadedFrom() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        List<String> lines = ExampleData.lines("sample.txt");
        for (int i = 0; i < lines.size(); i++) {
            cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, i), new Bin("line", lines.get(i)));
        }
        // A record of another shape in the same set: no text, so no words.
        cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, "header"), new Bin("loaded", lines.size()));

        Path base = tmp.getRoot().toPath();
        Configuration conf = LocalJobs.conf(base);
        cluster.setInput(conf, SET);
        Path out = base.resolve("counts");
        assertEquals(0, ToolRunner.run(conf, new WordCountInput(), new String[] {out.toString()}));

        Map<String, Long> counted = new TreeMap<>();
        for (String line : ExampleData.outputLines(out)) {
            String[] f = line.split("\t");
            assertEquals("output line '" + line + "'", 2, f.length);
            assertEquals("word " + f[0] + " written once", null, counted.put(f[0], Long.parseLong(f[1])));
        }
        Map<String, Long> expected = WordCounts.of(lines);
        assertTrue("sample.txt has words", expected.size() > 10);
        assertEquals(expected, counted);
    }
}
