package io.aerohadoop.config;

/**
 * Every {@code aerospike.output.*} key and its default, in one place; {@link WriteConfig} reads them
 * and {@code docs/configuration.md} documents them. The first six are the predecessor's
 * (aerospike-hadoop) keys, kept with their meaning so its jobs port by swapping the jar; the rest
 * are new, in the same style as the input keys.
 */
public final class OutputKeys {
    private OutputKeys() {}

    // ---- The predecessor's keys ----

    /** Seed host name; used with {@link #PORT} unless {@link #HOSTS} is set. */
    public static final String HOST = "aerospike.output.host";

    public static final String DEFAULT_HOST = "localhost";

    /** Seed port; used with {@link #HOST} unless {@link #HOSTS} is set. */
    public static final String PORT = "aerospike.output.port";

    public static final int DEFAULT_PORT = 3000;

    /** Namespace to write. Required. */
    public static final String NAMESPACE = "aerospike.output.namespace";

    /** Set of the written records; unset or empty writes records in no set. */
    public static final String SET_NAME = "aerospike.output.setname";

    /** Bin that receives a scalar output value; required when the output value is a scalar Writable. */
    public static final String BIN_NAME = "aerospike.output.binname";

    /** Bin that also receives the record's user key (the predecessor stored the key this way). */
    public static final String KEY_NAME = "aerospike.output.keyname";

    // ---- New keys ----

    /** Seed list {@code h1:p1,h2:p2} (port 3000 when omitted; IPv6 as {@code [addr]:port}); overrides host and port. */
    public static final String HOSTS = "aerospike.output.hosts";

    /** User to log in as, on clusters with security enabled. */
    public static final String USER = "aerospike.output.user";

    /** The user's password, read through {@code Configuration.getPassword} (credential providers). */
    public static final String PASSWORD = "aerospike.output.password";

    /** PEM file of the CA the nodes' TLS certificates must chain to; set, the connection uses TLS. */
    public static final String TLS_CA_FILE = "aerospike.output.tls.cafile";

    /** The name the nodes' certificates must carry (Aerospike's tls-name); default: each seed's host. */
    public static final String TLS_NAME = "aerospike.output.tls.name";

    /** PEM files of a client certificate and its key, for clusters that require one (mutual TLS). */
    public static final String TLS_CERT_FILE = "aerospike.output.tls.certfile";

    public static final String TLS_KEY_FILE = "aerospike.output.tls.keyfile";

    /** Socket timeout of every exchange with the cluster, in milliseconds. */
    public static final String TIMEOUT_MS = "aerospike.output.timeout.ms";

    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** Resends of a batch (or of its failed records) after a node error or timeout. */
    public static final String RETRIES = "aerospike.output.retries";

    public static final int DEFAULT_RETRIES = 2;

    /** {@code update}, {@code update_only}, {@code replace}, {@code replace_only} or {@code create_only}. */
    public static final String WRITE_MODE = "aerospike.output.write.mode";

    public static final String DEFAULT_WRITE_MODE = "update";

    /** Seconds to live: -1 never expire, -2 leave unchanged, 0 the namespace default. */
    public static final String TTL = "aerospike.output.ttl";

    public static final int DEFAULT_TTL = 0;

    /** {@code none}, {@code expect_equal} or {@code expect_greater}: checked against each record's generation. */
    public static final String GENERATION_POLICY = "aerospike.output.generation.policy";

    public static final String DEFAULT_GENERATION_POLICY = "none";

    /** Store the user key with the record, so readers get it back. */
    public static final String SEND_KEY = "aerospike.output.send.key";

    public static final boolean DEFAULT_SEND_KEY = true;

    /** Deletes (bins set to null that empty a record) leave a tombstone (Enterprise Edition). */
    public static final String DURABLE_DELETE = "aerospike.output.durable.delete";

    public static final boolean DEFAULT_DURABLE_DELETE = false;

    /** Records per batch write. */
    public static final String BATCH_SIZE = "aerospike.output.batch.size";

    public static final int DEFAULT_BATCH_SIZE = 5000;

    /** Batches one task has in flight at once. */
    public static final String INFLIGHT = "aerospike.output.inflight";

    public static final int DEFAULT_INFLIGHT = 4;

    /** Failed records a task counts and skips before it fails; -1 fails on the first. */
    public static final String ERRORS_MAX = "aerospike.output.errors.max";

    public static final long DEFAULT_ERRORS_MAX = -1;
}
