package io.aerohadoop.hive;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.KeyList;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.mapred.AerospikeInputFormat;
import io.aerohadoop.mapreduce.AerospikeInputSplit;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input format of Aerospike tables: the connector's old-API {@link AerospikeInputFormat} with
 * the query's pushdown applied. The pushed predicate becomes {@code aerospike.input.filter.exp}; when
 * it pins the user key down ({@code key = c}, {@code key IN (...)}), the read is a batch get of those
 * keys ({@code aerospike.input.operation=keys}); else, when it bounds an integer bin that has a
 * numeric secondary index, the read is that index's range query ({@code aerospike.input.operation=numrange});
 * either way with the filter still applied. Values are {@link AerospikeRow}s (key and record) for
 * {@link AerospikeSerDe}.
 */
public final class AerospikeHiveInputFormat implements InputFormat<NullWritable, AerospikeRow> {
    private static final Logger LOG = LoggerFactory.getLogger(AerospikeHiveInputFormat.class);

    /** Counter group of how a table's splits were read: shows the index query a predicate chose. */
    public static final String COUNTERS = "Aerospike Hive";
    public static final String SCAN_SPLITS = "Splits read by scan";
    public static final String INDEX_QUERY_SPLITS = "Splits read by index query";
    public static final String BATCH_GET_SPLITS = "Splits read by batch get";

    private final AerospikeInputFormat delegate = new AerospikeInputFormat();

    @Override
    public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
        JobConf conf = recordValues(job);
        PushdownPlan plan = PushdownPlan.of(job);
        String filter = plan.filterExp(job.get(InputKeys.FILTER_EXP));
        if (filter != null) {
            conf.set(InputKeys.FILTER_EXP, filter);
        }
        InputSplit[] splits = null;
        String operation = job.getTrimmed(InputKeys.OPERATION, InputKeys.DEFAULT_OPERATION);
        boolean scan = operation.toLowerCase(Locale.ROOT).equals("scan");
        if (scan && plan.keys != null) {
            splits = batchGet(conf, plan.keys, numSplits);
        }
        if (scan && splits == null) {
            for (IndexRange r : plan.ranges) {
                splits = indexQuery(conf, r);
                if (splits != null) {
                    break;
                }
            }
        }
        if (splits == null) {
            splits = delegate.getSplits(conf, numSplits);
        }
        String how = conf.get(InputKeys.OPERATION, "scan");
        LOG.info("Aerospike pushdown: filter {}, {}", plan.filter == null ? "none" : plan.filter,
                how.equals("numrange") ? "index query on " + conf.get(InputKeys.NUMRANGE_BIN)
                        + " [" + conf.get(InputKeys.NUMRANGE_BEGIN) + ", " + conf.get(InputKeys.NUMRANGE_END) + "]"
                        : how.equals("keys") ? "batch get of " + plan.keys.size() + " key(s)" : "scan");
        Path[] paths = FileInputFormat.getInputPaths(job);
        Path table = paths.length > 0 ? paths[0] : new Path("aerospike:/" + conf.get(InputKeys.NAMESPACE));
        boolean indexQuery = how.equals("numrange");
        InputSplit[] out = new InputSplit[splits.length];
        for (int i = 0; i < splits.length; i++) {
            out[i] = new AerospikeHiveSplit(table, (AerospikeInputSplit) splits[i], filter, indexQuery);
        }
        return out;
    }

    /**
     * Plans a batch get of {@code keys}: one split per node mastering some of them. No keys (the
     * predicate contradicts itself, {@code key = 1 AND key = 2}) is no split at all.
     */
    private InputSplit[] batchGet(JobConf conf, List<Object> keys, int numSplits) throws IOException {
        conf.set(InputKeys.OPERATION, "keys");
        conf.unset(InputKeys.SPLIT_MODE);
        conf.unset(InputKeys.SPLITS);
        if (keys.isEmpty()) {
            return new InputSplit[0];
        }
        conf.set(InputKeys.KEYS, KeyList.encode(keys));
        return delegate.getSplits(conf, numSplits);
    }

    /**
     * Plans an index query over {@code r}, or returns null when the cluster has no numeric index
     * serving the bin (the planner says so naming {@code aerospike.input.numrange.bin}).
     */
    private InputSplit[] indexQuery(JobConf conf, IndexRange r) throws IOException {
        JobConf q = new JobConf(conf);
        q.set(InputKeys.OPERATION, "numrange");
        q.set(InputKeys.NUMRANGE_BIN, r.bin);
        q.set(InputKeys.NUMRANGE_BEGIN, Long.toString(r.begin));
        q.set(InputKeys.NUMRANGE_END, Long.toString(r.end));
        q.unset(InputKeys.SPLIT_MODE);
        q.unset(InputKeys.SPLITS);
        try {
            InputSplit[] splits = delegate.getSplits(q, 1);
            conf.set(InputKeys.OPERATION, "numrange");
            conf.set(InputKeys.NUMRANGE_BIN, r.bin);
            conf.set(InputKeys.NUMRANGE_BEGIN, Long.toString(r.begin));
            conf.set(InputKeys.NUMRANGE_END, Long.toString(r.end));
            return splits;
        } catch (InvalidConfigurationException e) {
            if (InputKeys.NUMRANGE_BIN.equals(e.getKey())) {
                LOG.debug("no index query on {}: {}", r, e.getMessage());
                return null;
            }
            throw e;
        }
    }

    @Override
    public RecordReader<NullWritable, AerospikeRow> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
            throws IOException {
        if (!(split instanceof AerospikeHiveSplit)) {
            throw new IOException("AerospikeHiveInputFormat reads AerospikeHiveSplit, not " + split.getClass().getName());
        }
        AerospikeHiveSplit s = (AerospikeHiveSplit) split;
        JobConf conf = recordValues(job);
        if (s.filter() != null) {
            conf.set(InputKeys.FILTER_EXP, s.filter());
        }
        if (reporter != null) {
            String how = s.split().isKeyList() ? BATCH_GET_SPLITS : s.indexQuery() ? INDEX_QUERY_SPLITS : SCAN_SPLITS;
            reporter.incrCounter(COUNTERS, how, 1);
        }
        return new RowReader(delegate.getRecordReader(s.split(), conf, reporter));
    }

    /** A copy of {@code job} whose values are whole records, whatever value format the session set. */
    private static JobConf recordValues(JobConf job) {
        JobConf conf = new JobConf(job);
        conf.unset(InputKeys.VALUE_BIN);
        conf.set(InputKeys.VALUE_FORMAT, "record");
        return conf;
    }

    /** The connector's reader, filling one {@link AerospikeRow} per record. */
    private static final class RowReader implements RecordReader<NullWritable, AerospikeRow> {
        private final RecordReader<AerospikeKey, Writable> reader;

        RowReader(RecordReader<AerospikeKey, Writable> reader) {
            this.reader = reader;
        }

        @Override
        public boolean next(NullWritable key, AerospikeRow value) throws IOException {
            return reader.next(value.key(), value.record());
        }

        @Override
        public NullWritable createKey() {
            return NullWritable.get();
        }

        @Override
        public AerospikeRow createValue() {
            return new AerospikeRow();
        }

        @Override
        public long getPos() throws IOException {
            return reader.getPos();
        }

        @Override
        public float getProgress() throws IOException {
            return reader.getProgress();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
