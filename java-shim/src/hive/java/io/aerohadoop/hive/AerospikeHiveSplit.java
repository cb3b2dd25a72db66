package io.aerohadoop.hive;

import io.aerohadoop.mapreduce.AerospikeInputSplit;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;

/**
 * A split of an Aerospike table for Hive: the connector's {@link AerospikeInputSplit} and the filter
 * expression pushed down for the query. Hive finds a split's table (its partition description)
 * by the split's path, so it is a {@link FileSplit} over the table's location, with the Aerospike
 * split's size and hosts.
 */
public final class AerospikeHiveSplit extends FileSplit {
    private AerospikeInputSplit split = new AerospikeInputSplit();
    private String filter;
    private boolean indexQuery;

    /** For Hadoop, which creates splits by reflection and then calls {@link #readFields}. */
    public AerospikeHiveSplit() {
        super((Path) null, 0, 0, (String[]) null);
    }

    AerospikeHiveSplit(Path table, AerospikeInputSplit split, String filter, boolean indexQuery) {
        super(table, 0, split.getLength(), split.getLocations());
        this.split = split;
        this.filter = filter;
        this.indexQuery = indexQuery;
    }

    /** Whether the split is read by a secondary-index range query rather than a scan. */
    boolean indexQuery() {
        return indexQuery;
    }

    AerospikeInputSplit split() {
        return split;
    }

    /** The pushed filter expression in base64, or null. */
    String filter() {
        return filter;
    }

    @Override
    public long getLength() {
        return split.getLength();
    }

    @Override
    public String[] getLocations() {
        return split.getLocations();
    }

    @Override
    public void write(DataOutput out) throws IOException {
        super.write(out);
        split.write(out);
        out.writeBoolean(filter != null);
        if (filter != null) {
            Text.writeString(out, filter);
        }
        out.writeBoolean(indexQuery);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        super.readFields(in);
        split = new AerospikeInputSplit();
        split.readFields(in);
        filter = in.readBoolean() ? Text.readString(in) : null;
        indexQuery = in.readBoolean();
    }

    @Override
    public String toString() {
        return split + (filter == null ? "" : ", filter " + filter);
    }
}
