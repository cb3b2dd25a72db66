package io.aerohadoop.examples.wordcountoutput;

import io.aerohadoop.mapred.AerospikeOutputFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.StringTokenizer;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reducer;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Word count of text files into Aerospike (old MapReduce API): one record per word, user key the
 * word, bins {@code word} and {@code count}. No custom output code: the reducer emits a
 * {@link MapWritable} of bins, which the connector's output format writes as they are.
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.wordcountoutput.WordCountOutput -libjars aerohadoop.jar \
 *     -D aerospike.output.host=127.0.0.1 -D aerospike.output.port=3000 \
 *     -D aerospike.output.namespace=test -D aerospike.output.setname=wordcounts &lt;input path&gt;...
 * </pre>
 */
public final class WordCountOutput extends Configured implements Tool {
    public static final Text WORD_BIN = new Text("word");
    public static final Text COUNT_BIN = new Text("count");

    public static final class WordMapper extends MapReduceBase
            implements Mapper<LongWritable, Text, Text, IntWritable> {
        private static final IntWritable ONE = new IntWritable(1);
        private final Text word = new Text();

        @Override
        public void map(LongWritable offset, Text line, OutputCollector<Text, IntWritable> out, Reporter reporter)
                throws IOException {
            StringTokenizer words = new StringTokenizer(line.toString());
            while (words.hasMoreTokens()) {
                word.set(words.nextToken());
                out.collect(word, ONE);
            }
        }
    }

    /** The combiner: partial sums. */
    public static final class SumCombiner extends MapReduceBase
            implements Reducer<Text, IntWritable, Text, IntWritable> {
        private final IntWritable total = new IntWritable();

        @Override
        public void reduce(Text word, Iterator<IntWritable> counts, OutputCollector<Text, IntWritable> out,
                Reporter reporter) throws IOException {
            total.set(sum(counts));
            out.collect(word, total);
        }
    }

    /** One record per word: key the word, bins word and count. */
    public static final class RecordReducer extends MapReduceBase
            implements Reducer<Text, IntWritable, Text, MapWritable> {
        @Override
        public void reduce(Text word, Iterator<IntWritable> counts, OutputCollector<Text, MapWritable> out,
                Reporter reporter) throws IOException {
            MapWritable bins = new MapWritable();
            bins.put(WORD_BIN, new Text(word));
            bins.put(COUNT_BIN, new IntWritable(sum(counts)));
            out.collect(word, bins);
        }
    }

    static int sum(Iterator<IntWritable> counts) {
        int sum = 0;
        while (counts.hasNext()) {
            sum += counts.next().get();
        }
        return sum;
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: WordCountOutput [-D aerospike.output.*=...] <input path>...");
            return 2;
        }
        JobConf job = new JobConf(getConf(), WordCountOutput.class);
        job.setJobName("aerohadoop word count output");
        for (String input : args) {
            FileInputFormat.addInputPath(job, new Path(input));
        }
        job.setInputFormat(TextInputFormat.class);
        job.setMapperClass(WordMapper.class);
        job.setCombinerClass(SumCombiner.class);
        job.setReducerClass(RecordReducer.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(IntWritable.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(MapWritable.class);
        job.setOutputFormat(AerospikeOutputFormat.class);
        JobClient.runJob(job);
        return 0;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new WordCountOutput(), args));
    }
}
