package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The export writer thread's side of an export file: it encodes the file's bytes into chunks and
 * hands each filled chunk over ({@link BackgroundFrameWriter} writes it to the file on the task
 * thread and gives it back). A fixed number of chunks circulate, so memory is bounded and the
 * encoder waits when the task thread has not yet written what it was given.
 *
 * <p>A format either fills whole chunks itself ({@link #take}, {@link #give}: JSON lines, a frame's
 * lines per chunk, no copy) or writes through {@link #stream()} (SequenceFile and Avro writers,
 * which need an {@code OutputStream}), which cuts what it is given into chunks of
 * {@value #CHUNK_BYTES} bytes. Used by one thread (the writer's) only.
 */
final class FileChunks {
    static final int CHUNK_BYTES = 1 << 18;
    static final int CHUNKS = 4;

    private final BlockingQueue<ByteSink> spare = new ArrayBlockingQueue<>(CHUNKS);
    private final Consumer<ByteSink> filled;
    private final Stream stream = new Stream();

    /** @param filled receives each filled chunk, to write it and then {@link #recycle} it */
    FileChunks(Consumer<ByteSink> filled) {
        this.filled = filled;
        for (int i = 0; i < CHUNKS; i++) {
            spare.add(new ByteSink(CHUNK_BYTES));
        }
    }

    /** An empty chunk, once one is free. */
    ByteSink take() throws InterruptedIOException {
        try {
            ByteSink chunk = spare.take();
            chunk.clear();
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the task thread to write the export file");
        }
    }

    /** Hands a chunk's bytes over to be written, in the order given. */
    void give(ByteSink chunk) {
        filled.accept(chunk);
    }

    /** Returns a written chunk (called by the task thread). */
    void recycle(ByteSink chunk) {
        spare.add(chunk);
    }

    /** The file as a stream; closing it hands over what it holds (the file itself is closed by the task thread). */
    OutputStream stream() {
        return stream;
    }

    private final class Stream extends OutputStream {
        private ByteSink chunk;

        private ByteSink chunk(int room) throws IOException {
            if (chunk != null && chunk.length() > 0 && chunk.length() + room > CHUNK_BYTES) {
                give(chunk);
                chunk = null;
            }
            if (chunk == null) {
                chunk = take();
            }
            return chunk;
        }

        @Override
        public void write(int b) throws IOException {
            chunk(1).write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                ByteSink c = chunk(Math.min(len, CHUNK_BYTES));
                int n = Math.min(len, CHUNK_BYTES - c.length());
                c.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        /**
         * Keeps a partly filled chunk: writers flush often (Avro after every block) and nothing
         * reads an export file before it is closed, so whole chunks go over, the last on close.
         */
        @Override
        public void flush() {}

        @Override
        public void close() {
            if (chunk != null && chunk.length() > 0) {
                give(chunk);
            }
            chunk = null;
        }
    }
}
