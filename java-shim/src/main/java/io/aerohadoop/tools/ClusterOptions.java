package io.aerohadoop.tools;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.config.WriteConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The options that name what a tool reads or writes, as shortcuts for the connector's
 * {@code aerospike.input.*} and {@code aerospike.output.*} keys (which also work as -D options;
 * an option wins over a -D of the same key). Both configurations are validated here, before a job
 * is submitted, so a bad value is reported naming the option that gave it.
 */
final class ClusterOptions {
    static final ToolArgs.Option HOSTS = ToolArgs.Option.value("hosts", "host:port,...",
            "seed nodes of the cluster (default: -D aerospike.input.hosts / host / port)");
    static final ToolArgs.Option NAMESPACE = ToolArgs.Option.value("namespace", "ns", "namespace (required)");
    static final ToolArgs.Option FILTER = ToolArgs.Option.value("filter", "base64",
            "filter expression applied by the server, as Expression.getBase64() prints it");
    static final ToolArgs.Option BINS = ToolArgs.Option.value("bins", "b1,b2,...", "read only these bins (default: all)");
    static final ToolArgs.Option SPLITS = ToolArgs.Option.value("splits", "n",
            "input splits, i.e. map tasks (default: 2 per node)");
    static final ToolArgs.Option PARTITIONS = ToolArgs.Option.value("partitions", "first-last",
            "read only these partitions, ids 0-4095 inclusive, e.g. 0-2047 (default: all 4096)");
    static final ToolArgs.Option WRITE_MODE = ToolArgs.Option.value("write-mode", "mode",
            "update | update_only | replace | replace_only | create_only (default: update)");
    static final ToolArgs.Option ERRORS_MAX = ToolArgs.Option.value("errors-max", "n",
            "-1: the first failed record fails the job (default); n >= 0: skip and count up to n failures");

    private ClusterOptions() {}

    static List<ToolArgs.Option> readOptions(ToolArgs.Option set) {
        return Arrays.asList(HOSTS, NAMESPACE, set, FILTER, BINS, SPLITS, PARTITIONS);
    }

    /**
     * Sets the input keys from --hosts, --namespace, {@code setOption}, --filter, --bins, --splits,
     * --partitions.
     */
    static void applyRead(ToolArgs args, Configuration conf, String setOption) throws UsageException {
        args.copyTo(conf, "hosts", InputKeys.HOSTS);
        args.copyTo(conf, "namespace", InputKeys.NAMESPACE);
        args.copyTo(conf, setOption, InputKeys.SET_NAME);
        args.copyTo(conf, "filter", InputKeys.FILTER_EXP);
        args.copyTo(conf, "bins", InputKeys.BIN_NAMES);
        args.copyTo(conf, "splits", InputKeys.SPLITS);
        args.copyTo(conf, "partitions", InputKeys.PARTITIONS);
        if (conf.getTrimmed(InputKeys.NAMESPACE, "").isEmpty()) {
            throw new UsageException("--namespace is required (or -D " + InputKeys.NAMESPACE + "=<ns>)");
        }
    }

    static void applyWriteOptions(ToolArgs args, Configuration conf) {
        args.copyTo(conf, "write-mode", OutputKeys.WRITE_MODE);
        args.copyTo(conf, "errors-max", OutputKeys.ERRORS_MAX);
    }

    /** Checks every input key without contacting the cluster (getSplits does that at submission). */
    static void checkRead(ToolArgs args, Configuration conf) throws UsageException, IOException {
        try {
            ReadConfig.from(conf);
        } catch (InvalidConfigurationException e) {
            throw args.explain(e);
        }
    }

    static void checkWrite(ToolArgs args, Configuration conf) throws UsageException, IOException {
        try {
            WriteConfig.from(conf);
        } catch (InvalidConfigurationException e) {
            throw args.explain(e);
        }
    }
}
