package io.aerohadoop.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.apache.hadoop.io.WritableComparable;

/**
 * The key of an Aerospike record as a Hadoop key: namespace, set, the 20-byte digest that
 * identifies the record, and the user key when the record was written with it stored
 * ({@code sendKey}).
 *
 * <p>Keys compare by namespace, then set (no set first), then digest as unsigned bytes; equality
 * and hash code follow the same three fields, so the user key — which the digest is computed
 * from — never makes two keys of one record differ. The hash is the same in every JVM (Hadoop's
 * partitioner relies on it).
 *
 * <p>Mutable and meant to be reused: the record reader refills one instance per record.
 */
public final class AerospikeKey implements WritableComparable<AerospikeKey>, Serializable {
    // Serializable (with the bean getters below) for Spark: task results travel by Java
    // serialization, and pyspark's pickler turns a Serializable object's getters into a dict.
    private static final long serialVersionUID = 1L;

    /** Length of a record digest (RIPEMD-160). */
    public static final int DIGEST_LENGTH = 20;

    private String namespace = "";
    private String set;
    private final byte[] digest = new byte[DIGEST_LENGTH];
    private Object userKey;

    public AerospikeKey() {}

    /**
     * @param set the set, or null for a record in no set
     * @param digest 20 bytes, copied
     * @param userKey the stored user key (Long, String or byte[]), or null
     */
    public AerospikeKey(String namespace, String set, byte[] digest, Object userKey) {
        set(namespace, set, digest, userKey);
    }

    /** A copy that does not change when {@code other} is reused. */
    public static AerospikeKey copyOf(AerospikeKey other) {
        return new AerospikeKey(other.namespace, other.set, other.digest, other.userKey);
    }

    /** Refills this key; {@code digest} is copied. */
    public void set(String namespace, String set, byte[] digest, Object userKey) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.set = set;
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("a digest has " + DIGEST_LENGTH + " bytes, not " + digest.length);
        }
        System.arraycopy(digest, 0, this.digest, 0, DIGEST_LENGTH);
        Values.tagOf(userKey);
        this.userKey = userKey;
    }

    public String namespace() {
        return namespace;
    }

    /** The set, or null if the record is in no set. */
    public String set() {
        return set;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return digest.clone();
    }

    /** The user key stored with the record, or null if it was not stored. */
    public Object userKey() {
        return userKey;
    }

    /** {@link #namespace()}, as a bean property (pyspark's dict key {@code namespace}). */
    public String getNamespace() {
        return namespace;
    }

    /** {@link #set()}, as a bean property. */
    public String getSet() {
        return set;
    }

    /** {@link #digest()}, as a bean property. */
    public byte[] getDigest() {
        return digest();
    }

    /** {@link #userKey()}, as a bean property. */
    public Object getUserKey() {
        return userKey;
    }

    // For the frame decoder, which fills these in place rather than allocating per record.
    void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    void setSet(String set) {
        this.set = set;
    }

    byte[] digestArray() {
        return digest;
    }

    void setUserKey(Object userKey) {
        this.userKey = userKey;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        ValueCodec.writeString(out, namespace);
        out.writeBoolean(set != null);
        if (set != null) {
            ValueCodec.writeString(out, set);
        }
        out.write(digest);
        ValueCodec.write(out, userKey);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        namespace = ValueCodec.readString(in);
        set = in.readBoolean() ? ValueCodec.readString(in) : null;
        in.readFully(digest);
        userKey = ValueCodec.read(in);
    }

    @Override
    public int compareTo(AerospikeKey o) {
        int c = namespace.compareTo(o.namespace);
        if (c != 0) {
            return c;
        }
        if (set == null || o.set == null) {
            c = set == null ? (o.set == null ? 0 : -1) : 1;
        } else {
            c = set.compareTo(o.set);
        }
        if (c != 0) {
            return c;
        }
        return Arrays.compareUnsigned(digest, o.digest);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AerospikeKey)) {
            return false;
        }
        AerospikeKey k = (AerospikeKey) o;
        return namespace.equals(k.namespace) && Objects.equals(set, k.set) && Arrays.equals(digest, k.digest);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * namespace.hashCode() + Objects.hashCode(set)) + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AerospikeKey(").append(namespace).append(':')
                .append(set == null ? "" : set).append(':');
        for (byte b : digest) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        if (userKey != null) {
            s.append(", key=");
            Values.append(s, userKey);
        }
        return s.append(')').toString();
    }
}
