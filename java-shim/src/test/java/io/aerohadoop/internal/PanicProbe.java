package io.aerohadoop.internal;

/**
 * Test-only door to the native test hook {@code rust-core/src/jni/panic_probe.rs}: a native method
 * whose body panics inside {@code entry()}. Lives in the test sources, so the shipped jar has no
 * class the hook can bind to.
 */
final class PanicProbe {
    private PanicProbe() {}

    /** Panics in native code with {@code message}; must come back as an AerospikeException. */
    static int panicInside(String message) throws io.aerohadoop.AerospikeException {
        NativeLibrary.load();
        return panicInsideEntry(message);
    }

    private static native int panicInsideEntry(String message) throws io.aerohadoop.AerospikeException;
}
