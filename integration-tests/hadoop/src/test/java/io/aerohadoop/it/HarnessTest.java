package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The harness the job tests rely on, checked without the connector: when a job over Aerospike
 * disagrees with a reference, the connector is at fault, not the reference or the way jobs are run.
 */
public class HarnessTest {
    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    @Test
    public void stockWordCountOverTheTextFileAgreesWithTheReferenceCount() throws Exception {
        Path work = TMP.newFolder("wordcount").toPath();
        Path text = work.resolve("text.txt");
        Corpus.write(text, Corpus.lines(400, 5));
        List<String> args = new ArrayList<>(Arrays.asList(LocalJobs.asOptions(work)));
        args.add(text.toString());
        args.add(work.resolve("out").toString());

        ChildJvm.Result run = ChildJvm.run(work, 120, "org.apache.hadoop.examples.WordCount", args);

        assertEquals("WordCount failed; its output:\n" + run.output, 0, run.exitStatus);
        Map<String, Long> reference = Corpus.countWords(text);
        // The corpus exercises what the tokenizer must get right: many words, tabs, non-ASCII.
        assertTrue(reference.size() > 50);
        assertTrue(reference.containsKey("Zürich") && reference.containsKey("日本語"));
        assertEquals(reference, JobOutput.keyedNumbers(work.resolve("out")));
    }

    @Test
    public void corpusIsTheSameForTheSameSeed() {
        assertEquals(Corpus.lines(50, 9), Corpus.lines(50, 9));
        assertTrue(!Corpus.lines(50, 9).equals(Corpus.lines(50, 10)));
    }

    @Test
    public void mastersOfAnRf1ClusterPartitionTheNamespaceBetweenTheNodes() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(3, 1)) {
            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (int node = 0; node < 3; node++) {
                Set<Integer> mine = PartitionMaps.mastered(cluster.aerolite, node, ClusterFixture.NAMESPACE);
                assertTrue("node " + node + " masters " + mine.size(), mine.size() > 1000 && mine.size() < 1700);
                all.addAll(mine);
                total += mine.size();
            }
            assertEquals(PartitionMaps.PARTITIONS, total);
            assertEquals(PartitionMaps.PARTITIONS, all.size());
        }
    }

    @Test
    public void loadedNumbersAreDistinctAndReadBackByDigest() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(1, 1)) {
            Map<String, Long> loaded = new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putNumbers("n", 200);
            assertEquals(200, loaded.size());
            assertEquals(200, new HashSet<>(loaded.values()).size());
            com.aerospike.client.Key key = new com.aerospike.client.Key(ClusterFixture.NAMESPACE, "n", 17);
            assertEquals(Long.valueOf(DataLoader.numberFor(17)), loaded.get(Digests.hex(key.digest)));
            assertEquals(DataLoader.numberFor(17), cluster.client.get(null, key).getLong(DataLoader.NUMBER_BIN));
        }
    }
}
