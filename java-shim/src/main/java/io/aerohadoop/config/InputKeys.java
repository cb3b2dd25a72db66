package io.aerohadoop.config;

/**
 * Every {@code aerospike.input.*} key and its default, in one place; {@link ReadConfig} reads them
 * and {@code docs/configuration.md} documents them. The first nine are the predecessor's
 * (aerospike-hadoop) keys, kept with their meaning so its jobs port by swapping the jar; the rest
 * are new, in the same style.
 */
public final class InputKeys {
    private InputKeys() {}

    // ---- The predecessor's keys ----

    /** Seed host name; used with {@link #PORT} unless {@link #HOSTS} is set. */
    public static final String HOST = "aerospike.input.host";

    public static final String DEFAULT_HOST = "localhost";

    /** Seed port; used with {@link #HOST} unless {@link #HOSTS} is set. */
    public static final String PORT = "aerospike.input.port";

    public static final int DEFAULT_PORT = 3000;

    /** Namespace to read. Required. */
    public static final String NAMESPACE = "aerospike.input.namespace";

    /** Set to read; unset or empty reads the whole namespace. */
    public static final String SET_NAME = "aerospike.input.setname";

    /** Comma-separated bins to read; unset or empty reads all bins. */
    public static final String BIN_NAMES = "aerospike.input.binnames";

    /**
     * {@code scan} (every record), {@code numrange} (a secondary-index range query) or {@code keys}
     * (batch reads of the user keys in {@link #KEYS}).
     */
    public static final String OPERATION = "aerospike.input.operation";

    public static final String DEFAULT_OPERATION = "scan";

    /** Integer bin of the numeric range; required by {@code numrange}. */
    public static final String NUMRANGE_BIN = "aerospike.input.numrange.bin";

    /** First value of the numeric range, inclusive; required by {@code numrange}. */
    public static final String NUMRANGE_BEGIN = "aerospike.input.numrange.begin";

    /** Last value of the numeric range, inclusive; required by {@code numrange}. */
    public static final String NUMRANGE_END = "aerospike.input.numrange.end";

    // ---- New keys ----

    /** Seed list {@code h1:p1,h2:p2} (port 3000 when omitted; IPv6 as {@code [addr]:port}); overrides host and port. */
    public static final String HOSTS = "aerospike.input.hosts";

    /** {@code partitions} (contiguous partition ranges) or {@code node} (one split per node). */
    public static final String SPLIT_MODE = "aerospike.input.split.mode";

    public static final String DEFAULT_SPLIT_MODE = "partitions";

    /** Number of splits: partition ranges, or numeric sub-ranges; default 2 × nodes, numrange 1. */
    public static final String SPLITS = "aerospike.input.splits";

    /** The user keys of {@code operation=keys}: base64 of a MessagePack array ({@link KeyList#encode}). */
    public static final String KEYS = "aerospike.input.keys";

    /**
     * Partitions to read: {@code first-last} (inclusive) or one id, ids 0–4095; unset reads all.
     * Every split mode plans only these partitions.
     */
    public static final String PARTITIONS = "aerospike.input.partitions";

    /** Filter expression applied by the server, base64 as {@code Expression.getBase64()} prints it. */
    public static final String FILTER_EXP = "aerospike.input.filter.exp";

    /** Bin whose string value becomes the input value, as {@code Text}. */
    public static final String VALUE_BIN = "aerospike.input.value.bin";

    /** {@code record} (AerospikeRecord) or {@code json} (Text, a JSON object of all bins). */
    public static final String VALUE_FORMAT = "aerospike.input.value.format";

    public static final String DEFAULT_VALUE_FORMAT = "record";

    /** User to log in as, on clusters with security enabled. */
    public static final String USER = "aerospike.input.user";

    /** The user's password, read through {@code Configuration.getPassword} (credential providers). */
    public static final String PASSWORD = "aerospike.input.password";

    /** PEM file of the CA the nodes' TLS certificates must chain to; set, the connection uses TLS. */
    public static final String TLS_CA_FILE = "aerospike.input.tls.cafile";

    /** The name the nodes' certificates must carry (Aerospike's tls-name); default: each seed's host. */
    public static final String TLS_NAME = "aerospike.input.tls.name";

    /** PEM files of a client certificate and its key, for clusters that require one (mutual TLS). */
    public static final String TLS_CERT_FILE = "aerospike.input.tls.certfile";

    public static final String TLS_KEY_FILE = "aerospike.input.tls.keyfile";

    /** Socket timeout of every exchange with the cluster, in milliseconds. */
    public static final String TIMEOUT_MS = "aerospike.input.timeout.ms";

    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** Resumes of a partition after a node error or timeout before the task fails. */
    public static final String RETRIES = "aerospike.input.retries";

    public static final int DEFAULT_RETRIES = 5;

    /** Pause before the first resume, in milliseconds (the native reader backs off from it). */
    public static final String RETRY_BACKOFF_MS = "aerospike.input.retry.backoff.ms";

    public static final int DEFAULT_RETRY_BACKOFF_MS = 500;

    /** Upper bound on records read per second by one split reader; 0 = unthrottled. */
    public static final String RECORDS_PER_SECOND = "aerospike.input.records.per.second";

    public static final int DEFAULT_RECORDS_PER_SECOND = 0;

    /** Native memory one split reader may hold in buffered records, in MiB. */
    public static final String MEMORY_LIMIT_MB = "aerospike.input.memory.limit.mb";

    public static final int DEFAULT_MEMORY_LIMIT_MB = 64;
}
