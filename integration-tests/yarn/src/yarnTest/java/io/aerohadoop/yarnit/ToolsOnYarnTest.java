package io.aerohadoop.yarnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.Value;
import com.aerospike.client.policy.WritePolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The jar's tools as users run them on a cluster, {@code hadoop jar aerohadoop-<version>.jar <tool>}:
 * a client JVM of its own runs Hadoop's {@code RunJar} over the connector jar (what the
 * {@code hadoop} script does), each tool submits its job to YARN and ships the jar itself
 * ({@code setJarByClass}); export writes to HDFS and import reads it back.
 */
public class ToolsOnYarnTest {
    private static final String SOURCE = "yt_source";
    private static final String IMPORTED = "yt_imported";
    private static final String COPIED = "yt_copied";
    private static final int RECORDS = 300;
    private static final Pattern SUMMARY = Pattern.compile("SUMMARY tool=(\\w+) records=(\\d+) bytes=(\\d+) failures=(\\d+)");
    private static final Pattern JOB_ON_YARN = Pattern.compile("Submitted application application_\\d+_\\d+");

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static YarnCluster cluster;

    /** Records of every common particle type, nested lists and maps and blobs among them. */
    @BeforeClass
    public static void loadSource() throws Exception {
        cluster = YarnCluster.get();
        WritePolicy policy = new WritePolicy();
        policy.sendKey = true;
        policy.expiration = -1;
        for (int i = 0; i < RECORDS; i++) {
            Map<Object, Object> map = new TreeMap<>();
            map.put("n", (long) i);
            map.put("tags", Arrays.asList("t" + (i % 7), (long) i * 3));
            cluster.client.put(policy, new Key(YarnCluster.NAMESPACE, SOURCE, "k" + i),
                    new Bin("i", i), new Bin("s", "text " + i), new Bin("f", i / 4.0),
                    new Bin("b", new byte[] {(byte) i, 0, (byte) (i >> 8)}),
                    new Bin("l", Value.get(Arrays.asList((long) i, "x" + i, Arrays.asList(1L, 2L)))),
                    new Bin("m", Value.get(map)));
        }
    }

    @Test(timeout = 240_000)
    public void countOnYarnCountsEveryRecordOfTheSet() throws Exception {
        String out = runTool("count", "--hosts", seed(), "--namespace", YarnCluster.NAMESPACE, "--set", SOURCE);
        assertSummary(out, "count", RECORDS);
    }

    @Test(timeout = 300_000)
    public void exportToHdfsThenImportRestoresEveryRecordFieldByField() throws Exception {
        String dir = "/yarnit/tools/export-json";
        String exported = runTool("export", "--hosts", seed(), "--namespace", YarnCluster.NAMESPACE, "--set", SOURCE,
                "--format", "json", "--splits", "2", "--output", dir);
        assertSummary(exported, "export", RECORDS);
        long lines = 0;
        for (FileStatus f : cluster.fs().listStatus(new org.apache.hadoop.fs.Path(dir))) {
            if (f.getPath().getName().startsWith("part-")) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(cluster.fs().open(f.getPath()),
                        StandardCharsets.UTF_8))) {
                    lines += r.lines().count();
                }
            }
        }
        assertEquals("JSON lines in HDFS under " + dir, RECORDS, lines);

        String imported = runTool("import", "--input", dir, "--format", "json", "--hosts", seed(),
                "--namespace", YarnCluster.NAMESPACE, "--set", IMPORTED);
        assertSummary(imported, "import", RECORDS);
        assertSameBins(SOURCE, IMPORTED);
    }

    @Test(timeout = 240_000)
    public void copyOnYarnWritesEveryRecordToTheOtherSet() throws Exception {
        String out = runTool("copy", "--hosts", seed(), "--namespace", YarnCluster.NAMESPACE, "--set", SOURCE,
                "--to-set", COPIED);
        assertSummary(out, "copy", RECORDS);
        assertSameBins(SOURCE, COPIED);
    }

    private static String seed() {
        return "127.0.0.1:" + cluster.aerolite.port(0);
    }

    /** {@code hadoop jar <connector jar> <tool> <args>}, in a client JVM of its own; its output. */
    private static String runTool(String tool, String... args) throws Exception {
        Path work = TMP.newFolder(tool + "-" + System.nanoTime()).toPath();
        Path confDir = cluster.writeClientConfDir(work.resolve("conf"));
        List<String> argv = new ArrayList<>(Arrays.asList(ShippedJars.connector().toString(), tool));
        argv.addAll(Arrays.asList(args));
        ClientJvm.Result run = ClientJvm.run(confDir, work, 200, "org.apache.hadoop.util.RunJar", argv);
        assertEquals(tool + " failed; its output:\n" + run.output, 0, run.exitStatus);
        assertTrue(tool + " did not run on YARN; its output:\n" + run.output, JOB_ON_YARN.matcher(run.output).find());
        return run.output;
    }

    private static void assertSummary(String output, String tool, long records) {
        Matcher m = SUMMARY.matcher(output);
        assertTrue("no summary line in:\n" + output, m.find());
        assertEquals(tool, m.group(1));
        assertEquals("records in the summary of " + tool, records, Long.parseLong(m.group(2)));
        assertTrue("bytes in the summary of " + tool, Long.parseLong(m.group(3)) > 0);
        assertEquals("failures in the summary of " + tool, 0, Long.parseLong(m.group(4)));
    }

    /** Both sets hold the same user keys, each with the same bins, values compared deeply. */
    private static void assertSameBins(String expectedSet, String actualSet) {
        StoredSet expected = StoredSet.scan(cluster.client, expectedSet);
        StoredSet actual = StoredSet.scan(cluster.client, actualSet);
        assertEquals(Collections.emptyList(), actual.withoutKey);
        assertEquals(Collections.emptyList(), actual.repeated);
        assertEquals(RECORDS, expected.byKey.size());
        assertEquals(new TreeMap<>(comparable(expected)), new TreeMap<>(comparable(actual)));
    }

    private static Map<String, Object> comparable(StoredSet set) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Record> e : set.byKey.entrySet()) {
            out.put(String.valueOf(e.getKey()), comparable(e.getValue().bins));
        }
        return out;
    }

    /** Values with arrays made comparable: byte[] as base64 text; lists and maps element by element. */
    private static Object comparable(Object v) {
        if (v instanceof byte[]) {
            return "blob:" + Base64.getEncoder().encodeToString((byte[]) v);
        } else if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object e : (List<?>) v) {
                out.add(comparable(e));
            }
            return out;
        } else if (v instanceof Map) {
            Map<Object, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), comparable(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
