package io.aerohadoop.bench;

/** The aerolite server a benchmark started as its child process. */
public final class AeroliteProcess {
    private AeroliteProcess() {}

    /** The pid of this JVM's only aerolite child. */
    public static long pid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/aerolite")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no aerolite child process"));
    }
}
