package io.aerohadoop.read;

import io.aerohadoop.internal.ClusterConnections;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeReader;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.FrameDecoder;
import io.aerohadoop.io.RecordFrame;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one split for either MapReduce API: a native reader fills frames of records, this class
 * decodes them into the caller's reused key and value, keeps the counters and the progress.
 *
 * <p>One JNI call per frame of many records ({@code nextFrame}), one more for the statistics;
 * none per record. The split ends only when the native reader says so; a failed read throws,
 * naming the partitions it could not read.
 *
 * <p>Not thread-safe, as Hadoop record readers are not.
 */
public final class SplitReader implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SplitReader.class);

    private static final int STAT_RECORDS = 0;
    private static final int STAT_BYTES = 1;
    private static final int STAT_PARTITIONS_DONE = 2;
    private static final int STAT_PARTITIONS_TOTAL = 3;
    private static final int STAT_RETRIES = 4;
    private static final int STAT_PEAK_BUFFERED = 5;
    private static final int STAT_FILLING = 6;
    private static final int STAT_NOT_FOUND = 7;
    private static final int STAT_FILTERED_OUT = 8;

    private final NativeCluster cluster;
    private final NativeReader reader;
    private final FrameDecoder decoder;
    private final InputValues values;
    private final InputCounters.Sink counters;
    private final AerospikeRecord scratch = new AerospikeRecord();
    private final RecordFrame rawFrame = new RecordFrame();
    private final String namespace;
    private final int splitPartitions;
    /** A key-list read: the native statistics count keys where a scan's count partitions. */
    private final boolean keyList;

    /** The last statistics reported to the counters: {@link #stats} only adds the difference. */
    private final long[] reported = new long[9];
    /** The peak native frame memory reported so far (the counter holds this task's maximum). */
    private long peakNativeBytes;

    private boolean exhausted;
    private boolean closed;
    private long delivered;
    // Read by a task's progress reporter, possibly from another thread.
    private volatile float progress;

    private SplitReader(NativeCluster cluster, NativeReader reader, ReadConfig config, int splitPartitions,
            boolean keyList, InputCounters.Sink counters) {
        this.cluster = cluster;
        this.reader = reader;
        this.decoder = new FrameDecoder(config.namespace());
        this.namespace = config.namespace();
        this.values = InputValues.of(config);
        this.counters = counters;
        this.splitPartitions = splitPartitions;
        this.keyList = keyList;
    }

    /**
     * Connects and opens a reader over {@code split}.
     *
     * @param partitions partitions the split covers, or keys for a key-list read (for progress
     *     until the reader reports)
     * @param keyList whether {@code split} is a key-list split (read by batch reads of its keys; the
     *     split, not the configuration, says so: Hive plans key lookups for a table read by scan)
     */
    public static SplitReader open(ReadConfig config, byte[] split, int partitions, boolean keyList,
            InputCounters.Sink counters) throws IOException {
        NativeCluster cluster = ClusterConnections.connect(config);
        try {
            List<String> bins = config.projection();
            String[] binArray = bins.isEmpty() ? null : bins.toArray(new String[0]);
            NativeReader reader = keyList
                    ? NativeReader.openKeys(cluster, split, config.namespace(), config.set(), binArray,
                            config.filterExp(), config.memoryLimitBytes(), config.retries(), config.retryBackoffMs(),
                            config.timeoutMs())
                    : NativeReader.open(cluster, split, config.namespace(), config.set(), binArray, config.filterExp(),
                            config.memoryLimitBytes(), config.retries(), config.retryBackoffMs(),
                            config.recordsPerSecond(), config.timeoutMs());
            return new SplitReader(cluster, reader, config, partitions, keyList, counters);
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** A value object of the configured format, for {@link #next}. */
    public Writable createValue() {
        return values.createValue();
    }

    /**
     * Reads the next record into {@code key} and {@code value} (an object from
     * {@link #createValue()}).
     *
     * @return false once the split is exhausted
     * @throws IOException if the read failed (the message names the partitions not read), or a
     *     record cannot be made into the configured value
     */
    public boolean next(AerospikeKey key, Writable value) throws IOException {
        if (closed) {
            // The current frame's memory went with the native reader.
            return false;
        }
        AerospikeRecord target = values.decodesIntoValue() ? (AerospikeRecord) value : scratch;
        while (true) {
            if (decoder.remaining() > 0) {
                decoder.next(key, target);
                if (values.fill(key, target, value)) {
                    delivered++;
                    return true;
                }
                counters.increment(InputCounters.SKIPPED_NO_VALUE_BIN, 1);
                continue;
            }
            if (exhausted) {
                return false;
            }
            ByteBuffer frame = reader.nextFrame();
            if (frame == null) {
                exhausted = true;
                stats();
                progress = 1f;
                return false;
            }
            decoder.reset(frame);
            counters.increment(InputCounters.RECORDS, decoder.remaining());
            stats();
        }
    }

    /**
     * The next frame of records, undecoded, for readers that transcode records straight to an
     * output format (the export tool): one call per frame instead of one per record. The frame is
     * valid until the next call or {@link #close()}. Counters and progress are kept as by
     * {@link #next}; a reader is read either with this method or with {@code next}, not both.
     *
     * @return null once the split is exhausted
     * @throws IOException if the read failed (the message names the partitions not read)
     */
    public RecordFrame nextFrame() throws IOException {
        if (closed || exhausted) {
            return null;
        }
        ByteBuffer frame = reader.nextFrame();
        if (frame == null) {
            exhausted = true;
            stats();
            progress = 1f;
            return null;
        }
        rawFrame.reset(namespace, frame, System.currentTimeMillis());
        counters.increment(InputCounters.RECORDS, rawFrame.count());
        delivered += rawFrame.count();
        stats();
        return rawFrame;
    }

    /** Fraction of the split's partitions read to the end (keys answered, for a key list), 0..1. */
    public float progress() {
        return progress;
    }

    /**
     * The most native memory this reader has held for frames at once so far, in bytes (as last
     * reported by the native reader: once per frame).
     */
    public long peakNativeBytes() {
        return peakNativeBytes;
    }

    /** Values handed out so far. */
    public long delivered() {
        return delivered;
    }

    /** Adds what the native statistics gained since the last call to the counters. */
    private void stats() throws AerospikeException {
        long[] s = reader.stats();
        add(InputCounters.BYTES, s, STAT_BYTES);
        if (keyList) {
            add(InputCounters.KEYS, s, STAT_PARTITIONS_DONE);
            if (s.length > STAT_FILTERED_OUT) {
                add(InputCounters.KEYS_NOT_FOUND, s, STAT_NOT_FOUND);
                add(InputCounters.KEYS_FILTERED_OUT, s, STAT_FILTERED_OUT);
            }
        } else {
            add(InputCounters.PARTITIONS, s, STAT_PARTITIONS_DONE);
        }
        add(InputCounters.RETRIES, s, STAT_RETRIES);
        reported[STAT_RECORDS] = s[STAT_RECORDS];
        long peak = s[STAT_PEAK_BUFFERED] + s[STAT_FILLING];
        if (peak > peakNativeBytes) {
            counters.increment(InputCounters.PEAK_NATIVE_BYTES, peak - peakNativeBytes);
            peakNativeBytes = peak;
        }
        long total = s[STAT_PARTITIONS_TOTAL] > 0 ? s[STAT_PARTITIONS_TOTAL] : splitPartitions;
        if (total > 0) {
            progress = Math.min(1f, (float) s[STAT_PARTITIONS_DONE] / total);
        }
    }

    private void add(String counter, long[] s, int i) {
        long delta = s[i] - reported[i];
        if (delta > 0) {
            counters.increment(counter, delta);
            reported[i] = s[i];
        }
    }

    /** Releases the native reader, then this reader's cluster handle. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!exhausted) {
                // Counts of a reader stopped early (a task killed, a LIMIT reached) still reach the job.
                stats();
            }
        } catch (AerospikeException e) {
            LOG.debug("no final statistics from the native reader", e);
        } finally {
            reader.close();
            cluster.close();
        }
    }
}
