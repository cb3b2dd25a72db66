package io.aerohadoop.bench.read;

import io.aerohadoop.bench.RecordShape;

/** What every reader must have seen: each loaded record once. */
final class Checks {
    private Checks() {}

    /** Fails unless {@code records} is the set's size (and {@code intSum}, when given, its sum). */
    static void expect(String who, DataSet data, long records, Long intSum) {
        if (records != data.size()) {
            throw new IllegalStateException(who + " read " + records + " records, the set has " + data.size());
        }
        if (intSum != null && intSum != RecordShape.intSum(data.size())) {
            throw new IllegalStateException(who + ": the int bins add up to " + intSum + ", expected "
                    + RecordShape.intSum(data.size()));
        }
    }
}
