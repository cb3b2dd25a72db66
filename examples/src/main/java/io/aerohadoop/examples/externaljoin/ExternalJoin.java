package io.aerohadoop.examples.externaljoin;

import io.aerohadoop.examples.weblog.AccessLogEntry;
import io.aerohadoop.examples.weblog.Session;
import io.aerohadoop.examples.weblog.SessionSettings;
import io.aerohadoop.examples.weblog.WebLogCounters;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Joins web-log sessions with user profiles kept in Aerospike (new MapReduce API), as a reduce-side
 * join of two inputs: the log files (TextInputFormat) and the profile set (the connector's
 * AerospikeInputFormat, {@code aerospike.input.*} keys). Both map to the numeric user id: a profile's
 * user key (or its {@code userid} bin). Each user's hits are cut into sessions as in
 * {@link io.aerohadoop.examples.sessionrollup.SessionRollup}; each session of a user with a profile
 * becomes one text line
 * {@code <user>-<start><TAB><user><TAB><start><TAB><end><TAB><hits><TAB>bin=value...} (the
 * profile's bins sorted by name; {@code aerospike.input.binnames} chooses them). Hits of users
 * without a profile are counted and left out (an inner join).
 *
 * <pre>
 * hadoop jar examples.jar io.aerohadoop.examples.externaljoin.ExternalJoin -libjars aerohadoop.jar \
 *     -D aerospike.input.host=127.0.0.1 -D aerospike.input.port=3000 \
 *     -D aerospike.input.namespace=test -D aerospike.input.setname=profiles \
 *     examples/data/access.log &lt;output dir&gt;
 * </pre>
 */
public final class ExternalJoin extends Configured implements Tool {
    /**
     * MultipleInputs keys its inputs by path; the Aerospike input reads no files, so it gets this
     * placeholder, never opened.
     */
    static final Path AEROSPIKE_INPUT = new Path("aerospike-input-placeholder");

    public enum Counters {
        /** Log hits of users that have no profile: not in the output. */
        HITS_WITHOUT_PROFILE,
        /** Profiles with neither an integer user key nor an integer userid bin: ignored. */
        PROFILES_WITHOUT_USER_ID,
        /** Users with more than one profile record (the last one read is used). */
        DUPLICATE_PROFILES
    }

    public static final class HitMapper extends Mapper<LongWritable, Text, LongWritable, JoinValue> {
        private final LongWritable user = new LongWritable();
        private final JoinValue hit = new JoinValue();

        @Override
        protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
            Optional<AccessLogEntry> entry = AccessLogEntry.parse(line.toString());
            if (!entry.isPresent()) {
                context.getCounter(WebLogCounters.MALFORMED_LINES).increment(1);
                return;
            }
            user.set(entry.get().userId());
            hit.setHit(entry.get().epochSeconds());
            context.write(user, hit);
        }
    }

    public static final class ProfileMapper extends Mapper<AerospikeKey, Writable, LongWritable, JoinValue> {
        private final LongWritable user = new LongWritable();
        private final JoinValue profile = new JoinValue();

        @Override
        protected void map(AerospikeKey key, Writable value, Context context) throws IOException, InterruptedException {
            AerospikeRecord record = (AerospikeRecord) value;
            Object id = key.userKey() instanceof Long ? key.userKey() : record.get("userid");
            if (!(id instanceof Long)) {
                context.getCounter(Counters.PROFILES_WITHOUT_USER_ID).increment(1);
                return;
            }
            user.set((Long) id);
            profile.setProfile(render(record.bins()));
            context.write(user, profile);
        }
    }

    /** {@code name=value} for each bin, sorted by name, tab-separated. */
    static String render(Map<String, Object> bins) {
        StringJoiner columns = new StringJoiner("\t");
        for (Map.Entry<String, Object> bin : new TreeMap<>(bins).entrySet()) {
            columns.add(bin.getKey() + "=" + bin.getValue());
        }
        return columns.toString();
    }

    public static final class JoinReducer extends Reducer<LongWritable, JoinValue, Text, Text> {
        private final Text id = new Text();
        private final Text row = new Text();
        private long gapSeconds;

        @Override
        protected void setup(Context context) {
            gapSeconds = SessionSettings.gapSeconds(context.getConfiguration());
        }

        @Override
        protected void reduce(LongWritable user, Iterable<JoinValue> values, Context context)
                throws IOException, InterruptedException {
            String profile = null;
            long[] times = new long[16];
            int n = 0;
            for (JoinValue v : values) {
                if (v.isProfile()) {
                    if (profile != null) {
                        context.getCounter(Counters.DUPLICATE_PROFILES).increment(1);
                    }
                    profile = v.columns();
                } else {
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = v.time();
                }
            }
            if (profile == null) {
                context.getCounter(Counters.HITS_WITHOUT_PROFILE).increment(n);
                return;
            }
            long[] sorted = Arrays.copyOf(times, n);
            Arrays.sort(sorted);
            for (Session s : Session.split(sorted, gapSeconds)) {
                id.set(Session.id(user.get(), s.start()));
                StringJoiner columns = new StringJoiner("\t");
                columns.add(Long.toString(user.get())).add(Long.toString(s.start())).add(Long.toString(s.end()))
                        .add(Integer.toString(s.hits()));
                if (!profile.isEmpty()) {
                    columns.add(profile);
                }
                row.set(columns.toString());
                context.write(id, row);
            }
        }
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ExternalJoin [-D aerospike.input.*=...] <log path>... <output dir>");
            return 2;
        }
        Path[] logs = Arrays.stream(args, 0, args.length - 1).map(Path::new).toArray(Path[]::new);
        return createJob(getConf(), new Path(args[args.length - 1]), logs).waitForCompletion(true) ? 0 : 1;
    }

    /** The job joining the profile set ({@code aerospike.input.*} of {@code conf}) with {@code logs}. */
    public static Job createJob(Configuration conf, Path output, Path... logs) throws IOException {
        Job job = Job.getInstance(conf, "aerohadoop external join");
        job.setJarByClass(ExternalJoin.class);
        SessionSettings.gapSeconds(job.getConfiguration());
        for (Path log : logs) {
            MultipleInputs.addInputPath(job, log, TextInputFormat.class, HitMapper.class);
        }
        MultipleInputs.addInputPath(job, AEROSPIKE_INPUT, AerospikeInputFormat.class, ProfileMapper.class);
        job.setReducerClass(JoinReducer.class);
        job.setMapOutputKeyClass(LongWritable.class);
        job.setMapOutputValueClass(JoinValue.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(Text.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new ExternalJoin(), args));
    }
}
