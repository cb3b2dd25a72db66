package io.aerohadoop;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a block of test code printed to System.err, where the tests' SLF4J binding (slf4j-simple)
 * writes: it looks System.err up at each message, so swapping the stream captures the
 * connector's log lines. The captured text is also copied to the real stream, so nothing is
 * hidden from the test report.
 */
public final class StderrCapture {
    /** A block that may throw. */
    public interface Block<T> {
        T run() throws Exception;
    }

    /** The block's result and the text it printed to System.err. */
    public static final class Captured<T> {
        public final T result;
        public final String text;

        Captured(T result, String text) {
            this.result = result;
            this.text = text;
        }
    }

    private StderrCapture() {}

    public static synchronized <T> Captured<T> run(Block<T> block) throws Exception {
        PrintStream real = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new TeeStream(bytes, real), true, StandardCharsets.UTF_8.name());
        System.setErr(tee);
        try {
            T result = block.run();
            tee.flush();
            return new Captured<>(result, new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        } finally {
            System.setErr(real);
        }
    }

    /** Writes to the capture and the real stream alike. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
