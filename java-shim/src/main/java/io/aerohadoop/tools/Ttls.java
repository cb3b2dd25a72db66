package io.aerohadoop.tools;

import io.aerohadoop.config.OutputKeys;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code --ttl keep|seconds} and {@code --ttl-resolution} of import and copy: keep each record's
 * TTL ({@link RecordTtlOutputFormat}), or one TTL for all ({@code aerospike.output.ttl}).
 */
final class Ttls {
    private Ttls() {}

    /** @param recordsCarryTtl whether the input has a TTL per record (exports, copies; not TSV/CSV) */
    static void apply(ToolArgs args, Configuration conf, boolean recordsCarryTtl) throws UsageException {
        String ttl = args.get("ttl", recordsCarryTtl ? "keep" : null);
        boolean keep = "keep".equalsIgnoreCase(ttl);
        if (keep && !recordsCarryTtl) {
            throw new UsageException("--ttl: 'keep' needs input that carries TTLs (json, avro, seq); give seconds");
        }
        if (ttl != null && !keep) {
            try {
                if (Integer.parseInt(ttl) < -2) {
                    throw new UsageException("--ttl: " + ttl + " is below -2");
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--ttl: '" + ttl + "' is neither 'keep' nor a number of seconds");
            }
            args.set(conf, "ttl", OutputKeys.TTL, ttl);
        }
        conf.setBoolean(RecordTtlOutputFormat.KEEP_TTL, keep);
        if (args.has("ttl-resolution")) {
            if (!keep) {
                throw new UsageException("--ttl-resolution applies with --ttl keep only");
            }
            int resolution;
            try {
                resolution = Integer.parseInt(args.get("ttl-resolution"));
            } catch (NumberFormatException e) {
                throw new UsageException("--ttl-resolution: '" + args.get("ttl-resolution") + "' is not a number");
            }
            if (resolution < 1) {
                throw new UsageException("--ttl-resolution: " + resolution + " is below 1");
            }
            conf.setInt(RecordTtlOutputFormat.RESOLUTION, resolution);
        }
    }
}
