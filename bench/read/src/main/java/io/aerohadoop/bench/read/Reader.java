package io.aerohadoop.bench.read;

import io.aerohadoop.bench.Contender;

/** One way of reading the whole set, timed by the reader itself. */
interface Reader extends Contender {
    /**
     * Reads every record once and checks what it saw against the data set.
     *
     * @return the wall time of the read in nanoseconds
     * @throws Exception if the read fails or delivers other records than were loaded
     */
    long read() throws Exception;

    @Override
    default long run() throws Exception {
        return read();
    }
}
