package io.aerohadoop.mapreduce;

import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeReader;
import io.aerohadoop.read.ClusterChecks;
import io.aerohadoop.internal.ClusterConnections;
import io.aerohadoop.read.ValueBinProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code getSplits} for both MapReduce APIs: validates the configuration (keys first, then what
 * only the cluster can tell), then has the native planner cut the read into splits. Runs in the
 * job client, so every failure here fails the job before any task starts.
 */
public final class SplitPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(SplitPlanner.class);

    private SplitPlanner() {}

    /**
     * Plans the splits of the read {@code conf} configures.
     *
     * @throws io.aerohadoop.config.InvalidConfigurationException naming the key at fault
     * @throws io.aerohadoop.AerospikeException if the cluster cannot be planned over (e.g. a
     *     partition without a master, code 11, naming the partitions)
     */
    public static List<AerospikeInputSplit> plan(Configuration conf) throws IOException {
        ReadConfig config = ReadConfig.from(conf);
        LOG.info("planning Aerospike input splits: {}", config);
        try (NativeCluster cluster = ClusterConnections.connect(config)) {
            ClusterChecks.check(cluster, config);
            if (config.operation() == ReadConfig.Operation.KEYS) {
                return keySplits(cluster, config);
            }
            byte[][] raw = NativeReader.plan(cluster, config.namespace(), config.set(), mode(config),
                    config.splitCount(), config.rangeBin(), config.rangeBegin(), config.rangeEnd(),
                    config.partitionFirst(), config.partitionLast());
            if (config.valueFormat() == ReadConfig.ValueFormat.BIN_TEXT) {
                ValueBinProbe.check(cluster, config, raw);
            }
            List<AerospikeInputSplit> splits = new ArrayList<>(raw.length);
            for (byte[] split : raw) {
                splits.add(new AerospikeInputSplit(split, NativeReader.locations(split), NativeReader.partitionCount(split),
                        NativeReader.describe(split)));
            }
            return logged(splits);
        }
    }

    /** One split per node mastering some of the keys, located at that node; length = keys. */
    private static List<AerospikeInputSplit> keySplits(NativeCluster cluster, ReadConfig config) throws IOException {
        // No value-bin probe: keys that are absent or lack the bin make an empty input, as they
        // would for a single get, not a misconfigured job.
        byte[][] raw = NativeReader.planKeys(cluster, config.namespace(), config.set(), config.keyList(), 0);
        List<AerospikeInputSplit> splits = new ArrayList<>(raw.length);
        for (byte[] split : raw) {
            splits.add(AerospikeInputSplit.ofKeys(split, NativeReader.keyLocations(split), NativeReader.keyCount(split),
                    NativeReader.describeKeys(split)));
        }
        return logged(splits);
    }

    private static List<AerospikeInputSplit> logged(List<AerospikeInputSplit> splits) {
        LOG.info("{} Aerospike input split(s)", splits.size());
        for (AerospikeInputSplit s : splits) {
            LOG.debug("  {}", s);
        }
        return splits;
    }

    private static int mode(ReadConfig config) {
        if (config.operation() == ReadConfig.Operation.NUMRANGE) {
            return NativeReader.MODE_NUMRANGE;
        }
        return config.splitMode() == ReadConfig.SplitMode.NODE ? NativeReader.MODE_NODE : NativeReader.MODE_PARTITIONS;
    }
}
