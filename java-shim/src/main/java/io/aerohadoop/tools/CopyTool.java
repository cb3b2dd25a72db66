package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.read.InputCounters;
import io.aerohadoop.write.OutputCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * {@code copy}: a set to another set, namespace or cluster in one map-only job: the connector's
 * reader on the source ({@code aerospike.input.*}), its writer on the target
 * ({@code aerospike.output.*}, defaulting to the source's cluster and namespace). Records keep
 * their user key (or digest) and, by default, their TTL; bins can be renamed.
 */
final class CopyTool extends AerospikeTool {
    private static final ToolArgs.Option SET = ToolArgs.Option.value("set", "set", "source set (required)");
    private static final List<ToolArgs.Option> TARGET = Arrays.asList(
            ToolArgs.Option.value("to-hosts", "host:port,...", "target cluster's seeds (default: the source cluster)"),
            ToolArgs.Option.value("to-namespace", "ns", "target namespace (default: the source namespace)"),
            ToolArgs.Option.value("to-set", "set", "target set (default: the source set)"),
            ToolArgs.Option.value("rename", "old=new,...", "rename bins on the way"),
            ToolArgs.Option.value("ttl", "keep|seconds", "keep: each record's TTL (default); seconds: -1 never expire,"
                    + " 0 namespace default, n > 0"),
            ToolArgs.Option.value("ttl-resolution", "seconds", "with --ttl keep: round TTLs up to a multiple of this (default 1)"),
            ClusterOptions.WRITE_MODE,
            ClusterOptions.ERRORS_MAX);

    CopyTool(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    String name() {
        return "copy";
    }

    @Override
    String description() {
        return "Copies the records of a set to another set, namespace or cluster, optionally only those passing a\n"
                + "filter expression and with bins renamed. Both clusters' settings live in one job: the source's are\n"
                + "aerospike.input.*, the target's aerospike.output.* (user, password, timeouts as -D).";
    }

    @Override
    List<ToolArgs.Option> options() {
        List<ToolArgs.Option> options = new ArrayList<>(ClusterOptions.readOptions(SET));
        options.addAll(TARGET);
        return options;
    }

    @Override
    String examples() {
        return "  " + Main.COMMAND + " copy --hosts 10.0.0.1:3000 --namespace test --set users --to-set users_v2"
                + " --rename fname=first_name\n"
                + "  " + Main.COMMAND + " copy --hosts 10.0.0.1:3000 --namespace test --set users --to-hosts 10.1.0.1:3000\n";
    }

    @Override
    List<? extends ClusterSettings> clusters(Configuration jobConf) throws IOException {
        return Arrays.<ClusterSettings>asList(ReadConfig.from(jobConf), WriteConfig.from(jobConf));
    }

    @Override
    Job createJob(ToolArgs args) throws UsageException, IOException {
        Configuration conf = new Configuration(getConf());
        ClusterOptions.applyRead(args, conf, "set");
        if (conf.getTrimmed(InputKeys.SET_NAME, "").isEmpty()) {
            throw new UsageException("--set is required (or -D " + InputKeys.SET_NAME + "=<set>)");
        }
        ClusterOptions.checkRead(args, conf);

        // The target defaults to the source's cluster, namespace and set, unless -D says otherwise.
        if (args.has("to-hosts")) {
            args.copyTo(conf, "to-hosts", OutputKeys.HOSTS);
        } else if (conf.get(OutputKeys.HOSTS) == null && conf.get(OutputKeys.HOST) == null) {
            copyKey(conf, InputKeys.HOSTS, OutputKeys.HOSTS);
            copyKey(conf, InputKeys.HOST, OutputKeys.HOST);
            copyKey(conf, InputKeys.PORT, OutputKeys.PORT);
            copyKey(conf, InputKeys.USER, OutputKeys.USER);
            copyKey(conf, InputKeys.PASSWORD, OutputKeys.PASSWORD);
        }
        if (args.has("to-namespace")) {
            args.copyTo(conf, "to-namespace", OutputKeys.NAMESPACE);
        } else if (conf.get(OutputKeys.NAMESPACE) == null) {
            copyKey(conf, InputKeys.NAMESPACE, OutputKeys.NAMESPACE);
        }
        String sourceSet = conf.getTrimmed(InputKeys.SET_NAME);
        String targetSet = args.get("to-set", conf.getTrimmed(OutputKeys.SET_NAME, sourceSet));
        args.set(conf, "to-set", OutputKeys.SET_NAME, targetSet);
        args.set(conf, "to-set", TargetSet.KEY, targetSet);
        if (args.has("rename")) {
            CopyMapper.parseRename(args.get("rename"));
            args.copyTo(conf, "rename", CopyMapper.RENAME);
        }
        ClusterOptions.applyWriteOptions(args, conf);
        Ttls.apply(args, conf, true);
        ClusterOptions.checkWrite(args, conf);
        boolean sameCluster = !args.has("to-hosts") && Objects.equals(conf.get(InputKeys.HOSTS), conf.get(OutputKeys.HOSTS))
                && Objects.equals(conf.get(InputKeys.HOST), conf.get(OutputKeys.HOST))
                && Objects.equals(conf.get(InputKeys.PORT), conf.get(OutputKeys.PORT));
        if (sameCluster && conf.getTrimmed(InputKeys.NAMESPACE).equals(conf.getTrimmed(OutputKeys.NAMESPACE))
                && sourceSet.equals(targetSet)) {
            throw new UsageException("--to-set: the target is the source set '" + sourceSet + "' itself; give --to-set,"
                    + " --to-namespace or --to-hosts");
        }

        Job job = Job.getInstance(conf, "aerohadoop copy " + sourceSet + " to " + targetSet);
        job.setJarByClass(CopyTool.class);
        job.setInputFormatClass(AerospikeInputFormat.class);
        job.setMapperClass(CopyMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(AerospikeKey.class);
        job.setOutputValueClass(AerospikeRecord.class);
        job.setOutputFormatClass(RecordTtlOutputFormat.class);
        return job;
    }

    private static void copyKey(Configuration conf, String from, String to) {
        String v = conf.get(from);
        if (v != null) {
            conf.set(to, v);
        }
    }

    @Override
    Summary summarize(Counters counters) {
        return new Summary(counter(counters, OutputCounters.GROUP, OutputCounters.WRITTEN),
                counter(counters, InputCounters.GROUP, InputCounters.BYTES),
                counter(counters, OutputCounters.GROUP, OutputCounters.FAILED));
    }
}
