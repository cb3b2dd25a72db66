package io.aerohadoop.examples.sessionrollup;

import io.aerohadoop.examples.weblog.AccessLogEntry;
import io.aerohadoop.examples.weblog.Session;
import io.aerohadoop.examples.weblog.SessionSettings;
import io.aerohadoop.examples.weblog.WebLogCounters;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Rolls web-log hits up into sessions (new MapReduce API): each user's hits, in time order, form a
 * session until a gap longer than {@value SessionSettings#GAP_KEY} minutes (default 20). One
 * Aerospike record per session, user key {@code <user>-<start>}, bins {@code userid}, {@code start}
 * and {@code end} (epoch seconds of the first and last hit), {@code duration} (seconds) and
 * {@code hits}. Malformed lines are skipped and counted.
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.sessionrollup.SessionRollup -libjars aerohadoop.jar \
 *     -D aerospike.output.host=127.0.0.1 -D aerospike.output.port=3000 \
 *     -D aerospike.output.namespace=test -D aerospike.output.setname=sessions examples/data/access.log
 * </pre>
 */
public final class SessionRollup extends Configured implements Tool {
    /** (user id, hit time in epoch seconds) for each well-formed line. */
    public static final class HitMapper extends Mapper<LongWritable, Text, LongWritable, LongWritable> {
        private final LongWritable user = new LongWritable();
        private final LongWritable time = new LongWritable();

        @Override
        protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
            Optional<AccessLogEntry> entry = AccessLogEntry.parse(line.toString());
            if (!entry.isPresent()) {
                context.getCounter(WebLogCounters.MALFORMED_LINES).increment(1);
                return;
            }
            user.set(entry.get().userId());
            time.set(entry.get().epochSeconds());
            context.write(user, time);
        }
    }

    /** Sorts one user's hit times and writes a record per session. */
    public static final class SessionReducer extends Reducer<LongWritable, LongWritable, Text, AerospikeRecord> {
        private final Text id = new Text();
        private long gapSeconds;

        @Override
        protected void setup(Context context) {
            gapSeconds = SessionSettings.gapSeconds(context.getConfiguration());
        }

        @Override
        protected void reduce(LongWritable user, Iterable<LongWritable> times, Context context)
                throws IOException, InterruptedException {
            long[] sorted = sortedTimes(times);
            for (Session s : Session.split(sorted, gapSeconds)) {
                id.set(Session.id(user.get(), s.start()));
                AerospikeRecord record = new AerospikeRecord()
                        .put("userid", user.get())
                        .put("start", s.start())
                        .put("end", s.end())
                        .put("duration", s.durationSeconds())
                        .put("hits", (long) s.hits());
                context.write(id, record);
            }
        }
    }

    /** The values of one reduce key, sorted; a user's hits fit in memory (one long each). */
    public static long[] sortedTimes(Iterable<LongWritable> times) {
        long[] buf = new long[16];
        int n = 0;
        for (LongWritable t : times) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = t.get();
        }
        long[] sorted = Arrays.copyOf(buf, n);
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SessionRollup [-D aerospike.output.*=...] <log path>...");
            return 2;
        }
        Path[] inputs = Arrays.stream(args).map(Path::new).toArray(Path[]::new);
        return createJob(getConf(), inputs).waitForCompletion(true) ? 0 : 1;
    }

    /** The job over {@code inputs}, configured from {@code conf} (the aerospike.output.* keys). */
    public static Job createJob(Configuration conf, Path... inputs) throws IOException {
        Job job = Job.getInstance(conf, "aerohadoop session rollup");
        job.setJarByClass(SessionRollup.class);
        SessionSettings.gapSeconds(job.getConfiguration());
        FileInputFormat.setInputPaths(job, inputs);
        job.setInputFormatClass(TextInputFormat.class);
        job.setMapperClass(HitMapper.class);
        job.setReducerClass(SessionReducer.class);
        job.setMapOutputKeyClass(LongWritable.class);
        job.setMapOutputValueClass(LongWritable.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(AerospikeRecord.class);
        job.setOutputFormatClass(AerospikeOutputFormat.class);
        return job;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new SessionRollup(), args));
    }
}
