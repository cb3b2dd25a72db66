package io.aerohadoop.bench;

/**
 * One way of moving the benchmark's records (a reader or a writer), run once per round by
 * {@link Rounds}. Only {@link #run} is timed and counted in the CPU figures; {@link #prepare} and
 * {@link #verify} surround it untimed.
 */
public interface Contender extends AutoCloseable {
    /** Short label for the table, e.g. {@code (a) aerohadoop RecordReader}. */
    String label();

    /** Untimed set-up before each run (e.g. emptying the set a writer fills). */
    default void prepare() throws Exception {}

    /**
     * Moves every record once.
     *
     * @return the wall time in nanoseconds
     * @throws Exception if the run fails
     */
    long run() throws Exception;

    /** Untimed check after each run: throws unless the run moved exactly the expected records. */
    default void verify() throws Exception {}

    /** Untimed, after {@link #verify}: releases what the run left behind (e.g. files it wrote). */
    default void cleanUp() throws Exception {}

    /** The process whose CPU time the run costs: this JVM, unless the contender runs elsewhere. */
    default long clientPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    default void close() throws Exception {}
}
