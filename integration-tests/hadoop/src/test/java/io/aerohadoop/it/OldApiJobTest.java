package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.TextOutputFormat;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A job written against the old {@code org.apache.hadoop.mapred} API reads the same records. */
public class OldApiJobTest {
    private static final String SET = "old_api";
    private static final int RECORDS = 1500;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ClusterFixture cluster;
    private static Map<String, Long> loaded;

    @BeforeClass
    public static void loadNumbers() throws Exception {
        cluster = ClusterFixture.start(3, 2);
        loaded = new DataLoader(cluster.client, ClusterFixture.NAMESPACE).putNumbers(SET, RECORDS);
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The old-API twin of {@link DigestNumberMapper}. */
    public static final class OldApiDigestNumberMapper extends MapReduceBase
            implements Mapper<AerospikeKey, AerospikeRecord, Text, Text> {
        @Override
        public void map(AerospikeKey key, AerospikeRecord value, OutputCollector<Text, Text> out, Reporter reporter)
                throws IOException {
            out.collect(new Text(RecordFields.digestHex(key)),
                    new Text(Long.toString(RecordFields.longBin(value, DataLoader.NUMBER_BIN))));
        }
    }

    @Test
    public void oldApiJobReadsEveryRecordOnceInTheConfiguredSplits() throws Exception {
        JobConf conf = LocalJobs.jobConf(TMP.newFolder().toPath());
        cluster.setInput(conf, SET);
        conf.setInt("aerospike.input.splits", 4);
        conf.setJobName("old api identity");
        conf.setInputFormat(io.aerohadoop.mapred.AerospikeInputFormat.class);
        conf.setMapperClass(OldApiDigestNumberMapper.class);
        conf.setNumReduceTasks(0);
        conf.setOutputKeyClass(Text.class);
        conf.setOutputValueClass(Text.class);
        conf.setOutputFormat(TextOutputFormat.class);
        Path out = TMP.getRoot().toPath().resolve("out");
        FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(out.toUri()));

        RunningJob job = JobClient.runJob(conf);

        assertTrue(job.isSuccessful());
        // The old API's getSplits takes a hint; aerospike.input.splits decides, as in the new API.
        assertEquals("map tasks run (part files)", 4, JobOutput.partFiles(out).size());
        Multiset.assertSame("records read", Multiset.ofRecords(loaded), Multiset.of(JobOutput.lines(out)));
    }
}
