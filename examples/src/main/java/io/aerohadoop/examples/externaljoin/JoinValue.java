package io.aerohadoop.examples.externaljoin;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * A map output value of the join: either a hit from the log (its time) or a user's profile from
 * Aerospike (its bins, already rendered as the joined row's columns).
 */
public final class JoinValue implements Writable {
    private boolean profile;
    private long time;
    private final Text columns = new Text();

    public void setHit(long epochSeconds) {
        profile = false;
        time = epochSeconds;
        columns.clear();
    }

    public void setProfile(String renderedBins) {
        profile = true;
        time = 0;
        columns.set(renderedBins);
    }

    public boolean isProfile() {
        return profile;
    }

    /** A hit's time, epoch seconds. */
    public long time() {
        return time;
    }

    /** A profile's columns. */
    public String columns() {
        return columns.toString();
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(profile);
        if (profile) {
            columns.write(out);
        } else {
            out.writeLong(time);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        profile = in.readBoolean();
        if (profile) {
            time = 0;
            columns.readFields(in);
        } else {
            columns.clear();
            time = in.readLong();
        }
    }
}
