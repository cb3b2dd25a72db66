package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each bad configuration fails the job at submission, in {@code getSplits}, before any task runs,
 * and the failure names the key at fault (and its value where there is one).
 */
public class BadConfigurationJobTest {
    private static final String SET = "present";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;

    @BeforeClass
    public static void startClusterWithOneSet() throws Exception {
        cluster = ClusterFixture.start(3, 2);
        DataLoader loader = new DataLoader(cluster.client, ClusterFixture.NAMESPACE);
        loader.putNumbers(SET, 50);
        loader.createNumericIndex(SET, DataLoader.NUMBER_BIN);
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Before
    public void resetTaskCount() {
        CountingMapper.STARTED.set(0);
    }

    /** Counts map tasks that got as far as running user code; this JVM runs them all. */
    public static final class CountingMapper extends Mapper<Object, Object, NullWritable, NullWritable> {
        static final AtomicInteger STARTED = new AtomicInteger();

        @Override
        protected void setup(Context context) {
            STARTED.incrementAndGet();
        }
    }

    private Configuration validConf() throws IOException {
        Configuration conf = LocalJobs.conf(TMP.newFolder().toPath());
        cluster.setInput(conf, SET);
        return conf;
    }

    /** Submits a map-only job with {@code conf}; returns the failure's text, or fails if none. */
    private String submissionFailure(Configuration conf) throws Exception {
        Job job = Job.getInstance(conf, "bad configuration");
        job.setInputFormatClass(io.aerohadoop.mapreduce.AerospikeInputFormat.class);
        job.setMapperClass(CountingMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputFormatClass(NullOutputFormat.class);
        try {
            job.submit();
        } catch (Exception e) {
            // The local runner runs tasks in this JVM: none may have reached user code.
            assertEquals("a map task started although the configuration is bad", 0, CountingMapper.STARTED.get());
            return Failures.chain(e);
        }
        job.waitForCompletion(false);
        fail("the job was submitted; map tasks started: " + CountingMapper.STARTED.get() + ", succeeded: "
                + job.isSuccessful());
        throw new AssertionError("unreachable");
    }

    private static void assertNames(String failure, String... fragments) {
        for (String f : fragments) {
            assertTrue("the failure does not name '" + f + "':\n" + failure, failure.contains(f));
        }
    }

    @Test
    public void aValidConfigurationRunsItsTasks() throws Exception {
        // The baseline that makes the failures below mean something: same job, good settings.
        Job job = Job.getInstance(validConf(), "valid configuration");
        job.setInputFormatClass(io.aerohadoop.mapreduce.AerospikeInputFormat.class);
        job.setMapperClass(CountingMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputFormatClass(NullOutputFormat.class);
        assertTrue(job.waitForCompletion(false));
        assertTrue(CountingMapper.STARTED.get() > 0);
    }

    @Test
    public void noNamespaceFailsNamingTheNamespaceKey() throws Exception {
        Configuration conf = validConf();
        conf.unset("aerospike.input.namespace");
        assertNames(submissionFailure(conf), "aerospike.input.namespace");
    }

    @Test
    public void unknownSplitModeFailsNamingTheKeyAndValue() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.split.mode", "diagonal");
        assertNames(submissionFailure(conf), "aerospike.input.split.mode", "diagonal");
    }

    @Test
    public void numrangeBeginAfterEndFailsNamingTheRangeKeys() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.operation", "numrange");
        conf.set("aerospike.input.numrange.bin", DataLoader.NUMBER_BIN);
        conf.setLong("aerospike.input.numrange.begin", 700);
        conf.setLong("aerospike.input.numrange.end", 600);
        assertNames(submissionFailure(conf), "aerospike.input.numrange.begin", "700", "600");
    }

    @Test
    public void unreachableHostFailsNamingTheHostKeyAndAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Configuration conf = validConf();
        conf.setInt("aerospike.input.port", closedPort);
        conf.setInt("aerospike.input.timeout.ms", 2_000);
        assertNames(submissionFailure(conf), "aerospike.input.host", Integer.toString(closedPort));
    }

    @Test
    public void missingSetFailsNamingTheSetKey() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.setname", "no_such_set");
        assertNames(submissionFailure(conf), "aerospike.input.setname", "no_such_set");
    }

    @Test
    public void missingValueBinFailsNamingTheValueBinKey() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.value.bin", "no_such_bin");
        assertNames(submissionFailure(conf), "aerospike.input.value.bin", "no_such_bin");
    }

    @Test
    public void numrangeBinWithoutIndexFailsNamingTheNumrangeBinKey() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.operation", "numrange");
        conf.set("aerospike.input.numrange.bin", "no_such_bin");
        conf.setLong("aerospike.input.numrange.begin", 0);
        conf.setLong("aerospike.input.numrange.end", 10);
        assertNames(submissionFailure(conf), "aerospike.input.numrange.bin", "no_such_bin");
    }

    @Test
    public void numrangeWithoutBinFailsNamingTheNumrangeBinKey() throws Exception {
        Configuration conf = validConf();
        conf.set("aerospike.input.operation", "numrange");
        conf.setLong("aerospike.input.numrange.begin", 0);
        conf.setLong("aerospike.input.numrange.end", 10);
        assertNames(submissionFailure(conf), "aerospike.input.numrange.bin");
    }
}
