package io.aerohadoop.yarnit.jobs;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Reads a set of records with an integer bin {@code n} and writes one record per {@code n} (bins
 * {@code n}, {@code square} and the facts of the JVMs of the map and reduce tasks that handled it)
 * to another set; every connector key comes from {@code -D}. With {@code mapreduce.job.reduces=0}
 * the map tasks write. Exit status 0 when the job succeeded.
 */
public final class ProbeJob extends Configured implements Tool {
    /** The job's name, by which a test finds it on the cluster afterwards. */
    public static final String NAME_KEY = "yarnit.job.name";

    @Override
    public int run(String[] args) throws Exception {
        Job job = Job.getInstance(getConf(), getConf().get(NAME_KEY, "aerohadoop yarn probe"));
        job.setJarByClass(ProbeJob.class);
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(ProbeMapper.class);
        job.setReducerClass(ProbeReducer.class);
        job.setMapOutputKeyClass(LongWritable.class);
        job.setMapOutputValueClass(AerospikeRecord.class);
        job.setOutputKeyClass(LongWritable.class);
        job.setOutputValueClass(AerospikeRecord.class);
        job.setOutputFormatClass(AerospikeOutputFormat.class);
        return job.waitForCompletion(true) ? 0 : 1;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new ProbeJob(), args));
    }
}
