package io.aerohadoop.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * One split of an Aerospike read, for both Hadoop APIs: the native planner's opaque description
 * (partitions or value range, owning nodes, or a list of keys; its format belongs to
 * {@code rust-core}), the hosts that hold its data, and the number of partitions it covers (of
 * keys, for a key list), which is its length.
 *
 * <p>The description of {@link #toString()} is computed when the split is planned, so logging a
 * split never needs the native library.
 */
public final class AerospikeInputSplit extends InputSplit implements org.apache.hadoop.mapred.InputSplit, Writable {
    private byte[] split = new byte[0];
    private String[] locations = new String[0];
    private int partitions;
    private String description = "";
    /** A key-list split: {@link #partitions} counts keys. */
    private boolean keys;

    /** For Hadoop, which creates splits by reflection and then calls {@link #readFields}. */
    public AerospikeInputSplit() {}

    public AerospikeInputSplit(byte[] split, String[] locations, int partitions, String description) {
        this.split = split.clone();
        this.locations = locations.clone();
        this.partitions = partitions;
        this.description = description;
    }

    /** A split of a key-list read: {@code keyCount} keys, read with {@code NativeReader.openKeys}. */
    public static AerospikeInputSplit ofKeys(byte[] split, String[] locations, int keyCount, String description) {
        AerospikeInputSplit s = new AerospikeInputSplit(split, locations, keyCount, description);
        s.keys = true;
        return s;
    }

    /** Whether this split reads a key list rather than partitions. */
    public boolean isKeyList() {
        return keys;
    }

    /** The native split, as {@code NativeReader.open} takes it. */
    public byte[] nativeSplit() {
        return split.clone();
    }

    /** Partitions this split covers (keys, for a key list). */
    public int partitions() {
        return partitions;
    }

    /** Partitions, Hadoop's measure of split size here: records per partition are about even. */
    @Override
    public long getLength() {
        return partitions;
    }

    /** Host names holding the split's partitions, best first. */
    @Override
    public String[] getLocations() {
        return locations.clone();
    }

    @Override
    public void write(DataOutput out) throws IOException {
        WritableUtils.writeVInt(out, split.length);
        out.write(split);
        WritableUtils.writeVInt(out, locations.length);
        for (String l : locations) {
            Text.writeString(out, l);
        }
        WritableUtils.writeVInt(out, partitions);
        Text.writeString(out, description);
        out.writeBoolean(keys);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        split = new byte[nonNegative(WritableUtils.readVInt(in))];
        in.readFully(split);
        locations = new String[nonNegative(WritableUtils.readVInt(in))];
        for (int i = 0; i < locations.length; i++) {
            locations[i] = Text.readString(in);
        }
        partitions = nonNegative(WritableUtils.readVInt(in));
        description = Text.readString(in);
        keys = in.readBoolean();
    }

    private static int nonNegative(int n) throws IOException {
        if (n < 0) {
            throw new IOException("corrupt AerospikeInputSplit: negative length " + n);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AerospikeInputSplit)) {
            return false;
        }
        AerospikeInputSplit s = (AerospikeInputSplit) o;
        return partitions == s.partitions && keys == s.keys && Arrays.equals(split, s.split) && Arrays.equals(locations, s.locations)
                && description.equals(s.description);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(split);
    }

    @Override
    public String toString() {
        return "AerospikeInputSplit(" + description + ", " + partitions + (keys ? " keys" : " partitions") + ", at "
                + String.join(",", locations) + ")";
    }
}
