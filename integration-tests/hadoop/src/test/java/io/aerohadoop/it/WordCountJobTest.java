package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The stock WordCount of hadoop-mapreduce-examples 3.4.2, unchanged, reads a set loaded line by line
 * from a text file; only -D options point it at Aerospike. It runs as {@code hadoop jar} runs it: its
 * own JVM, its own main (which ends with System.exit), the connector jar on the classpath.
 */
public class WordCountJobTest {
    private static final String SET = "lines";
    private static final int LINES = 400;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    private static Path textFile;

    @BeforeClass
    public static void loadTextLineByLine() throws Exception {
        cluster = ClusterFixture.start(3, 2);
        textFile = TMP.getRoot().toPath().resolve("text.txt");
        Corpus.write(textFile, Corpus.lines(LINES, 5));
        // Loaded from the file, as a user would load one, so the reference count reads the same bytes.
        List<String> lines = Files.readAllLines(textFile);
        assertEquals(LINES, lines.size());
        new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putLines(SET, lines);
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void jobsRunWithTheConnectorJarNotItsClassesDirectory() {
        List<String> classpath = ChildJvm.classpathEntries();
        Path jar = Paths.get(System.getProperty("aerohadoop.jar"));
        assertTrue(jar.getFileName().toString().matches("aerohadoop-.+\\.jar"));
        assertTrue(classpath + " lacks " + jar, classpath.contains(jar.toString()));
        for (String entry : classpath) {
            assertFalse("java-shim classes on the job classpath: " + entry,
                    entry.contains("java-shim") && !entry.equals(jar.toString()));
        }
    }

    @Test
    public void stockWordCountCountsTheWordsOfTheLoadedSetAsTheFileHasThem() throws Exception {
        Path work = TMP.newFolder("wordcount").toPath();
        Path output = work.resolve("out");
        List<String> args = new ArrayList<>(Arrays.asList(LocalJobs.asOptions(work)));
        args.addAll(Arrays.asList(
                "-D", "mapreduce.job.inputformat.class=io.aerohadoop.mapreduce.AerospikeInputFormat",
                "-D", "aerospike.input.host=127.0.0.1",
                "-D", "aerospike.input.port=" + cluster.aerolite.port(0),
                "-D", "aerospike.input.namespace=" + ClusterFixture.NAMESPACE,
                "-D", "aerospike.input.setname=" + SET,
                "-D", "aerospike.input.value.bin=" + DataLoader.LINE_BIN,
                // WordCount insists on an input path; the connector ignores it. It need not exist.
                work.resolve("unused-input").toString(),
                output.toString()));

        ChildJvm.Result run = ChildJvm.run(work, 180, "org.apache.hadoop.examples.WordCount", args);

        assertEquals("WordCount failed; its output:\n" + run.output, 0, run.exitStatus);
        Map<String, Long> expected = Corpus.countWords(textFile);
        assertTrue("the corpus has too few distinct words to prove much: " + expected.size(), expected.size() > 50);
        assertEquals(expected, JobOutput.keyedNumbers(output));
        // WordCount's own counter agrees: one map input record per loaded line.
        assertTrue(run.output, run.output.contains("Map input records=" + LINES));
    }
}
