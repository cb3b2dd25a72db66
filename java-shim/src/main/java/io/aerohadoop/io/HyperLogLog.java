package io.aerohadoop.io;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A HyperLogLog bin value (Aerospike particle type 18): the server's sketch bytes, opaque to
 * Java, kept apart from a blob so that writing it back stores a sketch again.
 */
public final class HyperLogLog implements Serializable {
    // Held in AerospikeRecord's bins, which Spark serializes.
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;

    /** Takes {@code bytes} as they are (no copy). */
    public HyperLogLog(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The sketch bytes; the array itself, not a copy. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperLogLog && Arrays.equals(((HyperLogLog) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HyperLogLog(" + Base64.getEncoder().encodeToString(bytes) + ")";
    }
}
