package io.aerohadoop.write;

import io.aerohadoop.internal.ClusterConnections;

import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.internal.NativeCluster;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both APIs' {@code checkOutputSpecs} check when the job is submitted, before any task runs:
 * every {@code aerospike.output.*} key, {@code aerospike.output.binname} when the job's output
 * value is a scalar Writable, and that the cluster answers and serves the namespace.
 */
public final class OutputSpecs {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSpecs.class);

    private OutputSpecs() {}

    /**
     * @param valueClass the job's output value class (null if unknown)
     * @throws InvalidConfigurationException naming the key at fault
     */
    public static WriteConfig check(Configuration conf, Class<?> valueClass) throws IOException {
        WriteConfig config = WriteConfig.from(conf);
        if (config.binName() == null && OutputMapping.isScalar(valueClass)) {
            throw InvalidConfigurationException.missing(OutputKeys.BIN_NAME, "the job's output values are "
                    + valueClass.getName() + ", which are written to one bin; name it");
        }
        try (NativeCluster cluster = ClusterConnections.connect(config)) {
            OutputCluster.checkNamespace(cluster, config);
        }
        LOG.info("writing to Aerospike: {}", config);
        return config;
    }
}
