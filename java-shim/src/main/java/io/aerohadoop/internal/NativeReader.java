package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split planning and split reading, done by the native library.
 *
 * <p>The static natives are the JNI contract with {@code rust-core/src/jni/reader.rs} and {@code keys.rs}; their names
 * and signatures must not change without the Rust side. An instance is one open split reader: it
 * hands out frames of records ({@link #nextFrame()}) that {@code io.aerohadoop.io.FrameDecoder}
 * decodes, and releases the native reader once on {@link #close()}.
 *
 * <p>A split is an opaque {@code byte[]} owned by the native side (versioned by its first byte);
 * Java only stores it in the Hadoop split and hands it back.
 */
public final class NativeReader extends NativeHandle {
    private static final Logger LOG = LoggerFactory.getLogger(NativeReader.class);

    /** Split planning modes of {@link #planSplits}. */
    public static final int MODE_PARTITIONS = 0;

    public static final int MODE_NODE = 1;
    public static final int MODE_NUMRANGE = 2;

    private NativeReader(long handle) {
        super(handle);
    }

    /**
     * Plans the splits of a read. {@code splitCount <= 0} asks for the default (partitions: two per
     * node; numrange: one). Only partitions {@code partitionFirst..partitionLast} (inclusive, 0..4095)
     * are planned, in every mode.
     *
     * @return one opaque split per element
     * @throws AerospikeException if the cluster cannot be read, or a partition has no master (code
     *     11, the message names the partitions)
     */
    public static byte[][] plan(NativeCluster cluster, String namespace, String set, int mode, int splitCount,
            String rangeBin, long rangeBegin, long rangeEnd, int partitionFirst, int partitionLast)
            throws AerospikeException {
        NativeLibrary.load();
        return planSplits(cluster.handle(), namespace, set, mode, splitCount, rangeBin, rangeBegin, rangeEnd,
                partitionFirst, partitionLast);
    }

    /** Host names that hold the split's data, best first. */
    public static String[] locations(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return splitLocations(split);
    }

    /** Partitions the split covers. */
    public static int partitionCount(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return splitPartitionCount(split);
    }

    /** A human-readable description of the split, for logs. */
    public static String describe(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return describeSplit(split);
    }

    /**
     * Opens a reader over one split.
     *
     * @param bins bins to read; null or empty reads all
     * @param filterExpBase64 a filter expression the server applies, or null
     */
    public static NativeReader open(NativeCluster cluster, byte[] split, String namespace, String set,
            String[] bins, String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs,
            int recordsPerSecond, int timeoutMs) throws AerospikeException {
        NativeLibrary.load();
        return new NativeReader(openReader(cluster.handle(), split, namespace, set, bins, filterExpBase64,
                memoryLimitBytes, maxRetries, backoffMs, recordsPerSecond, timeoutMs));
    }

    /**
     * Plans the splits of a key-list read: the keys grouped by the node mastering their partition,
     * one split per node (at most {@code maxKeysPerSplit} keys each when positive); a key listed
     * twice is read once.
     *
     * @param keys a MessagePack array of integers, strings and blobs ({@code io.aerohadoop.config.KeyList})
     * @throws AerospikeException if the cluster cannot be read, or a key's partition has no master
     *     (code 11, the message names the keys)
     */
    public static byte[][] planKeys(NativeCluster cluster, String namespace, String set, byte[] keys,
            int maxKeysPerSplit) throws AerospikeException {
        NativeLibrary.load();
        return planKeySplits(cluster.handle(), namespace, set, keys, maxKeysPerSplit);
    }

    /** The host of the node mastering a key split's keys. */
    public static String[] keyLocations(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return keySplitLocations(split);
    }

    /** Keys a key split reads. */
    public static int keyCount(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return keySplitKeyCount(split);
    }

    /** A human-readable description of a key split, for logs. */
    public static String describeKeys(byte[] split) throws AerospikeException {
        NativeLibrary.load();
        return describeKeySplit(split);
    }

    /**
     * Opens a reader over one key split: batch reads of its keys, found records in the same frames
     * as a scan's. Its statistics count keys where a scan's count partitions.
     */
    public static NativeReader openKeys(NativeCluster cluster, byte[] split, String namespace, String set,
            String[] bins, String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs,
            int timeoutMs) throws AerospikeException {
        NativeLibrary.load();
        return new NativeReader(openKeyReader(cluster.handle(), split, namespace, set, bins, filterExpBase64,
                memoryLimitBytes, maxRetries, backoffMs, timeoutMs));
    }

    /**
     * The next frame of records, valid until the next call or {@link #close()}; null once the split
     * is exhausted. Blocks while the native reader has no frame ready.
     *
     * @throws AerospikeException if the read failed; the message names the partitions not read
     */
    public ByteBuffer nextFrame() throws AerospikeException {
        return nextFrame(handle());
    }

    /**
     * {@code [records, bytes, partitionsDone, partitionsTotal, retries, peakBufferedBytes,
     * fillingBytes, keysNotFound, keysFilteredOut]} so far; items 5 and 6 are the native frame
     * memory (see {@code SplitReader}). A key-list reader counts keys in items 2 and 3, and the keys
     * answered as absent in the last two (0 for a scan).
     */
    public long[] stats() throws AerospikeException {
        return readerStats(handle());
    }

    @Override
    protected void dispose(long handle) {
        try {
            closeReader(handle);
        } catch (AerospikeException e) {
            // The handle is released either way; a failure to say so must not mask the caller's
            // own exception (close runs in finally blocks).
            LOG.warn("closing native reader {} failed", handle, e);
        }
    }

    // ---- The JNI contract (READ_PATH.md); implemented in rust-core/src/jni/reader.rs and keys.rs ----

    static native byte[][] planSplits(long cluster, String namespace, String set, int mode, int splitCount,
            String rangeBin, long rangeBegin, long rangeEnd, int partitionFirst, int partitionLast)
            throws AerospikeException;

    static native String[] splitLocations(byte[] split) throws AerospikeException;

    static native int splitPartitionCount(byte[] split) throws AerospikeException;

    static native String describeSplit(byte[] split) throws AerospikeException;

    static native long openReader(long cluster, byte[] split, String namespace, String set, String[] bins,
            String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs, int recordsPerSecond,
            int timeoutMs) throws AerospikeException;

    static native byte[][] planKeySplits(long cluster, String namespace, String set, byte[] keys,
            int maxKeysPerSplit) throws AerospikeException;

    static native String[] keySplitLocations(byte[] split) throws AerospikeException;

    static native int keySplitKeyCount(byte[] split) throws AerospikeException;

    static native String describeKeySplit(byte[] split) throws AerospikeException;

    static native long openKeyReader(long cluster, byte[] split, String namespace, String set, String[] bins,
            String filterExpBase64, long memoryLimitBytes, int maxRetries, int backoffMs, int timeoutMs)
            throws AerospikeException;

    static native ByteBuffer nextFrame(long reader) throws AerospikeException;

    static native long[] readerStats(long reader) throws AerospikeException;

    static native void closeReader(long reader) throws AerospikeException;
}
