package io.aerohadoop.read;

/**
 * The Hadoop counters a split reader maintains, group {@value #GROUP}. Both MapReduce APIs report
 * them; they are updated once per frame of records, not per record.
 */
public final class InputCounters {
    private InputCounters() {}

    public static final String GROUP = "Aerospike Input";

    /** Records received from the cluster. */
    public static final String RECORDS = "Records read";

    /** Bytes of record data received (the native reader's measure of the frames). */
    public static final String BYTES = "Bytes read";

    /** Partitions read to the end. */
    public static final String PARTITIONS = "Partitions read";

    /** Keys of a key-list read answered (found, not found or filtered out). */
    public static final String KEYS = "Keys read";

    /** Keys of a key-list read that have no record (absent from the input, counted here). */
    public static final String KEYS_NOT_FOUND = "Keys not found";

    /** Keys of a key-list read whose record the filter expression left out on the server. */
    public static final String KEYS_FILTERED_OUT = "Keys filtered out";

    /** Partition reads resumed after a node error or timeout (key-list rounds, for a key list). */
    public static final String RETRIES = "Retries";

    /**
     * The most native memory the task's reader held for frames at once, in bytes: frames queued
     * for or held by the task, plus the buffers of the frames being filled. Bounded by
     * {@code aerospike.input.memory.limit.mb} whatever the split's size; a job's total is the sum
     * of its tasks' peaks.
     */
    public static final String PEAK_NATIVE_BYTES = "Peak native buffer bytes";

    /** Records skipped because they have no {@code aerospike.input.value.bin} bin. */
    public static final String SKIPPED_NO_VALUE_BIN = "Records without the value bin";

    /** Where a reader adds to counters: a task context, a Reporter, or a test's map. */
    public interface Sink {
        void increment(String counter, long delta);
    }
}
