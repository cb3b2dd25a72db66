package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch writing, done by the native library.
 *
 * <p>The static natives are the JNI contract with {@code rust-core/src/jni/writer.rs}
 * ({@code WRITE_PATH.md}); their names and signatures must not change without the Rust side. An
 * instance is one open writer: it takes frames of records ({@code io.aerohadoop.io.WriteFrameEncoder}
 * writes them), sends them as batch writes with several batches in flight, and releases the native
 * writer once on {@link #close()} (without flushing: call {@link #flush()} first).
 */
public final class NativeWriter extends NativeHandle {
    private static final Logger LOG = LoggerFactory.getLogger(NativeWriter.class);

    /** Write modes of {@link #open}. */
    public static final int MODE_UPDATE = 0;

    public static final int MODE_UPDATE_ONLY = 1;
    public static final int MODE_REPLACE = 2;
    public static final int MODE_REPLACE_ONLY = 3;
    public static final int MODE_CREATE_ONLY = 4;

    /** Generation policies of {@link #open}. */
    public static final int GENERATION_NONE = 0;

    public static final int GENERATION_EXPECT_EQUAL = 1;
    public static final int GENERATION_EXPECT_GREATER = 2;

    /** Indexes into {@link #stats()}. */
    public static final int STAT_WRITTEN = 0;

    public static final int STAT_FAILED = 1;
    public static final int STAT_RETRIED = 2;
    public static final int STAT_BATCHES = 3;

    private NativeWriter(long handle) {
        super(handle);
    }

    /**
     * Opens a writer into {@code namespace}.
     *
     * @param set the set of records whose frame entry names none, or null
     * @param ttl seconds; -1 never expire, -2 leave unchanged, 0 the namespace default
     * @param maxErrors -1 fails on the first failed record; n >= 0 skips and counts up to n
     *     failures and fails past n
     */
    public static NativeWriter open(NativeCluster cluster, String namespace, String set, int writeMode, int ttl,
            int generationPolicy, boolean sendKey, boolean durableDelete, int batchSize, int inflight,
            long maxErrors, int timeoutMs, int maxRetries) throws AerospikeException {
        NativeLibrary.load();
        return new NativeWriter(openWriter(cluster.handle(), namespace, set, writeMode, ttl, generationPolicy,
                sendKey, durableDelete, batchSize, inflight, maxErrors, timeoutMs, maxRetries));
    }

    /**
     * Hands over the first {@code length} bytes of {@code frame} (a direct buffer). The native side
     * copies them before returning, so the buffer may be refilled at once. Blocks while the
     * configured number of batches is in flight.
     *
     * @throws AerospikeException once failures exceed the error policy (the failed record's result
     *     code; the message names its key)
     */
    public void write(ByteBuffer frame, int length) throws AerospikeException {
        write(handle(), frame, length);
    }

    /** Sends what is buffered and waits for every answer; throws like {@link #write}. */
    public void flush() throws AerospikeException {
        flush(handle());
    }

    /** {@code [written, failed, retried, batches]} so far. */
    public long[] stats() throws AerospikeException {
        return writerStats(handle());
    }

    /** Failures not reported yet, as {@code key=<key> code=<n> <message>} lines. */
    public String[] drainFailures() throws AerospikeException {
        return drainFailures(handle());
    }

    @Override
    protected void dispose(long handle) {
        try {
            closeWriter(handle);
        } catch (AerospikeException e) {
            // The handle is released either way; a failure to say so must not mask the caller's
            // own exception (close runs in finally blocks).
            LOG.warn("closing native writer {} failed", handle, e);
        }
    }

    // ---- The JNI contract (WRITE_PATH.md); implemented in rust-core/src/jni/writer.rs ----

    static native long openWriter(long cluster, String namespace, String set, int writeMode, int ttl,
            int generationPolicy, boolean sendKey, boolean durableDelete, int batchSize, int inflight,
            long maxErrors, int timeoutMs, int maxRetries) throws AerospikeException;

    static native void write(long writer, ByteBuffer frame, int length) throws AerospikeException;

    static native void flush(long writer) throws AerospikeException;

    static native long[] writerStats(long writer) throws AerospikeException;

    static native String[] drainFailures(long writer) throws AerospikeException;

    static native void closeWriter(long writer) throws AerospikeException;
}
