package io.aerohadoop.tools;

import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Export's record writer: copies each frame (a memory copy of its bytes, about a megabyte for
 * thousands of records) and lets a thread of its own transcode and write it
 * ({@link FrameFileWriter}), so that encoding, compressing, checksumming and writing the file run
 * beside the task's reading instead of after it: the task thread goes back to the native reader
 * as soon as the frame is copied. The file is what the {@code FrameFileWriter} writes from the
 * same frames in the same order: one writer thread takes them in the order they were handed over.
 *
 * <p>Memory is bounded: {@value #FRAMES} frame copies circulate between the two threads. A failure
 * of the writer thread is rethrown by the next {@link #write} or by {@link #close}.
 */
final class BackgroundFrameWriter extends RecordWriter<NullWritable, RecordFrame> {
    /** One being copied, one queued, one being written. */
    private static final int FRAMES = 3;
    private static final RecordFrame END = new RecordFrame();

    private final FrameFileWriter file;
    private final BlockingQueue<RecordFrame> free = new ArrayBlockingQueue<>(FRAMES);
    private final BlockingQueue<RecordFrame> full = new ArrayBlockingQueue<>(FRAMES + 1);
    private final Thread thread;
    private volatile Throwable failure;
    private boolean closed;

    BackgroundFrameWriter(FrameFileWriter file, String name) {
        this.file = file;
        for (int i = 0; i < FRAMES; i++) {
            free.add(new RecordFrame());
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(NullWritable key, RecordFrame frame) throws IOException {
        check();
        RecordFrame copy;
        try {
            copy = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the export file's writer");
        }
        full.add(copy.copyOf(frame));
    }

    private void run() {
        while (true) {
            RecordFrame frame;
            try {
                frame = full.take();
            } catch (InterruptedException e) {
                failure = e;
                return;
            }
            if (frame == END) {
                return;
            }
            if (failure == null) {
                try {
                    file.write(frame);
                } catch (IOException | RuntimeException | Error e) {
                    // Later frames are only recycled, so the task thread never waits for a dead writer.
                    failure = e;
                }
            }
            free.add(frame);
        }
    }

    private void check() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("writing the export file failed: " + f.getMessage(), f);
        }
    }

    /** Writes every queued frame, then closes the file. */
    @Override
    public void close(TaskAttemptContext context) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        full.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            file.close();
            throw new InterruptedIOException("interrupted waiting for the export file's writer to finish");
        }
        IOException failed = null;
        try {
            check();
        } catch (IOException e) {
            failed = e;
        }
        try {
            file.close();
        } catch (IOException e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
