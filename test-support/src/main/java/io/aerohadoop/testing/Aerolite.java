package io.aerohadoop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aerolite cluster run as a child process, for Java tests.
 *
 * <pre>{@code
 * try (Aerolite cluster = Aerolite.builder().nodes(3).replicationFactor(2).start()) {
 *     String seeds = cluster.seeds();   // 127.0.0.1:P,127.0.0.1:P+10,127.0.0.1:P+20
 *     cluster.stopNode(1);
 * }
 * }</pre>
 *
 * <p>The binary is the system property {@value #BINARY_PROPERTY} (the Gradle build sets it to
 * {@code target/release/aerolite}), else the environment variable {@code AEROLITE_BIN}. Nodes listen
 * on a free base port P and P+10*i. Node control (stop, kill, restart, ...) goes through aerolite's
 * {@code aerolite-control} info command, so the cluster is started with {@code --control} unless
 * {@link Builder#control(boolean)} turns it off.
 */
public final class Aerolite implements AutoCloseable {
    public static final String BINARY_PROPERTY = "aerolite.bin";
    public static final String BINARY_ENV = "AEROLITE_BIN";

    private static final Logger LOG = LoggerFactory.getLogger(Aerolite.class);
    private static final String READY = "aerolite ready ";
    private static final int STDERR_LINES_KEPT = 200;
    private static final int START_ATTEMPTS = 5;
    private static final int INFO_TIMEOUT_MS = 5_000;

    private final Process process;
    private final int basePort;
    private final int nodes;
    private final boolean control;
    private final Deque<String> stderrTail;
    /** Nodes stopped through this object; control commands go to a node not in it. */
    private final Set<Integer> stopped = new HashSet<>();

    private Aerolite(Process process, int basePort, int nodes, boolean control, Deque<String> stderrTail) {
        this.process = process;
        this.basePort = basePort;
        this.nodes = nodes;
        this.control = control;
        this.stderrTail = stderrTail;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Seeds in the form clients take: {@code 127.0.0.1:P,127.0.0.1:P+10,...}. */
    public String seeds() {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            seeds.add(host(i));
        }
        return String.join(",", seeds);
    }

    /** {@code 127.0.0.1:<port of node i>}. */
    public String host(int node) {
        return "127.0.0.1:" + port(node);
    }

    public int port(int node) {
        checkIndex(node);
        return basePort + 10 * node;
    }

    public int[] ports() {
        int[] ports = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = port(i);
        }
        return ports;
    }

    public int nodeCount() {
        return nodes;
    }

    /** The node name clients see for node {@code i}, asked of the node itself. */
    public String nodeName(int node) throws IOException {
        return info(node, "node");
    }

    /** Sends an info command to node {@code i} and returns its answer's value. */
    public String info(int node, String command) throws IOException {
        return InfoClient.request("127.0.0.1", port(node), command, INFO_TIMEOUT_MS);
    }

    /** Stops node {@code i}; the survivors re-form the cluster without it. Returns once its port is closed. */
    public void stopNode(int node) throws IOException {
        stop("stop", node);
    }

    /**
     * Stops node {@code i} while the survivors keep the old cluster view until {@link #recluster()}.
     * Returns once its port is closed.
     */
    public void killNode(int node) throws IOException {
        stop("kill", node);
    }

    private void stop(String action, int node) throws IOException {
        checkIndex(node);
        // Asked of a survivor when there is one: a node told to stop itself answers first and
        // stops a moment later.
        send(liveNodeOtherThan(node), "aerolite-control:" + action + "=" + node);
        markStopped(node, true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (accepts(port(node))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("node " + node + " still accepts connections after " + action);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while node " + node + " stopped", e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts node {@code i} again on its port; it rejoins and takes back its partitions. */
    public void restartNode(int node) throws IOException {
        control("restart=" + checkIndex(node));
        markStopped(node, false);
    }

    /** The survivors notice every stopped node and re-form the cluster. */
    public void recluster() throws IOException {
        control("recluster");
    }

    /** A paused node accepts and reads requests but answers nothing until resumed. */
    public void pauseNode(int node, boolean paused) throws IOException {
        control((paused ? "pause=" : "resume=") + checkIndex(node));
    }

    /** Delays every data answer of node {@code i} by {@code millis}. */
    public void delayNode(int node, long millis) throws IOException {
        control("delay=" + checkIndex(node) + ";ms=" + millis);
    }

    /** Makes node {@code i} answer every data command with result code {@code code}. */
    public void failNode(int node, int code) throws IOException {
        control("fail=" + checkIndex(node) + ";code=" + code);
    }

    /** Clears pause, delay and failure of node {@code i}. */
    public void healNode(int node) throws IOException {
        control("heal=" + checkIndex(node));
    }

    /**
     * Sends {@code aerolite-control:<action>} to a live node and checks the answer is {@code ok}.
     *
     * @throws IOException with the node's {@code ERROR:...} text if it refuses
     */
    public void control(String action) throws IOException {
        send(liveNodeOtherThan(-1), "aerolite-control:" + action);
    }

    private void send(int node, String command) throws IOException {
        if (!control) {
            throw new IllegalStateException("this cluster was started without --control");
        }
        String answer = info(node, command);
        if (!"ok".equals(answer)) {
            throw new IOException(command + " answered '" + answer + "'");
        }
    }

    /** The last lines aerolite wrote to stderr (its log), oldest first. */
    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return new ArrayList<>(stderrTail);
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Kills the process (SIGTERM, then SIGKILL if it lingers) and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A node not stopped through this object, preferring one other than {@code avoid}. */
    private int liveNodeOtherThan(int avoid) {
        synchronized (stopped) {
            int fallback = -1;
            for (int i = 0; i < nodes; i++) {
                if (stopped.contains(i)) {
                    continue;
                }
                if (i != avoid) {
                    return i;
                }
                fallback = i;
            }
            if (fallback >= 0) {
                return fallback;
            }
        }
        throw new IllegalStateException("every node of this cluster is stopped");
    }

    private void markStopped(int node, boolean isStopped) {
        synchronized (stopped) {
            if (isStopped) {
                stopped.add(node);
            } else {
                stopped.remove(node);
            }
        }
    }

    private int checkIndex(int node) {
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node index " + node + " is not in 0.." + (nodes - 1));
        }
        return node;
    }

    /** Options of the cluster to start; each maps to the aerolite option of the same name. */
    public static final class Builder {
        private int nodes = 1;
        private int replicationFactor = 1;
        private boolean control = true;
        private String user;
        private String password;
        private final List<String> namespaces = new ArrayList<>();
        private Path binary;
        private long startTimeoutMs = 30_000;
        private Path tlsDir;
        private String tlsName;
        private boolean tlsClientAuth;

        private Builder() {}

        /**
         * Serve TLS only, with the certificates in {@code dir} (made there at start when it has
         * none: {@code ca.pem}, {@code server.pem}/{@code .key}, {@code client.pem}/{@code .key})
         * for the TLS name {@code name}; with {@code clientAuth}, clients must present a
         * certificate signed by {@code dir/ca.pem}. Node control and {@link #info} speak clear
         * text, so use {@code control(false)} with TLS.
         */
        public Builder tls(Path dir, String name, boolean clientAuth) {
            this.tlsDir = dir;
            this.tlsName = name;
            this.tlsClientAuth = clientAuth;
            return this;
        }

        public Builder nodes(int n) {
            this.nodes = n;
            return this;
        }

        public Builder replicationFactor(int r) {
            this.replicationFactor = r;
            return this;
        }

        /** Whether to pass {@code --control} (default true): needed for node control. */
        public Builder control(boolean enabled) {
            this.control = enabled;
            return this;
        }

        /** Require clients to log in as {@code user} with {@code password}. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** A namespace to serve; call once per namespace. Default: {@code test}. */
        public Builder namespace(String name) {
            namespaces.add(name);
            return this;
        }

        /** The aerolite binary; default from {@value #BINARY_PROPERTY} or {@code AEROLITE_BIN}. */
        public Builder binary(Path path) {
            this.binary = path;
            return this;
        }

        /** How long to wait for the {@code aerolite ready} line (default 30 s). */
        public Builder startTimeout(long millis) {
            this.startTimeoutMs = millis;
            return this;
        }

        /**
         * Starts the cluster and waits until every node accepts connections.
         *
         * @throws IOException if the binary is missing, the process exits or does not get ready in
         *     time; the message holds the end of aerolite's stderr
         */
        public Aerolite start() throws IOException {
            Path bin = binary != null ? binary : defaultBinary();
            if (!Files.isExecutable(bin)) {
                throw new IOException("aerolite binary " + bin + " does not exist or is not executable"
                        + " (build it with `cargo build --release -p aerolite`, or set -D" + BINARY_PROPERTY
                        + " or " + BINARY_ENV + ")");
            }
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                int base = freeBasePort(nodes);
                try {
                    return launch(bin, base);
                } catch (PortTakenException e) {
                    // Another process took a port between the probe and aerolite's bind: try others.
                    LOG.debug("aerolite could not bind base port {}, retrying", base, e);
                    last = e;
                }
            }
            throw new IOException("aerolite found no free ports in " + START_ATTEMPTS + " attempts", last);
        }

        private Aerolite launch(Path bin, int base) throws IOException {
            List<String> cmd = new ArrayList<>(Arrays.asList(bin.toString(),
                    "--nodes", Integer.toString(nodes),
                    "--port", Integer.toString(base),
                    "--replication-factor", Integer.toString(replicationFactor)));
            for (String ns : namespaces) {
                cmd.add("--namespace");
                cmd.add(ns);
            }
            if (user != null || password != null) {
                cmd.add("--user");
                cmd.add(String.valueOf(user));
                cmd.add("--password");
                cmd.add(String.valueOf(password));
            }
            if (control) {
                cmd.add("--control");
            }
            if (tlsDir != null) {
                cmd.add("--tls-dir");
                cmd.add(tlsDir.toString());
                cmd.add("--tls-name");
                cmd.add(tlsName);
                if (tlsClientAuth) {
                    cmd.add("--tls-client-auth");
                }
            }
            Process process = new ProcessBuilder(cmd).start();
            process.getOutputStream().close();
            Deque<String> stderr = new ArrayDeque<>();
            Thread errDrain = drain("aerolite-stderr", process.getErrorStream(), line -> {
                LOG.debug("aerolite: {}", line);
                synchronized (stderr) {
                    if (stderr.size() == STDERR_LINES_KEPT) {
                        stderr.removeFirst();
                    }
                    stderr.addLast(line);
                }
            });
            CompletableFuture<String> ready = new CompletableFuture<>();
            drain("aerolite-stdout", process.getInputStream(), line -> {
                if (line.startsWith(READY)) {
                    ready.complete(line.substring(READY.length()).trim());
                }
            });
            process.onExit().thenRun(() -> ready.completeExceptionally(
                    new IOException("aerolite exited with status " + process.exitValue())));
            Aerolite cluster = new Aerolite(process, base, nodes, control, stderr);
            String seeds;
            try {
                seeds = ready.get(startTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                cluster.close();
                joinQuietly(errDrain);
                String tail = String.join("\n", cluster.stderrTail());
                String why = e instanceof TimeoutException
                        ? "did not print '" + READY.trim() + "' within " + startTimeoutMs + " ms"
                        : e.getCause().getMessage();
                String message = "aerolite " + String.join(" ", cmd) + " " + why + "; stderr:\n" + tail;
                if (tail.contains("cannot listen")) {
                    throw new PortTakenException(message);
                }
                throw new IOException(message);
            } catch (InterruptedException e) {
                cluster.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while aerolite was starting", e);
            }
            if (!seeds.equals(cluster.seeds())) {
                cluster.close();
                throw new IOException("aerolite listens on " + seeds + ", expected " + cluster.seeds());
            }
            LOG.info("aerolite ready: {} node(s) at {}", nodes, seeds);
            return cluster;
        }

        private static Path defaultBinary() throws IOException {
            String path = System.getProperty(BINARY_PROPERTY);
            if (path == null || path.isEmpty()) {
                path = System.getenv(BINARY_ENV);
            }
            if (path == null || path.isEmpty()) {
                throw new IOException("no aerolite binary: set -D" + BINARY_PROPERTY + "=<path> or " + BINARY_ENV);
            }
            return Paths.get(path);
        }
    }

    /** A base port P such that P, P+10, ... P+10*(nodes-1) are free right now. */
    static int freeBasePort(int nodes) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            // Below Linux's default ephemeral range (32768+), so outgoing connections rarely collide.
            int base = ThreadLocalRandom.current().nextInt(10_000, 32_000 - 10 * nodes);
            if (allFree(base, nodes)) {
                return base;
            }
        }
        throw new IOException("no free base port for " + nodes + " node(s)");
    }

    private static boolean allFree(int base, int nodes) {
        for (int i = 0; i < nodes; i++) {
            try (ServerSocket s = new ServerSocket(base + 10 * i, 1, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private interface LineSink {
        void accept(String line);
    }

    private static Thread drain(String name, InputStream in, LineSink sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The process ended and closed its pipe; nothing more to read.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** aerolite could not bind one of the ports: worth retrying with another base. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
