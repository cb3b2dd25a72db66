package io.aerohadoop.examples.generateprofiles;

import io.aerohadoop.examples.weblog.AccessLogEntry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * What the log says about one user: hits, bytes served, error answers (status 400 and above), first
 * and last hit (epoch seconds). Merging is associative, so map tasks pre-aggregate.
 */
public final class ProfileStats implements Writable {
    private long hits;
    private long bytes;
    private long errors;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    public void set(AccessLogEntry hit) {
        hits = 1;
        bytes = hit.bytes();
        errors = hit.status() >= 400 ? 1 : 0;
        first = hit.epochSeconds();
        last = hit.epochSeconds();
    }

    public void clear() {
        hits = 0;
        bytes = 0;
        errors = 0;
        first = Long.MAX_VALUE;
        last = Long.MIN_VALUE;
    }

    public void merge(ProfileStats other) {
        hits += other.hits;
        bytes += other.bytes;
        errors += other.errors;
        first = Math.min(first, other.first);
        last = Math.max(last, other.last);
    }

    public long hits() {
        return hits;
    }

    public long bytes() {
        return bytes;
    }

    public long errors() {
        return errors;
    }

    public long first() {
        return first;
    }

    public long last() {
        return last;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(hits);
        out.writeLong(bytes);
        out.writeLong(errors);
        out.writeLong(first);
        out.writeLong(last);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        hits = in.readLong();
        bytes = in.readLong();
        errors = in.readLong();
        first = in.readLong();
        last = in.readLong();
    }
}
