package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.internal.ClusterConnections;
import io.aerohadoop.internal.NativeCluster;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The cluster connections a tool holds while its job runs in this JVM (the local runner).
 *
 * <p>The native library shares one client between every handle of one configuration while any of
 * them is open, and closes it with the last. A local job opens and closes a handle to plan its
 * splits or check its output at submission, then another in its task: two cluster discoveries,
 * about 9 ms each here, a tenth of a small export. Held by the tool from before submission until
 * after the job (and the count tool's server statistics), the job's handles join its client.
 * Jobs on YARN run their tasks in other JVMs and hold nothing here.
 */
final class LocalJobConnections implements Closeable {
    private final List<NativeCluster> held;

    private LocalJobConnections(List<NativeCluster> held) {
        this.held = held;
    }

    /**
     * Connects to each cluster when {@code jobConf}'s job runs in this JVM; holds nothing otherwise.
     *
     * @throws io.aerohadoop.config.InvalidConfigurationException as the job's own connect would
     *     (naming the seed key, the user key or the TLS key at fault); nothing stays open then
     */
    static LocalJobConnections hold(Configuration jobConf, List<? extends ClusterSettings> clusters)
            throws IOException {
        List<NativeCluster> held = new ArrayList<>();
        if (!AerospikeTool.runsLocally(jobConf)) {
            return new LocalJobConnections(held);
        }
        try {
            for (ClusterSettings cluster : clusters) {
                held.add(ClusterConnections.connect(cluster));
            }
        } catch (IOException | RuntimeException e) {
            new LocalJobConnections(held).close();
            throw e;
        }
        return new LocalJobConnections(held);
    }

    /** How many handles this holds (one per cluster of a local job, none for YARN). */
    int size() {
        return held.size();
    }

    @Override
    public void close() {
        for (NativeCluster c : held) {
            c.close();
        }
        held.clear();
    }
}
