package io.aerohadoop.examples.aggregateintinput;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Aggregates an integer bin (new MapReduce API), typically over a numeric range read through a
 * secondary index ({@code aerospike.input.operation=numrange}): count, sum, minimum and maximum per
 * bucket {@code value mod buckets} ({@value #BUCKETS_KEY}, default 10; 1 gives one overall line),
 * written as {@code bucket<TAB>count<TAB>sum<TAB>min<TAB>max} text files.
 * The bin is {@value #BIN_KEY}, by default {@code aerospike.input.numrange.bin}.
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.aggregateintinput.AggregateIntInput -libjars aerohadoop.jar \
 *     -D aerospike.input.host=127.0.0.1 -D aerospike.input.port=3000 \
 *     -D aerospike.input.namespace=test -D aerospike.input.setname=integers \
 *     -D aerospike.input.operation=numrange -D aerospike.input.numrange.bin=n \
 *     -D aerospike.input.numrange.begin=-1000 -D aerospike.input.numrange.end=2000 &lt;output dir&gt;
 * </pre>
 */
public final class AggregateIntInput extends Configured implements Tool {
    public static final String BIN_KEY = "examples.aggregate.bin";
    public static final String BUCKETS_KEY = "examples.aggregate.buckets";
    public static final int DEFAULT_BUCKETS = 10;

    /** Records skipped because the bin was missing or not an integer. */
    public enum Counters { RECORDS_WITHOUT_INTEGER }

    public static final class BucketMapper extends Mapper<AerospikeKey, Writable, LongWritable, IntStats> {
        private final LongWritable bucket = new LongWritable();
        private final IntStats one = new IntStats();
        private String bin;
        private int buckets;

        @Override
        protected void setup(Context context) {
            bin = bin(context.getConfiguration());
            buckets = buckets(context.getConfiguration());
        }

        @Override
        protected void map(AerospikeKey key, Writable value, Context context) throws IOException, InterruptedException {
            Object n = ((AerospikeRecord) value).get(bin);
            if (!(n instanceof Long)) {
                context.getCounter(Counters.RECORDS_WITHOUT_INTEGER).increment(1);
                return;
            }
            long v = (Long) n;
            bucket.set(Math.floorMod(v, buckets));
            one.clear();
            one.add(v);
            context.write(bucket, one);
        }
    }

    /** Merges partial aggregates; the combiner and the reducer. */
    public static final class MergeReducer extends Reducer<LongWritable, IntStats, LongWritable, IntStats> {
        private final IntStats total = new IntStats();

        @Override
        protected void reduce(LongWritable bucket, Iterable<IntStats> parts, Context context)
                throws IOException, InterruptedException {
            total.clear();
            for (IntStats part : parts) {
                total.merge(part);
            }
            context.write(bucket, total);
        }
    }

    static String bin(Configuration conf) {
        String bin = conf.get(BIN_KEY, conf.get("aerospike.input.numrange.bin"));
        if (bin == null || bin.isEmpty()) {
            throw new IllegalArgumentException("set " + BIN_KEY + " (or aerospike.input.numrange.bin): the integer bin");
        }
        return bin;
    }

    static int buckets(Configuration conf) {
        int buckets = conf.getInt(BUCKETS_KEY, DEFAULT_BUCKETS);
        if (buckets < 1) {
            throw new IllegalArgumentException(BUCKETS_KEY + " must be at least 1, not " + buckets);
        }
        return buckets;
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AggregateIntInput [-D aerospike.input.*=...] <output dir>");
            return 2;
        }
        return createJob(getConf(), new Path(args[0])).waitForCompletion(true) ? 0 : 1;
    }

    /** The job, configured from {@code conf}; fails early on a missing bin or a bad bucket count. */
    public static Job createJob(Configuration conf, Path output) throws IOException {
        Job job = Job.getInstance(conf, "aerohadoop aggregate int input");
        job.setJarByClass(AggregateIntInput.class);
        Configuration jc = job.getConfiguration();
        String bin = bin(jc);
        buckets(jc);
        if (jc.get("aerospike.input.binnames") == null) {
            jc.set("aerospike.input.binnames", bin);
        }
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(BucketMapper.class);
        job.setCombinerClass(MergeReducer.class);
        job.setReducerClass(MergeReducer.class);
        job.setOutputKeyClass(LongWritable.class);
        job.setOutputValueClass(IntStats.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new AggregateIntInput(), args));
    }
}
