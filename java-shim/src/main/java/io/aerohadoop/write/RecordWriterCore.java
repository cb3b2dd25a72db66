package io.aerohadoop.write;

import io.aerohadoop.internal.ClusterConnections;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeWriter;
import io.aerohadoop.io.WriteFrameEncoder;
import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's output for either MapReduce API: maps each (key, value) ({@link OutputMapping})
 * into a frame ({@link WriteFrameEncoder}) and hands full frames to the native writer, which sends
 * batch writes with several in flight. One JNI call per frame, plus one for the statistics.
 *
 * <p>{@link #close()} sends the rest and waits for every answer. Every failed record the native
 * writer reports is logged with its key and result code; the first failure beyond
 * {@code aerospike.output.errors.max} fails the task (the exception of {@link #write} or
 * {@link #close()}).
 *
 * <p>Not thread-safe, as Hadoop record writers are not.
 */
public final class RecordWriterCore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordWriterCore.class);

    /**
     * A frame goes to the native writer at this size even before it holds a batch of records: big
     * records should not pile up in Java memory.
     */
    static final int FRAME_FLUSH_BYTES = 4 * 1024 * 1024;

    private static final int INITIAL_FRAME_BYTES = 64 * 1024;

    private final NativeCluster cluster;
    private final NativeWriter writer;
    private final OutputMapping mapping;
    private final WriteFrameEncoder encoder = new WriteFrameEncoder(INITIAL_FRAME_BYTES);
    private final OutputCounters.Sink counters;
    private final int frameRecords;
    /** The last statistics reported to the counters: {@link #stats} only adds the difference. */
    private final long[] reported = new long[4];

    private boolean failed;
    private boolean closed;

    private RecordWriterCore(NativeCluster cluster, NativeWriter writer, WriteConfig config,
            OutputCounters.Sink counters) {
        this.cluster = cluster;
        this.writer = writer;
        this.mapping = new OutputMapping(config);
        this.counters = counters;
        this.frameRecords = config.batchSize();
    }

    /** Connects and opens a native writer as {@code config} says. */
    public static RecordWriterCore open(WriteConfig config, OutputCounters.Sink counters) throws IOException {
        NativeCluster cluster = ClusterConnections.connect(config);
        try {
            NativeWriter writer = NativeWriter.open(cluster, config.namespace(), config.set(),
                    config.writeMode().code(), config.ttl(), config.generationPolicy().code(), config.sendKey(),
                    config.durableDelete(), config.batchSize(), config.inflight(), config.errorsMax(),
                    config.timeoutMs(), config.retries());
            LOG.debug("opened a record writer: {}", config);
            return new RecordWriterCore(cluster, writer, config, counters);
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Queues one record; sends a frame when it holds a batch of records.
     *
     * @throws IOException if the key or value cannot be mapped (naming the class), or failed records
     *     exceed the error policy
     */
    public void write(Object key, Object value) throws IOException {
        if (closed) {
            throw new IOException("the Aerospike record writer is closed");
        }
        if (failed) {
            throw new IOException("the Aerospike record writer failed earlier; see the task's first error");
        }
        mapping.add(key, value, encoder);
        if (encoder.recordCount() >= frameRecords || encoder.size() >= FRAME_FLUSH_BYTES) {
            sendFrame();
        }
    }

    /**
     * Queues one record given in the write frame's record layout ({@link WriteFrameEncoder#addEncoded}):
     * for transcoders that turn input files straight into frame records, without the key and value
     * objects {@link #write} maps. Sends a frame when it holds a batch of records.
     *
     * @throws IOException if failed records exceed the error policy
     */
    public void writeEncoded(byte[] record, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the Aerospike record writer is closed");
        }
        if (failed) {
            throw new IOException("the Aerospike record writer failed earlier; see the task's first error");
        }
        encoder.addEncoded(record, offset, length);
        if (encoder.recordCount() >= frameRecords || encoder.size() >= FRAME_FLUSH_BYTES) {
            sendFrame();
        }
    }

    private void sendFrame() throws IOException {
        try {
            writer.write(encoder.buffer(), encoder.size());
        } catch (AerospikeException e) {
            failed = true;
            encoder.clear();
            reportQuietly();
            throw e;
        }
        // The native writer copied the frame: the buffer is free.
        encoder.clear();
        report();
    }

    /** {@link #report()} on a path that already fails: its own failure must not mask the first. */
    private void reportQuietly() {
        try {
            report();
        } catch (AerospikeException e) {
            LOG.debug("no statistics from the native writer", e);
        }
    }

    /** Logs the failures not logged yet and adds the statistics' growth to the counters. */
    private void report() throws AerospikeException {
        String[] failures = writer.drainFailures();
        for (String f : failures) {
            LOG.warn("Aerospike write failed: {}", f);
        }
        long[] s = writer.stats();
        add(OutputCounters.WRITTEN, s, NativeWriter.STAT_WRITTEN);
        add(OutputCounters.FAILED, s, NativeWriter.STAT_FAILED);
        add(OutputCounters.RETRIED, s, NativeWriter.STAT_RETRIED);
        add(OutputCounters.BATCHES, s, NativeWriter.STAT_BATCHES);
    }

    private void add(String counter, long[] s, int i) {
        long delta = s[i] - reported[i];
        if (delta > 0) {
            counters.increment(counter, delta);
            reported[i] = s[i];
        }
    }

    /**
     * Sends what is queued, waits for every answer, logs the failures and updates the counters,
     * then releases the native writer and the cluster handle (also when this throws). After an
     * earlier failure it only reports and releases. Idempotent.
     *
     * @throws IOException if failed records exceed the error policy
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!failed) {
                if (encoder.recordCount() > 0) {
                    sendFrame();
                }
                try {
                    writer.flush();
                } catch (AerospikeException e) {
                    failed = true;
                    throw e;
                }
            }
        } finally {
            try {
                reportQuietly();
            } finally {
                writer.close();
                cluster.close();
            }
        }
    }
}
