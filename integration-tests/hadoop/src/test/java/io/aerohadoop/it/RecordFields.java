package io.aerohadoop.it;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;

/** What the tests' mappers take from the connector's keys and records. */
final class RecordFields {
    private RecordFields() {}

    static String digestHex(AerospikeKey key) {
        return Digests.hex(key.digest());
    }

    /** Integer bin {@code name}; fails the task if the record lacks it or holds another type. */
    static long longBin(AerospikeRecord record, String name) throws IOException {
        Object value = record.get(name);
        if (!(value instanceof Long)) {
            throw new IOException("bin '" + name + "' is " + (value == null ? "missing" : value.getClass().getName())
                    + " in " + record);
        }
        return (Long) value;
    }
}
