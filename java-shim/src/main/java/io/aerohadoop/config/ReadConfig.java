package io.aerohadoop.config;

import static io.aerohadoop.config.ConfigValues.checkName;
import static io.aerohadoop.config.ConfigValues.intValue;
import static io.aerohadoop.config.ConfigValues.parseEnum;
import static io.aerohadoop.config.ConfigValues.requiredLong;
import static io.aerohadoop.config.ConfigValues.trimmed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The read configuration of a job: every {@code aerospike.input.*} key ({@link InputKeys}) read,
 * checked and typed in one place.
 *
 * <p>{@link #from(Configuration)} rejects a missing, malformed or contradictory value with an
 * {@link InvalidConfigurationException} naming the key and the value. Checks that need the cluster
 * (does the set exist, is there an index for the range) are made by the split planner. The
 * password is read through {@link Configuration#getPassword(String)}, so Hadoop credential
 * providers work; it is never part of {@link #toString()}.
 */
public final class ReadConfig extends ClusterConfigBase {
    /** What the job reads. */
    public enum Operation {
        /** Every record of the set (or namespace). */
        SCAN,
        /** Records whose integer bin lies in [begin, end], through a secondary index. */
        NUMRANGE,
        /** The records of the user keys in {@code aerospike.input.keys}, by batch reads. */
        KEYS
    }

    /** How scan splits are cut. */
    public enum SplitMode {
        /** Contiguous partition ranges, each grouped by master node where possible. */
        PARTITIONS,
        /** One split per node, covering the partitions it masters. */
        NODE
    }

    /** What the input value is. */
    public enum ValueFormat {
        /** {@code AerospikeRecord}: every bin, generation and TTL. */
        RECORD,
        /** {@code Text}: the string value of {@code aerospike.input.value.bin}. */
        BIN_TEXT,
        /** {@code Text}: a JSON object of every bin. */
        JSON,
        /** {@code MapWritable}: one entry per bin (what Spark's Python API turns into a dict). */
        MAP
    }

    /** Server limits on names, in UTF-8 bytes: caught here rather than as a server error per task. */
    static final int MAX_NAMESPACE_BYTES = 31;

    static final int MAX_SET_BYTES = 63;
    static final int MAX_BIN_BYTES = 15;
    /** A split can be no smaller than one of the 4096 partitions. */
    static final int PARTITIONS = 4096;
    /** Larger buffers would only hide a stalled consumer; 64 GiB is beyond any task's memory. */
    static final int MAX_MEMORY_LIMIT_MB = 64 * 1024;

    private static final ClusterAccess.Keys ACCESS_KEYS = new ClusterAccess.Keys(InputKeys.HOSTS, InputKeys.HOST, InputKeys.PORT,
            InputKeys.DEFAULT_HOST, InputKeys.DEFAULT_PORT, InputKeys.USER, InputKeys.PASSWORD, InputKeys.TLS_CA_FILE,
            InputKeys.TLS_NAME, InputKeys.TLS_CERT_FILE, InputKeys.TLS_KEY_FILE);

    private final String namespace;
    private final String set;
    private final List<String> bins;
    private final Operation operation;
    private final List<Object> keys;
    private final byte[] keyList;
    private final String rangeBin;
    private final long rangeBegin;
    private final long rangeEnd;
    private final SplitMode splitMode;
    private final int splitCount;
    private final int partitionFirst;
    private final int partitionLast;
    private final String filterExp;
    private final ValueFormat valueFormat;
    private final String valueBin;
    private final int timeoutMs;
    private final int retries;
    private final int retryBackoffMs;
    private final int recordsPerSecond;
    private final int memoryLimitMb;

    private ReadConfig(Configuration conf) throws IOException {
        super(conf, ACCESS_KEYS);

        namespace = trimmed(conf, InputKeys.NAMESPACE);
        if (namespace == null) {
            throw InvalidConfigurationException.missing(InputKeys.NAMESPACE, "the namespace to read is required");
        }
        checkName(InputKeys.NAMESPACE, namespace, namespace, MAX_NAMESPACE_BYTES, "a namespace name");
        set = trimmed(conf, InputKeys.SET_NAME);
        if (set != null) {
            checkName(InputKeys.SET_NAME, set, set, MAX_SET_BYTES, "a set name");
        }
        bins = binList(conf);

        operation = parseEnum(conf, InputKeys.OPERATION, InputKeys.DEFAULT_OPERATION, Operation.class,
                "scan, numrange, keys");
        if (operation == Operation.NUMRANGE) {
            rangeBin = trimmed(conf, InputKeys.NUMRANGE_BIN);
            if (rangeBin == null) {
                throw InvalidConfigurationException.missing(InputKeys.NUMRANGE_BIN,
                        InputKeys.OPERATION + "=numrange needs the integer bin of the range");
            }
            checkName(InputKeys.NUMRANGE_BIN, rangeBin, rangeBin, MAX_BIN_BYTES, "a bin name");
            rangeBegin = requiredLong(conf, InputKeys.NUMRANGE_BEGIN, "numrange needs the first value of the range");
            rangeEnd = requiredLong(conf, InputKeys.NUMRANGE_END, "numrange needs the last value of the range");
            if (rangeBegin > rangeEnd) {
                throw InvalidConfigurationException.invalid(InputKeys.NUMRANGE_BEGIN, Long.toString(rangeBegin),
                        "the range is empty: begin " + rangeBegin + " is greater than " + InputKeys.NUMRANGE_END
                                + "=" + rangeEnd);
            }
        } else {
            rangeBin = null;
            rangeBegin = 0;
            rangeEnd = 0;
        }

        String keysValue = trimmed(conf, InputKeys.KEYS);
        if (operation == Operation.KEYS) {
            if (keysValue == null) {
                throw InvalidConfigurationException.missing(InputKeys.KEYS,
                        InputKeys.OPERATION + "=keys needs the keys to read (KeyList.encode)");
            }
            keys = KeyList.decode(InputKeys.KEYS, keysValue);
            keyList = Base64.getDecoder().decode(keysValue);
            if (trimmed(conf, InputKeys.SPLIT_MODE) != null) {
                throw InvalidConfigurationException.invalid(InputKeys.SPLIT_MODE, trimmed(conf, InputKeys.SPLIT_MODE),
                        "does not apply to " + InputKeys.OPERATION + "=keys, whose splits group the keys by master"
                                + " node");
            }
        } else {
            if (keysValue != null) {
                throw InvalidConfigurationException.invalid(InputKeys.KEYS, keysValue,
                        "is only read with " + InputKeys.OPERATION + "=keys (the operation is "
                                + operation.name().toLowerCase(Locale.ROOT) + ")");
            }
            keys = Collections.emptyList();
            keyList = null;
        }

        splitMode = parseEnum(conf, InputKeys.SPLIT_MODE, InputKeys.DEFAULT_SPLIT_MODE, SplitMode.class,
                "partitions, node");
        if (operation == Operation.NUMRANGE && splitMode == SplitMode.NODE) {
            throw InvalidConfigurationException.invalid(InputKeys.SPLIT_MODE, trimmed(conf, InputKeys.SPLIT_MODE),
                    "cannot be combined with " + InputKeys.OPERATION + "=numrange, whose splits cut the value"
                            + " range (" + InputKeys.SPLITS + " sub-ranges)");
        }
        int[] range = partitionRange(conf);
        partitionFirst = range[0];
        partitionLast = range[1];
        if (operation == Operation.KEYS && trimmed(conf, InputKeys.PARTITIONS) != null) {
            throw InvalidConfigurationException.invalid(InputKeys.PARTITIONS, trimmed(conf, InputKeys.PARTITIONS),
                    "does not apply to " + InputKeys.OPERATION + "=keys, which reads the records of its keys"
                            + " wherever they are");
        }
        splitCount = intValue(conf, InputKeys.SPLITS, 0, 1, Integer.MAX_VALUE);
        if (splitCount > 0) {
            checkSplitCount(conf);
        }

        filterExp = trimmed(conf, InputKeys.FILTER_EXP);
        if (filterExp != null) {
            byte[] exp;
            try {
                exp = Base64.getDecoder().decode(filterExp);
            } catch (IllegalArgumentException e) {
                throw InvalidConfigurationException.invalid(InputKeys.FILTER_EXP, filterExp,
                        "not base64 as Expression.getBase64() prints it (" + e.getMessage() + ")", e);
            }
            String problem = MsgPackCheck.problem(exp);
            if (problem != null) {
                throw InvalidConfigurationException.invalid(InputKeys.FILTER_EXP, filterExp,
                        "not an encoded filter expression: " + problem);
            }
        }

        valueBin = trimmed(conf, InputKeys.VALUE_BIN);
        String format = trimmed(conf, InputKeys.VALUE_FORMAT);
        if (valueBin != null) {
            checkName(InputKeys.VALUE_BIN, valueBin, valueBin, MAX_BIN_BYTES, "a bin name");
            if (format != null) {
                throw InvalidConfigurationException.invalid(InputKeys.VALUE_FORMAT, format,
                        "cannot be combined with " + InputKeys.VALUE_BIN + "=" + valueBin
                                + ", which makes the value the Text of that bin; unset one of them");
            }
            if (!bins.isEmpty() && !bins.contains(valueBin)) {
                throw InvalidConfigurationException.invalid(InputKeys.BIN_NAMES, String.join(",", bins),
                        "does not include " + InputKeys.VALUE_BIN + "=" + valueBin);
            }
            valueFormat = ValueFormat.BIN_TEXT;
        } else {
            ValueFormat f = parseEnum(conf, InputKeys.VALUE_FORMAT, InputKeys.DEFAULT_VALUE_FORMAT, ValueFormat.class,
                    "record, json, map");
            if (f == ValueFormat.BIN_TEXT) {
                // BIN_TEXT is chosen by setting value.bin, never spelled out.
                throw InvalidConfigurationException.invalid(InputKeys.VALUE_FORMAT, format, "must be one of record, json, map"
                        + " (set " + InputKeys.VALUE_BIN + " to read one bin as Text)");
            }
            valueFormat = f;
        }

        timeoutMs = intValue(conf, InputKeys.TIMEOUT_MS, InputKeys.DEFAULT_TIMEOUT_MS, 1, Integer.MAX_VALUE);
        retries = intValue(conf, InputKeys.RETRIES, InputKeys.DEFAULT_RETRIES, 0, Integer.MAX_VALUE);
        retryBackoffMs = intValue(conf, InputKeys.RETRY_BACKOFF_MS, InputKeys.DEFAULT_RETRY_BACKOFF_MS, 0,
                Integer.MAX_VALUE);
        recordsPerSecond = intValue(conf, InputKeys.RECORDS_PER_SECOND, InputKeys.DEFAULT_RECORDS_PER_SECOND, 0,
                Integer.MAX_VALUE);
        memoryLimitMb = intValue(conf, InputKeys.MEMORY_LIMIT_MB, InputKeys.DEFAULT_MEMORY_LIMIT_MB, 1,
                MAX_MEMORY_LIMIT_MB);
    }

    /**
     * Reads and checks every {@code aerospike.input.*} key of {@code conf}.
     *
     * @throws InvalidConfigurationException naming the first key at fault and its value
     * @throws IOException if a credential provider cannot be read
     */
    public static ReadConfig from(Configuration conf) throws IOException {
        return new ReadConfig(conf);
    }

    private void checkSplitCount(Configuration conf) throws InvalidConfigurationException {
        String value = trimmed(conf, InputKeys.SPLITS);
        if (operation == Operation.NUMRANGE) {
            // Each sub-range is a query over every partition: more of them than partitions is
            // never a useful plan, and each split carries the partition list.
            if (splitCount > PARTITIONS) {
                throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value,
                        "more sub-ranges than " + PARTITIONS + " (each is a query over every partition)");
            }
            // Each sub-range holds at least one value; compare without overflowing a long.
            if (Long.compareUnsigned(rangeEnd - rangeBegin, splitCount - 1L) < 0) {
                throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value, "more sub-ranges than values in ["
                        + rangeBegin + ", " + rangeEnd + "]");
            }
        } else if (operation == Operation.KEYS) {
            throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value,
                    "does not apply to " + InputKeys.OPERATION + "=keys, which makes one split per master node");
        } else if (splitMode == SplitMode.NODE) {
            throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value,
                    "does not apply to " + InputKeys.SPLIT_MODE + "=node, which makes one split per node");
        } else if (splitCount > PARTITIONS) {
            throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value,
                    "more splits than the " + PARTITIONS + " partitions");
        } else if (splitCount > partitionCount()) {
            throw InvalidConfigurationException.invalid(InputKeys.SPLITS, value, "more splits than the "
                    + partitionCount() + " partition(s) of " + InputKeys.PARTITIONS + "=" + partitionFirst + "-"
                    + partitionLast);
        }
    }

    /** {@code first-last} or one id, 0..4095; unset: every partition. */
    private static int[] partitionRange(Configuration conf) throws InvalidConfigurationException {
        String v = trimmed(conf, InputKeys.PARTITIONS);
        if (v == null) {
            return new int[] {0, PARTITIONS - 1};
        }
        int dash = v.indexOf('-', 1);
        String first = dash < 0 ? v : v.substring(0, dash).trim();
        String last = dash < 0 ? v : v.substring(dash + 1).trim();
        int[] range = new int[2];
        String[] parts = {first, last};
        for (int i = 0; i < 2; i++) {
            try {
                range[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw InvalidConfigurationException.invalid(InputKeys.PARTITIONS, v,
                        "not a partition range: 'first-last' (inclusive) or one partition id, ids 0 to "
                                + (PARTITIONS - 1));
            }
            if (range[i] < 0 || range[i] >= PARTITIONS) {
                throw InvalidConfigurationException.invalid(InputKeys.PARTITIONS, v,
                        "partition " + range[i] + " does not exist: ids are 0 to " + (PARTITIONS - 1));
            }
        }
        if (range[0] > range[1]) {
            throw InvalidConfigurationException.invalid(InputKeys.PARTITIONS, v,
                    "the range is empty: " + range[0] + " is after " + range[1]);
        }
        return range;
    }

    private static List<String> binList(Configuration conf) throws InvalidConfigurationException {
        String value = trimmed(conf, InputKeys.BIN_NAMES);
        if (value == null) {
            return Collections.emptyList();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String bin = part.trim();
            if (!bin.isEmpty()) {
                checkName(InputKeys.BIN_NAMES, value, bin, MAX_BIN_BYTES, "a bin name");
                names.add(bin);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    public String namespace() {
        return namespace;
    }

    /** The set, or null for the whole namespace. */
    public String set() {
        return set;
    }

    /** Bins named by {@code aerospike.input.binnames}; empty means all. */
    public List<String> bins() {
        return bins;
    }

    /**
     * The bins the server is asked for: only the value bin when the value is one bin's text,
     * else {@link #bins()}; empty means all.
     */
    public List<String> projection() {
        return valueFormat == ValueFormat.BIN_TEXT ? Collections.singletonList(valueBin) : bins;
    }

    public Operation operation() {
        return operation;
    }

    /** The keys of a keys read (Long, String, byte[]), else empty. */
    public List<Object> keys() {
        return keys;
    }

    /** The keys of a keys read as the MessagePack array the native planner takes, else null. */
    public byte[] keyList() {
        return keyList == null ? null : keyList.clone();
    }

    /** The integer bin of a numrange read, else null. */
    public String rangeBin() {
        return rangeBin;
    }

    public long rangeBegin() {
        return rangeBegin;
    }

    public long rangeEnd() {
        return rangeEnd;
    }

    public SplitMode splitMode() {
        return splitMode;
    }

    /** Configured number of splits, or 0 for the default. */
    public int splitCount() {
        return splitCount;
    }

    /** First partition to read, inclusive (0 unless {@code aerospike.input.partitions} says otherwise). */
    public int partitionFirst() {
        return partitionFirst;
    }

    /** Last partition to read, inclusive (4095 unless {@code aerospike.input.partitions} says otherwise). */
    public int partitionLast() {
        return partitionLast;
    }

    /** How many partitions the read covers. */
    public int partitionCount() {
        return partitionLast - partitionFirst + 1;
    }

    /** Whether the read covers all 4096 partitions (no {@code aerospike.input.partitions}, or 0-4095). */
    public boolean readsEveryPartition() {
        return partitionCount() == PARTITIONS;
    }

    /** The filter expression in base64, or null. */
    public String filterExp() {
        return filterExp;
    }

    public ValueFormat valueFormat() {
        return valueFormat;
    }

    /** The bin read as Text, or null unless the format is {@link ValueFormat#BIN_TEXT}. */
    public String valueBin() {
        return valueBin;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public int retries() {
        return retries;
    }

    public int retryBackoffMs() {
        return retryBackoffMs;
    }

    public int recordsPerSecond() {
        return recordsPerSecond;
    }

    public long memoryLimitBytes() {
        return memoryLimitMb * 1024L * 1024L;
    }

    /** Everything but the password, for logs. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ReadConfig{seeds=").append(access.seeds)
                .append(", user=").append(access.user == null ? "none" : access.user)
                .append(", password=").append(access.hasPassword() ? "<hidden>" : "none")
                .append(", namespace=").append(namespace)
                .append(", set=").append(set == null ? "<whole namespace>" : set)
                .append(", bins=").append(bins.isEmpty() ? "<all>" : String.join(",", bins))
                .append(", operation=").append(operation.name().toLowerCase(Locale.ROOT));
        if (operation == Operation.KEYS) {
            s.append(" (").append(keys.size()).append(" keys)");
        } else if (operation == Operation.NUMRANGE) {
            s.append(" ").append(rangeBin).append(" in [").append(rangeBegin).append(", ").append(rangeEnd).append("]");
        } else {
            s.append(", splitMode=").append(splitMode.name().toLowerCase(Locale.ROOT));
        }
        s.append(", splits=").append(splitCount == 0 ? "default" : Integer.toString(splitCount));
        if (!readsEveryPartition()) {
            s.append(", partitions=").append(partitionFirst).append('-').append(partitionLast);
        }
        s
                .append(", filter=").append(filterExp == null ? "none" : filterExp)
                .append(", value=").append(valueFormat == ValueFormat.BIN_TEXT
                        ? "text of bin " + valueBin : valueFormat.name().toLowerCase(Locale.ROOT))
                .append(", timeoutMs=").append(timeoutMs)
                .append(", retries=").append(retries)
                .append(", retryBackoffMs=").append(retryBackoffMs)
                .append(", recordsPerSecond=").append(recordsPerSecond)
                .append(", memoryLimitMb=").append(memoryLimitMb)
                .append('}');
        return s.toString();
    }
}
