package io.aerohadoop.examples.generateprofiles;

import io.aerohadoop.examples.weblog.AccessLogEntry;
import io.aerohadoop.examples.weblog.WebLogCounters;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapred.AerospikeOutputFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
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
 * Builds one profile record per user from a web log (old MapReduce API): user key the numeric user
 * id, bins {@code userid}, {@code hits}, {@code bytes}, {@code errors} (answers with status 400 and
 * above), {@code first} and {@code last} (epoch seconds). Malformed lines are skipped and counted.
 * The profiles are what {@link io.aerohadoop.examples.externaljoin.ExternalJoin} joins sessions with.
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.generateprofiles.GenerateProfiles -libjars aerohadoop.jar \
 *     -D aerospike.output.host=127.0.0.1 -D aerospike.output.port=3000 \
 *     -D aerospike.output.namespace=test -D aerospike.output.setname=profiles examples/data/access.log
 * </pre>
 */
public final class GenerateProfiles extends Configured implements Tool {
    public static final class HitMapper extends MapReduceBase
            implements Mapper<LongWritable, Text, LongWritable, ProfileStats> {
        private final LongWritable user = new LongWritable();
        private final ProfileStats stats = new ProfileStats();

        @Override
        public void map(LongWritable offset, Text line, OutputCollector<LongWritable, ProfileStats> out,
                Reporter reporter) throws IOException {
            Optional<AccessLogEntry> entry = AccessLogEntry.parse(line.toString());
            if (!entry.isPresent()) {
                reporter.incrCounter(WebLogCounters.MALFORMED_LINES, 1);
                return;
            }
            user.set(entry.get().userId());
            stats.set(entry.get());
            out.collect(user, stats);
        }
    }

    /** Merges a map task's partial profiles. */
    public static final class MergeCombiner extends MapReduceBase
            implements Reducer<LongWritable, ProfileStats, LongWritable, ProfileStats> {
        private final ProfileStats total = new ProfileStats();

        @Override
        public void reduce(LongWritable user, Iterator<ProfileStats> parts,
                OutputCollector<LongWritable, ProfileStats> out, Reporter reporter) throws IOException {
            merge(parts, total);
            out.collect(user, total);
        }
    }

    /** One record per user. */
    public static final class ProfileReducer extends MapReduceBase
            implements Reducer<LongWritable, ProfileStats, LongWritable, AerospikeRecord> {
        private final ProfileStats total = new ProfileStats();

        @Override
        public void reduce(LongWritable user, Iterator<ProfileStats> parts,
                OutputCollector<LongWritable, AerospikeRecord> out, Reporter reporter) throws IOException {
            merge(parts, total);
            out.collect(user, new AerospikeRecord()
                    .put("userid", user.get())
                    .put("hits", total.hits())
                    .put("bytes", total.bytes())
                    .put("errors", total.errors())
                    .put("first", total.first())
                    .put("last", total.last()));
        }
    }

    static void merge(Iterator<ProfileStats> parts, ProfileStats into) {
        into.clear();
        while (parts.hasNext()) {
            into.merge(parts.next());
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenerateProfiles [-D aerospike.output.*=...] <log path>...");
            return 2;
        }
        JobConf job = new JobConf(getConf(), GenerateProfiles.class);
        job.setJobName("aerohadoop generate profiles");
        for (String input : args) {
            FileInputFormat.addInputPath(job, new Path(input));
        }
        job.setInputFormat(TextInputFormat.class);
        job.setMapperClass(HitMapper.class);
        job.setCombinerClass(MergeCombiner.class);
        job.setReducerClass(ProfileReducer.class);
        job.setMapOutputKeyClass(LongWritable.class);
        job.setMapOutputValueClass(ProfileStats.class);
        job.setOutputKeyClass(LongWritable.class);
        job.setOutputValueClass(AerospikeRecord.class);
        job.setOutputFormat(AerospikeOutputFormat.class);
        JobClient.runJob(job);
        return 0;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new GenerateProfiles(), args));
    }
}
