package io.aerohadoop.examples.aggregateintinput;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * Count, sum, minimum and maximum of integers: associative, so map tasks pre-aggregate (combiner)
 * and reducers merge. Printed by TextOutputFormat as {@code count<TAB>sum<TAB>min<TAB>max}.
 */
public final class IntStats implements Writable {
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    public void clear() {
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }

    public void add(long value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public void merge(IntStats other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    public long sum() {
        return sum;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(sum);
        out.writeLong(min);
        out.writeLong(max);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        count = in.readLong();
        sum = in.readLong();
        min = in.readLong();
        max = in.readLong();
    }

    @Override
    public String toString() {
        return count + "\t" + sum + "\t" + min + "\t" + max;
    }
}
