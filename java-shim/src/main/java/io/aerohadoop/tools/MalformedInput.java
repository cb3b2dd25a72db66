package io.aerohadoop.tools;

import io.aerohadoop.config.OutputKeys;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error policy for input the import cannot turn into a record, the same as the writer's for
 * records the cluster refuses ({@code aerospike.output.errors.max}): -1 fails the task at the
 * first malformed line, naming file and line; n ≥ 0 logs each, counts it and skips it, and fails
 * the task at malformed line n + 1. The budget is per map task, as the writer's is.
 */
final class MalformedInput {
    private static final Logger LOG = LoggerFactory.getLogger(MalformedInput.class);

    private final long max;
    private final TaskInputOutputContext<?, ?, ?, ?> context;
    private long seen;

    MalformedInput(Configuration conf, TaskInputOutputContext<?, ?, ?, ?> context) {
        this.max = conf.getLong(OutputKeys.ERRORS_MAX, -1);
        this.context = context;
    }

    /** Skips the input at {@code where} (e.g. "line 3 of file:/x.tsv") or fails the task. */
    void report(String where, String problem) throws IOException {
        seen++;
        String message = where + ": " + problem;
        if (max < 0) {
            throw new IOException(message);
        }
        if (seen > max) {
            throw new IOException(message + " (malformed input number " + seen + ", more than "
                    + OutputKeys.ERRORS_MAX + "=" + max + ")");
        }
        LOG.warn("skipped malformed input: {}", message);
        context.getCounter(ImportCounters.GROUP, ImportCounters.MALFORMED).increment(1);
    }
}
