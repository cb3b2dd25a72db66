package io.aerohadoop.yarnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.WritePolicy;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.TaskReport;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The stock WordCount of hadoop-mapreduce-examples 3.4.2, unchanged, submitted to YARN from a client
 * JVM of its own as {@code hadoop jar} would, with the connector jar only in {@code -libjars}: it
 * reads a set loaded line by line from a text and writes one record per word back.
 */
public class StockWordCountOnYarnTest {
    private static final String LINES_SET = "yw_lines";
    private static final String COUNTS_SET = "yw_counts";
    private static final int LINES = 400;
    private static final String CONNECTOR_CLASS = "io.aerohadoop.mapreduce.AerospikeInputFormat";
    private static final Pattern JOB_ID = Pattern.compile("Running job: (job_\\d+_\\d+)");

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static YarnCluster cluster;
    private static List<String> lines;

    @BeforeClass
    public static void loadLines() throws Exception {
        cluster = YarnCluster.get();
        lines = Words.lines(LINES, 8);
        WritePolicy policy = new WritePolicy();
        policy.sendKey = true;
        for (int i = 0; i < lines.size(); i++) {
            cluster.client.put(policy, new Key(YarnCluster.NAMESPACE, LINES_SET, i), new Bin("line", lines.get(i)));
        }
    }

    @Test
    public void theConnectorIsOnNeitherTheTestJvmsNorTheNodeManagersClasspath() throws Exception {
        try {
            Class.forName(CONNECTOR_CLASS);
            fail(CONNECTOR_CLASS + " is on the test JVM's classpath: the jobs would not prove -libjars works");
        } catch (ClassNotFoundException expected) {
            // The only way to the tasks is the distributed cache.
        }
        try {
            Class.forName(CONNECTOR_CLASS, false, NodeManager.class.getClassLoader());
            fail(CONNECTOR_CLASS + " is on the NodeManager's classpath");
        } catch (ClassNotFoundException expected) {
            // Neither can the NodeManager (whose classpath, in a mini cluster, containers inherit).
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            assertFalse(entry, new File(entry).getName().startsWith("aerohadoop-"));
            assertFalse(entry, entry.startsWith(ShippedJars.connector().getParent().toString()));
        }
    }

    @Test(timeout = 240_000)
    public void stockWordCountShippedWithLibjarsCountsEveryWordOfTheSetIntoOneRecordPerWord() throws Exception {
        Path work = TMP.newFolder("wordcount").toPath();
        Path confDir = cluster.writeClientConfDir(work.resolve("conf"));
        List<String> args = new ArrayList<>(Arrays.asList("-libjars", ShippedJars.connector().toString()));
        args.addAll(YarnCluster.options(
                "mapreduce.job.inputformat.class=io.aerohadoop.mapreduce.AerospikeInputFormat",
                "mapreduce.job.outputformat.class=io.aerohadoop.mapreduce.AerospikeOutputFormat",
                "aerospike.input.value.bin=line", "aerospike.input.splits=2", "aerospike.output.binname=count"));
        args.addAll(cluster.inputOptions(LINES_SET));
        args.addAll(cluster.outputOptions(COUNTS_SET));
        // WordCount insists on two paths; the connector's formats use neither.
        args.addAll(Arrays.asList("/yarnit/wordcount/unused-input", "/yarnit/wordcount/unused-output"));

        ClientJvm.Result run = ClientJvm.run(confDir, work, 200, "org.apache.hadoop.examples.WordCount", args);
        assertEquals("WordCount failed; its output:\n" + run.output, 0, run.exitStatus);
        Matcher m = JOB_ID.matcher(run.output);
        assertTrue("no job id in the client's output:\n" + run.output, m.find());
        String jobId = m.group(1);

        Map<String, Long> expected = Words.count(lines);
        assertTrue("too few distinct words to prove much: " + expected.size(), expected.size() > 30);
        StoredSet stored = StoredSet.scan(cluster.client, COUNTS_SET);
        assertEquals(Collections.emptyList(), stored.withoutKey);
        assertEquals(Collections.emptyList(), stored.repeated);
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<Object, Record> e : stored.byKey.entrySet()) {
            assertEquals("bins of " + e.getKey(), Collections.singleton("count"), e.getValue().bins.keySet());
            counts.put((String) e.getKey(), e.getValue().getLong("count"));
        }
        assertEquals(expected, counts);
        assertFalse("the output format wrote files", cluster.fs().exists(new org.apache.hadoop.fs.Path(
                "/yarnit/wordcount/unused-output")));

        Job job = new Cluster(cluster.jobConf()).getJob(JobID.forName(jobId));
        Counters counters = job.getCounters();
        assertEquals(LINES, counters.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(),
                counters.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue());

        // The container of each task's successful attempt loaded the native library from the jar
        // the distributed cache gave it.
        Map<String, String> syslogs = ContainerLogs.syslogs(cluster.nodeManagerLogDirs(),
                ContainerLogs.applicationId(jobId));
        List<TaskReport> tasks = new ArrayList<>(Arrays.asList(job.getTaskReports(TaskType.MAP)));
        tasks.addAll(Arrays.asList(job.getTaskReports(TaskType.REDUCE)));
        assertEquals("2 maps (aerospike.input.splits) and 1 reduce", 3, tasks.size());
        Set<String> containers = new HashSet<>();
        for (TaskReport task : tasks) {
            String attempt = task.getSuccessfulTaskAttemptId().toString();
            String container = ContainerLogs.containerOf(syslogs, attempt);
            assertTrue(attempt + " ran in the AM's container", !container.endsWith("_000001"));
            assertTrue(container + " (" + attempt + ") did not load the library from the jar:\n" + syslogs.get(container),
                    syslogs.get(container).contains(
                            "native library 0.1.0 loaded from jar:/native/linux-x86_64/libaerohadoop.so via "));
            containers.add(container);
        }
        assertEquals("one container per task", tasks.size(), containers.size());
    }
}
