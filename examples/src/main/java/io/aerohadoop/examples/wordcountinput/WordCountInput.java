package io.aerohadoop.examples.wordcountinput;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapred.AerospikeInputFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.StringTokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reducer;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Word count over an Aerospike set (old MapReduce API): every record's text bin (default
 * {@code line}, or {@value #BIN_KEY}; or the one named by {@code aerospike.input.value.bin}) is cut
 * into whitespace-separated words, and the counts are written as {@code word<TAB>count} text files
 * to the output directory.
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.wordcountinput.WordCountInput -libjars aerohadoop.jar \
 *     -D aerospike.input.host=127.0.0.1 -D aerospike.input.port=3000 \
 *     -D aerospike.input.namespace=test -D aerospike.input.setname=lines &lt;output dir&gt;
 * </pre>
 */
public final class WordCountInput extends Configured implements Tool {
    /** The bin holding the text; read alone from the server (aerospike.input.binnames). */
    public static final String BIN_KEY = "examples.wordcount.bin";
    public static final String DEFAULT_BIN = "line";

    /** Records skipped because the bin was missing or not a string. */
    public enum Counters { RECORDS_WITHOUT_TEXT }

    public static final class WordMapper extends MapReduceBase
            implements Mapper<AerospikeKey, Writable, Text, IntWritable> {
        private static final IntWritable ONE = new IntWritable(1);
        private final Text word = new Text();
        private String bin = DEFAULT_BIN;

        @Override
        public void configure(JobConf job) {
            bin = job.get(BIN_KEY, DEFAULT_BIN);
        }

        @Override
        public void map(AerospikeKey key, Writable value, OutputCollector<Text, IntWritable> out, Reporter reporter)
                throws IOException {
            // A record (the default), or the bin's string itself with aerospike.input.value.bin.
            Object text = value instanceof Text ? value.toString() : ((AerospikeRecord) value).get(bin);
            if (!(text instanceof String)) {
                reporter.incrCounter(Counters.RECORDS_WITHOUT_TEXT, 1);
                return;
            }
            StringTokenizer words = new StringTokenizer((String) text);
            while (words.hasMoreTokens()) {
                word.set(words.nextToken());
                out.collect(word, ONE);
            }
        }
    }

    /** Adds the counts up; also the combiner. */
    public static final class SumReducer extends MapReduceBase
            implements Reducer<Text, IntWritable, Text, IntWritable> {
        private final IntWritable total = new IntWritable();

        @Override
        public void reduce(Text word, Iterator<IntWritable> counts, OutputCollector<Text, IntWritable> out,
                Reporter reporter) throws IOException {
            int sum = 0;
            while (counts.hasNext()) {
                sum += counts.next().get();
            }
            total.set(sum);
            out.collect(word, total);
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: WordCountInput [-D aerospike.input.*=...] <output dir>");
            return 2;
        }
        JobClient.runJob(createJob(getConf(), new Path(args[0])));
        return 0;
    }

    /** The job, configured from {@code conf} (the aerospike.input.* keys), writing to {@code output}. */
    public static JobConf createJob(Configuration conf, Path output) {
        JobConf job = new JobConf(conf, WordCountInput.class);
        job.setJobName("aerohadoop word count input");
        job.setInputFormat(AerospikeInputFormat.class);
        if (job.get("aerospike.input.binnames") == null && job.get("aerospike.input.value.bin") == null) {
            job.set("aerospike.input.binnames", job.get(BIN_KEY, DEFAULT_BIN));
        }
        job.setMapperClass(WordMapper.class);
        job.setCombinerClass(SumReducer.class);
        job.setReducerClass(SumReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(IntWritable.class);
        job.setOutputFormat(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new WordCountInput(), args));
    }
}
