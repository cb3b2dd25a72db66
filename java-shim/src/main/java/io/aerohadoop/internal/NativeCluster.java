package io.aerohadoop.internal;

import io.aerohadoop.AerospikeException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection to an Aerospike cluster, held by the native library.
 *
 * <p>Connections are shared: every {@code NativeCluster} opened with the same seeds, credentials and
 * timeout in one JVM uses one native client; the client is closed when the last of them is closed.
 * {@link #openClientCount()} tells how many clients the JVM holds.
 */
public final class NativeCluster extends NativeHandle {
    private NativeCluster(long handle) {
        super(handle);
    }

    /**
     * Connects to the cluster reachable through {@code hosts} ({@code host:port,host:port}; a missing
     * port means 3000), or joins the client already connected with the same configuration.
     *
     * @param user user to log in as, or null for a cluster without security
     * @param password the user's password, or null when {@code user} is null
     * @param timeoutMs socket timeout of each connect, login and info exchange
     * @throws AerospikeException if an argument is invalid (result code 4) or no seed answers (the
     *     message names the seeds)
     */
    public static NativeCluster connect(String hosts, String user, String password, int timeoutMs)
            throws AerospikeException {
        return connect(hosts, user, password, timeoutMs, null, null, null, null);
    }

    /**
     * {@link #connect(String, String, String, int)} over TLS when {@code tlsCaFile} is not null:
     * the nodes' certificates must chain to that CA and carry {@code tlsName} (null: each seed's
     * host); {@code tlsCertFile} and {@code tlsKeyFile} (both or neither) are presented to
     * clusters that require a client certificate.
     *
     * @throws AerospikeException result code 4 naming the file if one cannot be read or parsed;
     *     a failed handshake (wrong CA or name, no client certificate) as a connect failure
     *     naming the seeds and the TLS error
     */
    public static NativeCluster connect(String hosts, String user, String password, int timeoutMs, String tlsCaFile,
            String tlsName, String tlsCertFile, String tlsKeyFile) throws AerospikeException {
        NativeLibrary.load();
        return new NativeCluster(connect0(hosts, user, password, timeoutMs, tlsCaFile, tlsName, tlsCertFile,
                tlsKeyFile));
    }

    /** Names of the cluster's active nodes, sorted. */
    public List<String> nodeNames() throws AerospikeException {
        return Collections.unmodifiableList(Arrays.asList(nodeNames0(handle())));
    }

    /**
     * Sends an info command to every active node.
     *
     * @return each node's answer (the value, without the echoed command), keyed by node name, in
     *     name order
     * @throws AerospikeException if a node does not answer; the message names the node
     */
    public Map<String, String> infoAll(String command) throws AerospikeException {
        String[] pairs = info0(handle(), command);
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            answers.put(pairs[i], pairs[i + 1]);
        }
        return answers;
    }

    /**
     * How many Aerospike clients this JVM holds open: one per distinct connection configuration in
     * use. Lets an operator confirm that many readers and writers share one client per cluster and
     * that closing them all releases it.
     */
    public static int openClientCount() throws AerospikeException {
        NativeLibrary.load();
        return openClientCount0();
    }

    @Override
    protected void dispose(long handle) {
        dispose0(handle);
    }

    private static native long connect0(String hosts, String user, String password, int timeoutMs,
            String tlsCaFile, String tlsName, String tlsCertFile, String tlsKeyFile) throws AerospikeException;

    private static native String[] nodeNames0(long handle) throws AerospikeException;

    /** {@code [node name, answer, node name, answer, ...]} for every active node, sorted by name. */
    private static native String[] info0(long handle, String command) throws AerospikeException;

    private static native int openClientCount0() throws AerospikeException;

    private static native boolean dispose0(long handle);
}
