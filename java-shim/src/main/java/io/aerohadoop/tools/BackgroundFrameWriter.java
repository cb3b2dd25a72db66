package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.RecordFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Export's record writer: copies each frame (a memory copy of its bytes, about a megabyte for
 * thousands of records) and lets a thread of its own transcode it into the file's format
 * ({@link FrameFileWriter}), so that encoding and compressing run beside the task's reading
 * instead of after it: the task thread goes back to the native reader as soon as the frame is
 * copied. The encoded bytes come back in chunks ({@link FileChunks}) and the task thread writes
 * them to the file, in order, in its next {@link #write} and in {@link #close}.
 *
 * <p>Why the task thread writes the file: Hadoop counts a task's "Bytes Written" as the growth of
 * the file system's statistics while the task thread is inside the record writer's {@code write}
 * and {@code close}; bytes another thread writes in between are not counted (four fifths of a JSON
 * export's were lost that way).
 *
 * <p>Memory is bounded: {@value #FRAMES} frame copies and {@link FileChunks#CHUNKS} chunks
 * circulate between the two threads. A failure of either thread is rethrown by the next
 * {@link #write} and by {@link #close}, which always closes the file and waits for the writer
 * thread to end.
 */
final class BackgroundFrameWriter extends RecordWriter<NullWritable, RecordFrame> {
    /** One being copied, one queued, one being transcoded. */
    private static final int FRAMES = 3;
    private static final RecordFrame END = new RecordFrame();
    /** Put on {@link #toTask} by the writer thread as the last thing it does. */
    private static final Object DONE = new Object();

    /** Builds the format's writer over the file's chunks. */
    interface Format {
        FrameFileWriter open(FileChunks chunks) throws IOException;
    }

    /** The task thread was interrupted while it waited for the writer thread. */
    private static final class Interrupted extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message) {
            super(message);
        }
    }

    private final OutputStream file;
    private final FileChunks chunks;
    private final FrameFileWriter format;
    /** Frames to transcode, then {@link #END}; taken by the writer thread. */
    private final BlockingQueue<RecordFrame> toWriter = new LinkedBlockingQueue<>();
    /** Transcoded frames to reuse, filled chunks to write, then {@link #DONE}; taken by the task thread. */
    private final BlockingQueue<Object> toTask = new LinkedBlockingQueue<>();
    private final ArrayDeque<RecordFrame> free = new ArrayDeque<>(FRAMES);
    private final Thread thread;
    /** The writer thread's failure (transcoding, or the format's close). */
    private volatile Throwable failure;
    /** Writing the file failed on the task thread: chunks are then only recycled. */
    private IOException fileFailure;
    private boolean writerDone;
    private boolean closed;

    /**
     * @param file the export file, written and closed by the task thread (closed here too if this
     *     constructor fails)
     * @param format opens the format's writer over the file's chunks (headers it writes at once
     *     stay in the first chunk, which is far larger than any header)
     */
    BackgroundFrameWriter(OutputStream file, Format format, String name) throws IOException {
        this.file = file;
        this.chunks = new FileChunks(toTask::add);
        try {
            this.format = format.open(chunks);
            for (int i = 0; i < FRAMES; i++) {
                free.add(new RecordFrame());
            }
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        } catch (IOException | RuntimeException | Error e) {
            try {
                file.close();
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    @Override
    public void write(NullWritable key, RecordFrame frame) throws IOException {
        check();
        while (free.isEmpty()) {
            handle(take());
            check();
            if (writerDone && free.isEmpty()) {
                throw new IOException("the export file's writer thread ended before the file was closed");
            }
        }
        toWriter.add(free.poll().copyOf(frame));
        // Write what is ready without waiting for more.
        for (Object item = toTask.poll(); item != null; item = toTask.poll()) {
            handle(item);
        }
        check();
    }

    private Object take() throws Interrupted {
        try {
            return toTask.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("interrupted waiting for the export file's writer");
        }
    }

    /** A reusable frame, a chunk to write (then reuse), or the end of the writer thread. */
    private void handle(Object item) throws IOException {
        if (item == DONE) {
            writerDone = true;
        } else if (item instanceof RecordFrame) {
            free.add((RecordFrame) item);
        } else {
            ByteSink chunk = (ByteSink) item;
            try {
                if (fileFailure == null) {
                    file.write(chunk.array(), 0, chunk.length());
                }
            } catch (IOException e) {
                fileFailure = e;
                throw e;
            } catch (RuntimeException | Error e) {
                fileFailure = new IOException("writing the export file failed: " + e, e);
                throw fileFailure;
            } finally {
                chunks.recycle(chunk);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                RecordFrame frame;
                try {
                    frame = toWriter.take();
                } catch (InterruptedException e) {
                    fail(e);
                    return;
                }
                if (frame == END) {
                    try {
                        format.close();
                    } catch (IOException | RuntimeException | Error e) {
                        fail(e);
                    }
                    return;
                }
                if (failure == null) {
                    try {
                        format.write(frame);
                    } catch (IOException | RuntimeException | Error e) {
                        // Later frames are only recycled, so the task thread never waits for a dead writer.
                        fail(e);
                    }
                }
                toTask.add(frame);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            toTask.add(DONE);
        }
    }

    /** Keeps the writer thread's first failure; later ones are added to it. */
    private void fail(Throwable e) {
        Throwable first = failure;
        if (first == null) {
            failure = e;
        } else if (first != e) {
            first.addSuppressed(e);
        }
    }

    private void check() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("writing the export file failed: " + f.getMessage(), f);
        }
        if (fileFailure != null) {
            throw new IOException("writing the export file failed: " + fileFailure.getMessage(), fileFailure);
        }
        if (closed) {
            throw new IOException("the export file is closed");
        }
    }

    /** Writes every frame handed over, then closes the format's writer and the file. */
    @Override
    public void close(TaskAttemptContext context) throws IOException {
        if (closed) {
            return;
        }
        toWriter.add(END);
        IOException failed = null;
        try {
            while (!writerDone) {
                try {
                    handle(take());
                } catch (Interrupted e) {
                    thread.interrupt();
                    throw e;
                } catch (IOException e) {
                    // Kept as fileFailure; the other chunks are only recycled, and reported below.
                }
            }
            thread.join();
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = new InterruptedIOException("interrupted waiting for the export file's writer to end");
        } catch (IOException e) {
            failed = e;
        } finally {
            closed = true;
            try {
                file.close();
            } catch (IOException | RuntimeException e) {
                if (failed == null) {
                    failed = e instanceof IOException ? (IOException) e
                            : new IOException("closing the export file failed: " + e, e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
