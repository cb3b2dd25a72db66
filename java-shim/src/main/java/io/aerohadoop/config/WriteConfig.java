package io.aerohadoop.config;

import static io.aerohadoop.config.ConfigValues.booleanValue;
import static io.aerohadoop.config.ConfigValues.checkName;
import static io.aerohadoop.config.ConfigValues.intValue;
import static io.aerohadoop.config.ConfigValues.parseEnum;
import static io.aerohadoop.config.ConfigValues.trimmed;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The write configuration of a job: every {@code aerospike.output.*} key ({@link OutputKeys}) read,
 * checked and typed in one place.
 *
 * <p>{@link #from(Configuration)} rejects a missing, malformed or contradictory value with an
 * {@link InvalidConfigurationException} naming the key and the value. The namespace's existence is
 * checked against the cluster by the output format's {@code checkOutputSpecs}. The password is read
 * through {@link Configuration#getPassword(String)}, so Hadoop credential providers work; it is
 * never part of {@link #toString()}.
 */
public final class WriteConfig extends ClusterConfigBase {
    /** How a write treats an existing record; codes are the native writer's. */
    public enum WriteMode {
        /** Create or merge bins into the record. */
        UPDATE(0),
        /** Merge bins into an existing record; fail if there is none. */
        UPDATE_ONLY(1),
        /** Create, or replace every bin of the record. */
        REPLACE(2),
        /** Replace every bin of an existing record; fail if there is none. */
        REPLACE_ONLY(3),
        /** Create the record; fail if it exists. */
        CREATE_ONLY(4);

        private final int code;

        WriteMode(int code) {
            this.code = code;
        }

        /** The native writer's number for this mode. */
        public int code() {
            return code;
        }
    }

    /** Which generation a write expects to find; codes are the native writer's. */
    public enum GenerationPolicy {
        NONE(0),
        /** The record's generation must equal the one given with the record. */
        EXPECT_EQUAL(1),
        /** The given generation must be greater than the record's. */
        EXPECT_GREATER(2);

        private final int code;

        GenerationPolicy(int code) {
            this.code = code;
        }

        /** The native writer's number for this policy. */
        public int code() {
            return code;
        }
    }

    /** Server limits on names, in UTF-8 bytes: caught here rather than as a server error per record. */
    static final int MAX_NAMESPACE_BYTES = 31;

    static final int MAX_SET_BYTES = 63;
    static final int MAX_BIN_BYTES = 15;
    /** TTL values below 0 with a meaning: -1 never expire, -2 leave unchanged. */
    static final int MIN_TTL = -2;

    private static final ClusterAccess.Keys ACCESS_KEYS = new ClusterAccess.Keys(OutputKeys.HOSTS, OutputKeys.HOST, OutputKeys.PORT,
            OutputKeys.DEFAULT_HOST, OutputKeys.DEFAULT_PORT, OutputKeys.USER, OutputKeys.PASSWORD, OutputKeys.TLS_CA_FILE,
            OutputKeys.TLS_NAME, OutputKeys.TLS_CERT_FILE, OutputKeys.TLS_KEY_FILE);

    private final String namespace;
    private final String set;
    private final String binName;
    private final String keyName;
    private final int timeoutMs;
    private final int retries;
    private final WriteMode writeMode;
    private final int ttl;
    private final GenerationPolicy generationPolicy;
    private final boolean sendKey;
    private final boolean durableDelete;
    private final int batchSize;
    private final int inflight;
    private final long errorsMax;

    private WriteConfig(Configuration conf) throws IOException {
        super(conf, ACCESS_KEYS);

        namespace = trimmed(conf, OutputKeys.NAMESPACE);
        if (namespace == null) {
            throw InvalidConfigurationException.missing(OutputKeys.NAMESPACE, "the namespace to write is required");
        }
        checkName(OutputKeys.NAMESPACE, namespace, namespace, MAX_NAMESPACE_BYTES, "a namespace name");
        set = trimmed(conf, OutputKeys.SET_NAME);
        if (set != null) {
            checkName(OutputKeys.SET_NAME, set, set, MAX_SET_BYTES, "a set name");
        }
        binName = trimmed(conf, OutputKeys.BIN_NAME);
        if (binName != null) {
            checkName(OutputKeys.BIN_NAME, binName, binName, MAX_BIN_BYTES, "a bin name");
        }
        keyName = trimmed(conf, OutputKeys.KEY_NAME);
        if (keyName != null) {
            checkName(OutputKeys.KEY_NAME, keyName, keyName, MAX_BIN_BYTES, "a bin name");
            if (keyName.equals(binName)) {
                throw InvalidConfigurationException.invalid(OutputKeys.KEY_NAME, keyName,
                        "is also " + OutputKeys.BIN_NAME + "; the key and the value would overwrite each other");
            }
        }

        timeoutMs = intValue(conf, OutputKeys.TIMEOUT_MS, OutputKeys.DEFAULT_TIMEOUT_MS, 1, Integer.MAX_VALUE);
        retries = intValue(conf, OutputKeys.RETRIES, OutputKeys.DEFAULT_RETRIES, 0, Integer.MAX_VALUE);
        writeMode = parseEnum(conf, OutputKeys.WRITE_MODE, OutputKeys.DEFAULT_WRITE_MODE, WriteMode.class,
                "update, update_only, replace, replace_only, create_only");
        ttl = intValue(conf, OutputKeys.TTL, OutputKeys.DEFAULT_TTL, MIN_TTL, Integer.MAX_VALUE);
        generationPolicy = parseEnum(conf, OutputKeys.GENERATION_POLICY, OutputKeys.DEFAULT_GENERATION_POLICY,
                GenerationPolicy.class, "none, expect_equal, expect_greater");
        sendKey = booleanValue(conf, OutputKeys.SEND_KEY, OutputKeys.DEFAULT_SEND_KEY);
        durableDelete = booleanValue(conf, OutputKeys.DURABLE_DELETE, OutputKeys.DEFAULT_DURABLE_DELETE);
        batchSize = intValue(conf, OutputKeys.BATCH_SIZE, OutputKeys.DEFAULT_BATCH_SIZE, 1, Integer.MAX_VALUE);
        inflight = intValue(conf, OutputKeys.INFLIGHT, OutputKeys.DEFAULT_INFLIGHT, 1, Integer.MAX_VALUE);
        errorsMax = errorsMax(conf);
    }

    /**
     * Reads and checks every {@code aerospike.output.*} key of {@code conf}.
     *
     * @throws InvalidConfigurationException naming the first key at fault and its value
     * @throws IOException if a credential provider cannot be read
     */
    public static WriteConfig from(Configuration conf) throws IOException {
        return new WriteConfig(conf);
    }

    private static long errorsMax(Configuration conf) throws InvalidConfigurationException {
        String v = trimmed(conf, OutputKeys.ERRORS_MAX);
        if (v == null) {
            return OutputKeys.DEFAULT_ERRORS_MAX;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidConfigurationException.invalid(OutputKeys.ERRORS_MAX, v, "not a whole number");
        }
        if (n < -1) {
            throw InvalidConfigurationException.invalid(OutputKeys.ERRORS_MAX, v,
                    "must be -1 (fail on the first failed record) or a number of failures to skip");
        }
        return n;
    }

    public String namespace() {
        return namespace;
    }

    /** The set of written records, or null for none. */
    public String set() {
        return set;
    }

    /** The bin of scalar output values, or null if unset. */
    public String binName() {
        return binName;
    }

    /** The bin that also receives the user key, or null if unset. */
    public String keyName() {
        return keyName;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public int retries() {
        return retries;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    /** Seconds to live: -1 never expire, -2 leave unchanged, 0 the namespace default. */
    public int ttl() {
        return ttl;
    }

    public GenerationPolicy generationPolicy() {
        return generationPolicy;
    }

    public boolean sendKey() {
        return sendKey;
    }

    public boolean durableDelete() {
        return durableDelete;
    }

    public int batchSize() {
        return batchSize;
    }

    public int inflight() {
        return inflight;
    }

    /** Failures to skip before failing; -1 fails on the first. */
    public long errorsMax() {
        return errorsMax;
    }

    /** Everything but the password, for logs. */
    @Override
    public String toString() {
        return "WriteConfig{seeds=" + access.seeds
                + ", user=" + (access.user == null ? "none" : access.user)
                + ", password=" + (access.hasPassword() ? "<hidden>" : "none")
                + ", namespace=" + namespace
                + ", set=" + (set == null ? "<none>" : set)
                + ", binName=" + (binName == null ? "<unset>" : binName)
                + ", keyName=" + (keyName == null ? "<unset>" : keyName)
                + ", writeMode=" + writeMode.name().toLowerCase(Locale.ROOT)
                + ", ttl=" + ttl
                + ", generationPolicy=" + generationPolicy.name().toLowerCase(Locale.ROOT)
                + ", sendKey=" + sendKey
                + ", durableDelete=" + durableDelete
                + ", batchSize=" + batchSize
                + ", inflight=" + inflight
                + ", errorsMax=" + errorsMax
                + ", timeoutMs=" + timeoutMs
                + ", retries=" + retries
                + '}';
    }
}
