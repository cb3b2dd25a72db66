package io.aerohadoop.bench.read;

/** One way of reading the whole set, timed by the reader itself. */
interface Reader extends AutoCloseable {
    /** Short label for the table, e.g. {@code (a) aerohadoop RecordReader}. */
    String label();

    /**
     * Reads every record once and checks what it saw against the data set.
     *
     * @return the wall time of the read in nanoseconds
     * @throws Exception if the read fails or delivers other records than were loaded
     */
    long read() throws Exception;

    /** The process whose CPU time the read costs: this JVM, unless the reader runs elsewhere. */
    default long clientPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    default void close() throws Exception {}
}
