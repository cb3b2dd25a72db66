package io.aerohadoop.pig;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.pig.data.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives types to the fields the script did not declare, and lists the bins when it named none, from
 * the first records of the set read through the input format (Pig asks for a schema in the
 * script's client, before any job). A bin seen with integers and floats is double; with other
 * mixed types, or in no sampled record, bytearray (untyped: values keep their own Pig type).
 */
final class SchemaSampler {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaSampler.class);

    private SchemaSampler() {}

    /**
     * @param conf the load's configuration (location and options applied)
     * @param declared the fields the script listed; empty for every bin
     * @param limit how many records to read at most
     */
    static List<PigField> resolve(Configuration conf, List<PigField> declared, int limit) throws IOException {
        boolean allBins = declared.isEmpty();
        List<String> unknownBins = new ArrayList<>();
        boolean unknownKey = false;
        for (PigField f : declared) {
            if (f.type == PigField.UNKNOWN) {
                if (f.kind == PigField.Kind.BIN) {
                    unknownBins.add(f.bin);
                } else {
                    unknownKey = true;
                }
            }
        }
        if (!allBins && unknownBins.isEmpty() && !unknownKey) {
            return declared;
        }
        Configuration sampleConf = new Configuration(conf);
        sampleConf.unset(InputKeys.VALUE_BIN);
        sampleConf.set(InputKeys.VALUE_FORMAT, "record");
        if (allBins || unknownBins.isEmpty()) {
            sampleConf.unset(InputKeys.BIN_NAMES);
        } else {
            sampleConf.set(InputKeys.BIN_NAMES, String.join(",", unknownBins));
        }
        Map<String, Byte> binTypes = new LinkedHashMap<>();
        byte keyType = DataType.NULL;
        int seen = 0;
        AerospikeInputFormat format = new AerospikeInputFormat();
        List<InputSplit> splits = format.getSplits(new JobContextImpl(sampleConf, new JobID("aerohadoop-pig-sample", 0)));
        TaskAttemptContextImpl task = new TaskAttemptContextImpl(sampleConf, new TaskAttemptID());
        for (InputSplit split : splits) {
            if (seen >= limit) {
                break;
            }
            try (RecordReader<AerospikeKey, Writable> reader = format.createRecordReader(split, task)) {
                reader.initialize(split, task);
                while (seen < limit && reader.nextKeyValue()) {
                    seen++;
                    keyType = merge(keyType, PigValues.naturalType(reader.getCurrentKey().userKey()));
                    for (Map.Entry<String, Object> bin : ((AerospikeRecord) reader.getCurrentValue()).bins().entrySet()) {
                        byte t = PigValues.naturalType(bin.getValue());
                        Byte before = binTypes.get(bin.getKey());
                        binTypes.put(bin.getKey(), merge(before == null ? DataType.NULL : before, t));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sampling", e);
            }
        }
        LOG.info("sampled {} records for the schema: bins {}, user keys {}", seen, binTypes, DataType.findTypeName(keyType));
        List<PigField> fields = new ArrayList<>();
        if (allBins) {
            for (Map.Entry<String, Byte> e : binTypes.entrySet()) {
                if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw new IOException("AerospikeStorage: bin '" + e.getKey() + "' is no Pig field name; list the fields"
                            + " to load, e.g. 'name=" + e.getKey() + "'");
                }
                fields.add(new PigField(e.getKey(), PigField.Kind.BIN, e.getKey(), known(e.getValue())));
            }
            if (fields.isEmpty()) {
                throw new IOException("AerospikeStorage: no record to take the bins from (" + seen
                        + " records sampled); list the fields to load");
            }
            return fields;
        }
        for (PigField f : declared) {
            if (f.type != PigField.UNKNOWN) {
                fields.add(f);
            } else if (f.kind == PigField.Kind.BIN) {
                Byte t = binTypes.get(f.bin);
                fields.add(f.withType(known(t == null ? DataType.NULL : t)));
            } else {
                fields.add(f.withType(known(keyType)));
            }
        }
        return fields;
    }

    private static byte known(byte t) {
        return t == DataType.NULL ? DataType.BYTEARRAY : t;
    }

    private static byte merge(byte a, byte b) {
        if (a == DataType.NULL || a == b) {
            return b;
        } else if (b == DataType.NULL) {
            return a;
        } else if ((a == DataType.LONG && b == DataType.DOUBLE) || (a == DataType.DOUBLE && b == DataType.LONG)) {
            return DataType.DOUBLE;
        }
        return DataType.BYTEARRAY;
    }
}
