package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Record;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The stock WordCount of hadoop-mapreduce-examples 3.4.2, unchanged, reads a set loaded line by line
 * from a text file and writes its counts back to Aerospike; only -D options name the connector's
 * input and output formats. It runs as {@code hadoop jar} runs it, in a JVM of its own.
 */
public class WordCountWritesJobTest {
    private static final String LINES_SET = "wc_lines";
    private static final String COUNTS_SET = "wc_counts";
    private static final String COUNT_BIN = "count";
    private static final int LINES = 300;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    private static Path textFile;

    @BeforeClass
    public static void loadTextLineByLine() throws Exception {
        cluster = SharedCluster.get();
        textFile = TMP.getRoot().toPath().resolve("text.txt");
        Corpus.write(textFile, Corpus.lines(LINES, 11));
        List<String> lines = Files.readAllLines(textFile);
        assertEquals(LINES, lines.size());
        new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putLines(LINES_SET, lines);
    }

    /** WordCount's arguments: the local-runner settings, the connector's formats and keys, two paths. */
    private static List<String> wordCountArgs(Path work) {
        List<String> args = new ArrayList<>(Arrays.asList(LocalJobs.asOptions(work)));
        args.addAll(Arrays.asList(
                "-D", "mapreduce.job.inputformat.class=io.aerohadoop.mapreduce.AerospikeInputFormat",
                "-D", "mapreduce.job.outputformat.class=io.aerohadoop.mapreduce.AerospikeOutputFormat",
                "-D", "aerospike.input.host=127.0.0.1",
                "-D", "aerospike.input.port=" + cluster.aerolite.port(0),
                "-D", "aerospike.input.namespace=" + ClusterFixture.NAMESPACE,
                "-D", "aerospike.input.setname=" + LINES_SET,
                "-D", "aerospike.input.value.bin=" + DataLoader.LINE_BIN,
                // Another node as the output seed: the writer discovers the cluster from any one.
                "-D", "aerospike.output.host=127.0.0.1",
                "-D", "aerospike.output.port=" + cluster.aerolite.port(1),
                "-D", "aerospike.output.namespace=" + ClusterFixture.NAMESPACE,
                "-D", "aerospike.output.setname=" + COUNTS_SET,
                "-D", "aerospike.output.binname=" + COUNT_BIN,
                // WordCount insists on an input and an output path; the connector uses neither.
                work.resolve("unused-input").toString(),
                work.resolve("unused-output").toString()));
        return args;
    }

    private static void runWordCount(Path work) throws Exception {
        ChildJvm.Result run = ChildJvm.run(work, 180, "org.apache.hadoop.examples.WordCount", wordCountArgs(work));
        assertEquals("WordCount failed; its output:\n" + run.output, 0, run.exitStatus);
        assertTrue(run.output, run.output.contains("Map input records=" + LINES));
        assertFalse("the output format wrote files", Files.exists(work.resolve("unused-output")));
    }

    /** Fails unless the set holds exactly one record per word, keyed by the word, with its count. */
    private static void assertCountsAsTheFileHasThem(Map<String, Long> expected, int generation) {
        StoredRecords stored = StoredRecords.scan(cluster.client, COUNTS_SET);
        assertEquals("records stored without their user key (the word)", Collections.emptyList(), stored.withoutKey);
        assertEquals("words stored twice", Collections.emptyList(), stored.repeated);
        assertEquals("one record per distinct word", expected.size(), stored.size());
        assertEquals(expected, stored.longBin(COUNT_BIN));
        for (Map.Entry<Object, Record> e : stored.byKey.entrySet()) {
            assertEquals("bins of '" + e.getKey() + "'", Collections.singleton(COUNT_BIN), e.getValue().bins.keySet());
        }
        // Each run wrote each word's record exactly once.
        assertEquals(Collections.singletonMap(generation, expected.size()), stored.generations());
    }

    @Test
    public void stockWordCountWritesOneRecordPerWordWithItsCountAndARerunRewritesTheSameCounts()
            throws Exception {
        Map<String, Long> expected = Corpus.countWords(textFile);
        assertTrue("the corpus has too few distinct words to prove much: " + expected.size(), expected.size() > 50);

        runWordCount(TMP.newFolder("first").toPath());
        assertCountsAsTheFileHasThem(expected, 1);

        // The same job again: writes by key overwrite, nothing is added to what the first run wrote.
        runWordCount(TMP.newFolder("second").toPath());
        assertCountsAsTheFileHasThem(expected, 2);
    }
}
