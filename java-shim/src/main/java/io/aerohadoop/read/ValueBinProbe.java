package io.aerohadoop.read;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.filter.Filter;
import io.aerohadoop.filter.FilterPacker;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when splits are planned, that some record has a string in {@code aerospike.input.value.bin}:
 * a job naming a bin no record has would otherwise run every task to produce nothing (missing
 * bins are skipped per record). No info command lists bin names in Aerospike 7+, so the probe
 * reads: split by split, with a filter the server applies ({@code binType(bin) == STRING}),
 * until one record comes back. A correct job pays for one small frame; a wrong one for a server-side
 * scan that transfers nothing, then fails before any task runs.
 */
public final class ValueBinProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ValueBinProbe.class);

    /** Frames of a probe are small: it stops at the first record. */
    private static final long PROBE_MEMORY_BYTES = 1 << 20;

    /** The particle type of a string. */
    private static final long PARTICLE_STRING = 3;

    private ValueBinProbe() {}

    /**
     * @param splits the planned native splits, which together cover the read
     * @throws InvalidConfigurationException naming {@code aerospike.input.value.bin} if the set (or
     *     namespace) has records but none with a string in that bin
     */
    public static void check(NativeCluster cluster, ReadConfig config, byte[][] splits) throws IOException {
        String filter = stringBinFilter(config.valueBin());
        String[] bins = {config.valueBin()};
        for (byte[] split : splits) {
            try (NativeReader reader = NativeReader.open(cluster, split, config.namespace(), config.set(), bins, filter,
                    PROBE_MEMORY_BYTES, config.retries(), config.retryBackoffMs(), 0, config.timeoutMs())) {
                ByteBuffer frame;
                while ((frame = reader.nextFrame()) != null) {
                    // The frame's first u32 is its record count.
                    if (frame.getInt(frame.position()) > 0) {
                        LOG.debug("value bin '{}' found in split {}", config.valueBin(), NativeReader.describe(split));
                        return;
                    }
                }
            }
        }
        long objects = ClusterChecks.objectCount(cluster, config);
        if (objects > 0) {
            String where = config.set() == null ? "namespace '" + config.namespace() + "'"
                    : "set '" + config.set() + "' of namespace '" + config.namespace() + "'";
            throw InvalidConfigurationException.invalid(InputKeys.VALUE_BIN, config.valueBin(),
                    "no record of " + where + " (" + objects + " objects) has a string in this bin");
        }
    }

    /** {@code Exp.build(Exp.eq(Exp.binType(bin), Exp.val(ParticleType.STRING))).getBase64()}. */
    static String stringBinFilter(String bin) {
        return FilterPacker.base64(new Filter.Compare(Filter.Op.EQ, Filter.Operand.binType(bin), PARTICLE_STRING));
    }
}
