package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.read.InputCounters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;

/**
 * {@code count}: records per set and, per set, records holding each bin, read through the
 * connector's reader (with the server-side filter, if given), next to the server's own count of
 * each set. Output lines:
 *
 * <pre>
 * COUNT set=&lt;set&gt; records=&lt;n&gt; server_objects=&lt;n or -&gt;
 * COUNT set=&lt;set&gt; bin=&lt;bin&gt; records=&lt;n&gt;
 * </pre>
 */
final class CountTool extends AerospikeTool {
    private static final ToolArgs.Option SET = ToolArgs.Option.value("set", "set", "set to count (default: every set of the namespace)");
    private static final ToolArgs.Option OUTPUT = ToolArgs.Option.value("output", "dir",
            "also keep the counts as text (set TAB bin TAB count) in this new directory");

    private Path outputDir;
    private boolean temporaryOutput;

    CountTool(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    String name() {
        return "count";
    }

    @Override
    String description() {
        return "Counts the records of a set (or of every set of a namespace) and, per set, the records holding each\n"
                + "bin, through the connector's reader. Prints the server's own count of each set next to it\n"
                + "(sets/<ns>/<set> objects over the replication factor); with --filter, only the records passing\n"
                + "the filter are counted, and the server's figures still count every record; likewise with\n"
                + "--partitions, which counts only the records of those partitions.";
    }

    @Override
    List<ToolArgs.Option> options() {
        List<ToolArgs.Option> options = new ArrayList<>(ClusterOptions.readOptions(SET));
        options.remove(ClusterOptions.BINS);
        options.add(OUTPUT);
        return options;
    }

    @Override
    String examples() {
        return "  " + Main.COMMAND + " count --hosts 10.0.0.1:3000 --namespace test --set users\n"
                + "  " + Main.COMMAND + " count -D aerospike.input.host=10.0.0.1 --namespace test --filter <base64>\n";
    }

    @Override
    List<? extends ClusterSettings> clusters(Configuration jobConf) throws IOException {
        return Collections.singletonList(ReadConfig.from(jobConf));
    }

    @Override
    Job createJob(ToolArgs args) throws UsageException, IOException {
        Configuration conf = new Configuration(getConf());
        ClusterOptions.applyRead(args, conf, "set");
        ClusterOptions.checkRead(args, conf);
        FileSystem fs = FileSystem.get(conf);
        if (args.has("output")) {
            outputDir = new Path(args.get("output"));
            if (fs.exists(outputDir)) {
                throw new UsageException("--output: " + outputDir + " already exists");
            }
        } else {
            outputDir = new Path(conf.get("hadoop.tmp.dir", System.getProperty("java.io.tmpdir")),
                    "aerohadoop-count-" + UUID.randomUUID());
            temporaryOutput = true;
        }
        Job job = Job.getInstance(conf, "aerohadoop count " + describe(conf));
        job.setJarByClass(CountTool.class);
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(CountMapper.class);
        job.setCombinerClass(LongSumReducer.class);
        job.setReducerClass(LongSumReducer.class);
        job.setNumReduceTasks(1);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(LongWritable.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, outputDir);
        return job;
    }

    private static String describe(Configuration conf) {
        String set = conf.getTrimmed(InputKeys.SET_NAME);
        return conf.getTrimmed(InputKeys.NAMESPACE) + (set == null ? "" : "." + set);
    }

    @Override
    void afterJob(Job job, ToolArgs args, boolean succeeded) throws IOException {
        Configuration conf = job.getConfiguration();
        FileSystem fs = outputDir.getFileSystem(conf);
        try {
            if (!succeeded) {
                return;
            }
            // set → bin ("" for the record count) → count, sorted for a stable report.
            Map<String, Map<String, Long>> counts = new TreeMap<>();
            for (FileStatus part : fs.listStatus(outputDir, p -> p.getName().startsWith("part-"))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split("\t", -1);
                        counts.computeIfAbsent(f[0], s -> new TreeMap<>()).put(f[1], Long.parseLong(f[2]));
                    }
                }
            }
            ReadConfig config = ReadConfig.from(conf);
            if (counts.isEmpty() && config.set() != null) {
                counts.put(config.set(), new TreeMap<>());
            }
            try (ServerSetStats server = ServerSetStats.open(config)) {
                for (Map.Entry<String, Map<String, Long>> set : counts.entrySet()) {
                    String name = set.getKey();
                    OptionalLong objects = name.isEmpty() ? OptionalLong.empty() : server.objects(name);
                    out.println("COUNT set=" + (name.isEmpty() ? "<none>" : name) + " records="
                            + set.getValue().getOrDefault("", 0L) + " server_objects="
                            + (objects.isPresent() ? Long.toString(objects.getAsLong()) : "-"));
                    for (Map.Entry<String, Long> bin : set.getValue().entrySet()) {
                        if (!bin.getKey().isEmpty()) {
                            out.println("COUNT set=" + (name.isEmpty() ? "<none>" : name) + " bin=" + bin.getKey()
                                    + " records=" + bin.getValue());
                        }
                    }
                }
            }
            if (config.filterExp() != null) {
                out.println("(records counted through the filter; server_objects counts every record of the set)");
            }
            if (!config.readsEveryPartition()) {
                out.println("(records counted in partitions " + config.partitionFirst() + "-" + config.partitionLast()
                        + " only; server_objects counts every partition)");
            }
        } finally {
            if (temporaryOutput) {
                fs.delete(outputDir, true);
            }
        }
    }

    @Override
    Summary summarize(Counters counters) {
        return new Summary(counter(counters, InputCounters.GROUP, InputCounters.RECORDS),
                counter(counters, InputCounters.GROUP, InputCounters.BYTES),
                counter(counters, JobCounter.NUM_FAILED_MAPS) + counter(counters, JobCounter.NUM_FAILED_REDUCES));
    }
}
