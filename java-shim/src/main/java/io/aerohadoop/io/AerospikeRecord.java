package io.aerohadoop.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * One Aerospike record as a Hadoop value: its bins in the order the server sent them, its
 * generation and its time to live.
 *
 * <p>Bin values are {@code Long}, {@code Double}, {@code String}, {@code byte[]}, {@code Boolean},
 * {@code List<Object>}, {@code Map<Object, Object>}, {@link GeoJson}, {@link HyperLogLog} or null,
 * nested freely in lists and maps (see {@code docs/types.md}).
 *
 * <p>Mutable and meant to be reused, as Hadoop reuses values: the record reader refills one
 * instance per record, so a mapper that keeps a record beyond {@code map()} must copy it
 * ({@link #copyOf}).
 */
public final class AerospikeRecord implements Writable, Serializable {
    // Serializable so Spark jobs (Java, Scala) can collect and shuffle records; Python reads
    // value.format=map instead (docs/spark.md): the pickler would call get(String) as a getter.
    private static final long serialVersionUID = 1L;

    /** Time to live of a record that never expires. */
    public static final int NEVER_EXPIRES = -1;

    private final LinkedHashMap<String, Object> bins = new LinkedHashMap<>();
    private int generation;
    private int ttl = NEVER_EXPIRES;

    public AerospikeRecord() {}

    /** A record holding a copy of {@code other}'s bin map (values are shared: they are not mutated here). */
    public static AerospikeRecord copyOf(AerospikeRecord other) {
        AerospikeRecord r = new AerospikeRecord();
        r.bins.putAll(other.bins);
        r.generation = other.generation;
        r.ttl = other.ttl;
        return r;
    }

    /** The bins by name, in order; live and modifiable. */
    public Map<String, Object> bins() {
        return bins;
    }

    /** The value of bin {@code name}, or null if the record has no such bin. */
    public Object get(String name) {
        return bins.get(name);
    }

    /** Sets bin {@code name}; a null value is kept as a bin holding nil. */
    public AerospikeRecord put(String name, Object value) {
        Values.tagOf(value);
        bins.put(name, value);
        return this;
    }

    /** How many times the record has been written (the server's generation counter). */
    public int generation() {
        return generation;
    }

    public void setGeneration(int generation) {
        this.generation = generation;
    }

    /**
     * Whether {@code generation} is one a record can have: 16 bits on the server, 0 to 65535. A
     * generation policy sends the carried generation, so the writers refuse any other there.
     */
    public static boolean isRecordGeneration(long generation) {
        return generation >= 0 && generation <= 0xffff;
    }

    /**
     * Seconds the record has left to live when it was read, or {@link #NEVER_EXPIRES}. A record
     * about to expire has at least 1: 0 would read as "server default" to a writer.
     */
    public int ttl() {
        return ttl;
    }

    public void setTtl(int ttl) {
        this.ttl = ttl;
    }

    /** Empties the record for reuse. */
    public void clear() {
        bins.clear();
        generation = 0;
        ttl = NEVER_EXPIRES;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(generation);
        out.writeInt(ttl);
        WritableUtils.writeVInt(out, bins.size());
        for (Map.Entry<String, Object> e : bins.entrySet()) {
            ValueCodec.writeString(out, e.getKey());
            try {
                ValueCodec.write(out, e.getValue());
            } catch (IOException ex) {
                throw new IOException("bin '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        bins.clear();
        generation = in.readInt();
        ttl = in.readInt();
        int n = ValueCodec.readCount(in);
        for (int i = 0; i < n; i++) {
            String name = ValueCodec.readString(in);
            try {
                bins.put(name, ValueCodec.read(in));
            } catch (EOFException ex) {
                throw ex;
            } catch (IOException ex) {
                throw new IOException("bin '" + name + "': " + ex.getMessage(), ex);
            }
        }
    }

    /** Same bins (by content, in any order), generation and TTL. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AerospikeRecord)) {
            return false;
        }
        AerospikeRecord r = (AerospikeRecord) o;
        return generation == r.generation && ttl == r.ttl && Values.deepEquals(bins, r.bins);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * generation + ttl) + Values.deepHashCode(bins);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AerospikeRecord(gen=").append(generation).append(", ttl=").append(ttl)
                .append(", bins=");
        Values.append(s, bins);
        return s.append(')').toString();
    }
}
