package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.internal.ClusterConnections;
import io.aerohadoop.internal.NativeCluster;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster connections a tool holds while its job runs in this JVM (the local runner).
 *
 * <p>The native library shares one client between every handle of one configuration while any of
 * them is open, and closes it with the last. A local job opens and closes a handle to plan its
 * splits or check its output at submission, then another in its task: two cluster discoveries,
 * about 9 ms each here, a tenth of a small export. Held by the tool from before submission until
 * after the job (and the count tool's server statistics), the job's handles join its client.
 * Jobs on YARN run their tasks in other JVMs and hold nothing here.
 *
 * <p>The tool's connect runs on a thread of its own while the main thread does Hadoop's part of
 * the submission (staging directory, job jar, job file): most of a discovery is waiting for the
 * cluster's answers, which the submission's CPU work hides. The job's own connect at submission
 * (getSplits, checkOutputSpecs) joins the attempt in flight, and a failed attempt is that
 * connect's failure too (the native registry gives every waiter the one attempt's outcome, and
 * does not retry it), so a cluster that does not answer fails the job after one attempt's wait,
 * naming the key at fault, as before. A failure answered before the job connects (a refused
 * connection or login, which takes milliseconds) is over by then: the job's connect meets it
 * again and reports it, so the cluster sees two such attempts where it saw one before.
 */
final class LocalJobConnections implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobConnections.class);

    private final Thread connecting;
    /** Written by {@link #connecting} only; read after it ended. */
    private final List<NativeCluster> held = new ArrayList<>();
    private IOException failure;

    private LocalJobConnections(List<? extends ClusterSettings> clusters) {
        if (clusters.isEmpty()) {
            connecting = null;
            return;
        }
        connecting = new Thread(() -> connectAll(clusters), "aerohadoop-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    /**
     * Starts connecting to each cluster when {@code jobConf}'s job runs in this JVM; holds nothing
     * otherwise. Returns at once: {@link #await} waits for the connects.
     */
    static LocalJobConnections hold(Configuration jobConf, List<? extends ClusterSettings> clusters) {
        return new LocalJobConnections(AerospikeTool.runsLocally(jobConf) ? clusters
                : Collections.<ClusterSettings>emptyList());
    }

    private void connectAll(List<? extends ClusterSettings> clusters) {
        try {
            for (ClusterSettings cluster : clusters) {
                held.add(ClusterConnections.connect(cluster));
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | LinkageError e) {
            // A native library that cannot load is the job's connect's error too; kept here
            // rather than printed by the thread's default handler.
            failure = new IOException("connecting to " + clusters + " failed", e);
        }
    }

    /**
     * Waits for the connects to end.
     *
     * @return how many clusters are held (one per cluster of a local job, none for YARN)
     * @throws io.aerohadoop.config.InvalidConfigurationException as the job's own connect would
     *     (naming the seed key, the user key or the TLS key at fault)
     */
    int await() throws IOException {
        join();
        if (failure != null) {
            throw failure;
        }
        return held.size();
    }

    private void join() {
        if (connecting == null) {
            return;
        }
        // A connect ends within its own timeout; an interrupt leaves it running, so wait it out
        // (its handles must be closed here) and keep the interrupt for the caller.
        boolean interrupted = false;
        while (connecting.isAlive()) {
            try {
                connecting.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the connects and closes what they opened; a failed connect was the job's own to report. */
    @Override
    public void close() {
        join();
        if (failure != null) {
            LOG.debug("the tool's own connect failed (the job's connect reported it): {}", failure.getMessage());
        }
        for (NativeCluster c : held) {
            c.close();
        }
        held.clear();
    }
}
