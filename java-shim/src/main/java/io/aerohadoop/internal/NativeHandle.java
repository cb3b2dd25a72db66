package io.aerohadoop.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java half of a native object: one {@code long} handle, released once.
 *
 * <p>The handle is a number the native library looks up, not a pointer: a call with a closed handle
 * (after {@link #close()}, or racing it on another thread) is answered with an {@code
 * AerospikeException} by the native side, never with a crash. So subclasses pass {@link #handle()}
 * to native calls without checking {@link #isClosed()} first.
 */
public abstract class NativeHandle implements AutoCloseable {
    private final long handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected NativeHandle(long handle) {
        this.handle = handle;
    }

    protected final long handle() {
        return handle;
    }

    public final boolean isClosed() {
        return closed.get();
    }

    /** Releases the native object. Idempotent: later calls do nothing. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            dispose(handle);
        }
    }

    /** Releases the native object behind {@code handle}; called at most once. */
    protected abstract void dispose(long handle);
}
