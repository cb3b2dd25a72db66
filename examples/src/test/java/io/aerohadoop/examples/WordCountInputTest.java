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
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WordCountInputTest {
    private static final String SET = "wci_lines";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void load() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        List<String> lines = ExampleData.lines("sample.txt");
        for (int i = 0; i < lines.size(); i++) {
            cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, i), new Bin("line", lines.get(i)));
        }
        // A record of another shape in the same set: no text, so no words.
        cluster.client.put(null, new Key(SharedCluster.NAMESPACE, SET, "header"), new Bin("loaded", lines.size()));
    }

    @Test
    public void countsOfTheWordsInASetEqualTheCountsOfTheFileItWasLoadedFrom() throws Exception {
        assertEquals(WordCounts.of(ExampleData.lines("sample.txt")), run(conf()));
    }

    @Test
    public void readingTheBinAsTextValuesGivesTheSameCounts() throws Exception {
        Configuration conf = conf();
        conf.set("aerospike.input.value.bin", "line");
        assertEquals(WordCounts.of(ExampleData.lines("sample.txt")), run(conf));
    }

    private Configuration conf() {
        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        SharedCluster.get().setInput(conf, SET);
        return conf;
    }

    private Map<String, Long> run(Configuration conf) throws Exception {
        Path out = tmp.getRoot().toPath().resolve("counts");
        assertEquals(0, ToolRunner.run(conf, new WordCountInput(), new String[] {out.toString()}));
        Map<String, Long> counted = new TreeMap<>();
        for (String line : ExampleData.outputLines(out)) {
            String[] f = line.split("\t");
            assertEquals("output line '" + line + "'", 2, f.length);
            assertEquals("word " + f[0] + " written once", null, counted.put(f[0], Long.parseLong(f[1])));
        }
        assertTrue("sample.txt has words", counted.size() > 10);
        return counted;
    }
}
