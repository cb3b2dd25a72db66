package io.aerohadoop.it;

import java.io.IOException;

/**
 * One 3-node, RF 2 cluster for the write tests, started by the first class that asks and stopped
 * when the test JVM exits (Gradle runs every class in one JVM): a cluster start per class would be
 * most of these tests' time. Each class writes sets of its own names, so they do not see each other.
 */
final class SharedCluster {
    private static ClusterFixture cluster;

    private SharedCluster() {}

    static synchronized ClusterFixture get() throws IOException {
        if (cluster == null) {
            ClusterFixture started = ClusterFixture.start(3, 2);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-aerolite-stop"));
            cluster = started;
        }
        return cluster;
    }
}
