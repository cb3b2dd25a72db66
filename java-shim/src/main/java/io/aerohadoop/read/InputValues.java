package io.aerohadoop.read;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.JsonEncoder;
import io.aerohadoop.io.Values;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * Turns a decoded record into the job's input value, as {@code aerospike.input.value.*} says:
 * the {@link AerospikeRecord} itself, the {@link Text} of one string bin, {@link Text} JSON of
 * every bin, or a {@link MapWritable} of every bin.
 *
 * <p>Value-bin semantics: a record without the bin (or with it nil) is skipped and counted
 * ({@link InputCounters#SKIPPED_NO_VALUE_BIN}): sets often mix record shapes, and a bin no
 * record has at all is caught when splits are planned. (The server, asked for that bin only,
 * already omits records that have none of it; this covers any that still arrive.) A record whose bin holds anything but a
 * string fails the task, naming the key, the record and the type: converting a number or a map
 * to text would hide a job reading the wrong bin.
 */
public abstract class InputValues {
    private InputValues() {}

    /** The converter for {@code config}'s value format. */
    public static InputValues of(ReadConfig config) {
        switch (config.valueFormat()) {
            case BIN_TEXT:
                return new BinText(config.valueBin());
            case JSON:
                return new Json();
            case MAP:
                return new BinMap();
            default:
                return new Record();
        }
    }

    /** A new value object of the format's class. */
    public abstract Writable createValue();

    /** Whether records decode straight into the value (no conversion, no scratch record). */
    abstract boolean decodesIntoValue();

    /**
     * Sets {@code value} from the decoded {@code record}.
     *
     * @return false if the record has no input value and is skipped
     */
    abstract boolean fill(AerospikeKey key, AerospikeRecord record, Writable value) throws InvalidConfigurationException;

    private static final class Record extends InputValues {
        @Override
        public Writable createValue() {
            return new AerospikeRecord();
        }

        @Override
        boolean decodesIntoValue() {
            return true;
        }

        @Override
        boolean fill(AerospikeKey key, AerospikeRecord record, Writable value) {
            return true;
        }
    }

    private static final class BinText extends InputValues {
        private final String bin;

        BinText(String bin) {
            this.bin = bin;
        }

        @Override
        public Writable createValue() {
            return new Text();
        }

        @Override
        boolean decodesIntoValue() {
            return false;
        }

        @Override
        boolean fill(AerospikeKey key, AerospikeRecord record, Writable value) throws InvalidConfigurationException {
            Object v = record.get(bin);
            if (v == null) {
                return false;
            }
            if (!(v instanceof String)) {
                throw InvalidConfigurationException.invalid(InputKeys.VALUE_BIN, bin, "record " + key + " has a value of type "
                        + Values.tagName(Values.tagOf(v)) + " in this bin, not a string; " + InputKeys.VALUE_BIN
                        + " reads string bins only (" + InputKeys.VALUE_FORMAT + "=json or record read any type)");
            }
            ((Text) value).set((String) v);
            return true;
        }
    }

    private static final class BinMap extends InputValues {
        @Override
        public Writable createValue() {
            return new MapWritable();
        }

        @Override
        boolean decodesIntoValue() {
            return false;
        }

        @Override
        boolean fill(AerospikeKey key, AerospikeRecord record, Writable value) {
            WritableBins.fill(record, (MapWritable) value);
            return true;
        }
    }

    private static final class Json extends InputValues {
        private final JsonEncoder encoder = new JsonEncoder();

        @Override
        public Writable createValue() {
            return new Text();
        }

        @Override
        boolean decodesIntoValue() {
            return false;
        }

        @Override
        boolean fill(AerospikeKey key, AerospikeRecord record, Writable value) {
            encoder.encode(record.bins(), (Text) value);
            return true;
        }
    }
}
