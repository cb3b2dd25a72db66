package io.aerohadoop.write;

/**
 * The Hadoop counters a record writer maintains, group {@value #GROUP}. Both MapReduce APIs report
 * them; they are updated once per frame handed to the native writer and at close, not per record.
 */
public final class OutputCounters {
    private OutputCounters() {}

    public static final String GROUP = "Aerospike Output";

    /** Records the cluster acknowledged as written. */
    public static final String WRITTEN = "Records written";

    /** Records the cluster refused (skipped within {@code aerospike.output.errors.max}, or fatal). */
    public static final String FAILED = "Records failed";

    /** Record writes sent again after a node error or timeout. */
    public static final String RETRIED = "Records retried";

    /** Batch writes sent. */
    public static final String BATCHES = "Batches";

    /** Where a writer adds to counters: a task context, a Reporter, or a test's map. */
    public interface Sink {
        void increment(String counter, long delta);
    }
}
