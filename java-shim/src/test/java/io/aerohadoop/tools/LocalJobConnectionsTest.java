package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.internal.ClusterConnections;
import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** A tool holds its job's cluster open while the job runs in this JVM, and only then. */
public class LocalJobConnectionsTest {
    private static Aerolite aerolite;

    @BeforeClass
    public static void start() throws Exception {
        aerolite = Aerolite.builder().nodes(1).start();
    }

    @AfterClass
    public static void stop() throws Exception {
        aerolite.close();
    }

    private static Configuration job(String hosts, String framework) {
        Configuration conf = new Configuration(false);
        conf.set(InputKeys.HOSTS, hosts);
        conf.set(InputKeys.NAMESPACE, "test");
        conf.set(InputKeys.TIMEOUT_MS, "500");
        if (framework != null) {
            conf.set("mapreduce.framework.name", framework);
        }
        return conf;
    }

    @Test
    public void aLocalJobsHandlesJoinTheHeldClient() throws Exception {
        int before = NativeCluster.openClientCount();
        Configuration conf = job(aerolite.seeds(), null);
        ReadConfig config = ReadConfig.from(conf);
        try (LocalJobConnections held = LocalJobConnections.hold(conf, Collections.singletonList(config))) {
            assertEquals(1, held.await());
            assertEquals(before + 1, NativeCluster.openClientCount());
            // What getSplits and then the task do: open and close a handle of the same configuration.
            for (int i = 0; i < 2; i++) {
                try (NativeCluster task = ClusterConnections.connect(config)) {
                    assertEquals("the held client is shared", before + 1, NativeCluster.openClientCount());
                    assertEquals(1, task.nodeNames().size());
                }
                assertEquals("still held", before + 1, NativeCluster.openClientCount());
            }
        }
        assertEquals("released with the tool's handle", before, NativeCluster.openClientCount());
    }

    @Test
    public void aYarnJobHoldsNothing() throws Exception {
        Configuration conf = job(aerolite.seeds(), "yarn");
        try (LocalJobConnections held = LocalJobConnections.hold(conf,
                Collections.singletonList(ReadConfig.from(conf)))) {
            assertEquals(0, held.await());
        }
    }

    @Test
    public void anUnreachableClusterIsTheJobsOwnErrorAndNothingStaysOpen() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int before = NativeCluster.openClientCount();
        Configuration conf = job("127.0.0.1:" + port, "local");
        try (LocalJobConnections held = LocalJobConnections.hold(conf, Collections.singletonList(ReadConfig.from(conf)))) {
            held.await();
            fail("connected to a closed port");
        } catch (InvalidConfigurationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(InputKeys.HOSTS));
            assertTrue(e.getMessage(), e.getMessage().contains("cannot connect to the cluster at 127.0.0.1:" + port));
        }
        assertEquals(before, NativeCluster.openClientCount());
    }

    /**
     * The job's connect at submission, made while the tool's own is still waiting for a cluster
     * that does not answer, gets that attempt's failure instead of making a second one: the
     * tool reports the error after one attempt's wait, not two.
     */
    @Test
    public void theJobsConnectJoinsTheToolsAttemptInFlight() throws Exception {
        int alone = 0;
        long aloneMillis = 0;
        try (SilentSeed seed = new SilentSeed()) {
            Configuration conf = job(seed.hosts(), "local");
            long start = System.nanoTime();
            try (NativeCluster c = ClusterConnections.connect(ReadConfig.from(conf))) {
                fail("connected to a seed that does not answer");
            } catch (InvalidConfigurationException expected) {
                alone = seed.accepted();
                aloneMillis = (System.nanoTime() - start) / 1_000_000;
            }
        }
        assertTrue("the seed was contacted", alone > 0);
        try (SilentSeed seed = new SilentSeed()) {
            Configuration conf = job(seed.hosts(), "local");
            ReadConfig config = ReadConfig.from(conf);
            long start = System.nanoTime();
            try (LocalJobConnections held = LocalJobConnections.hold(conf, Collections.singletonList(config))) {
                seed.awaitAccepted(1);
                try (NativeCluster c = ClusterConnections.connect(config)) {
                    fail("connected to a seed that does not answer");
                } catch (InvalidConfigurationException e) {
                    assertTrue(e.getMessage(), e.getMessage().contains("cannot connect to the cluster at " + seed.hosts()));
                }
                try {
                    held.await();
                    fail("the tool's connect succeeded");
                } catch (InvalidConfigurationException e) {
                    assertTrue(e.getMessage(), e.getMessage().contains(InputKeys.HOSTS));
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("one attempt's connections", alone, seed.accepted());
            // Two attempts one after the other would take twice as long as one.
            assertTrue("one attempt's time (" + aloneMillis + " ms alone), not two: " + millis + " ms",
                    millis < aloneMillis * 1.6);
        }
    }

    /** A seed that accepts connections and never answers them. */
    private static final class SilentSeed implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor = new Thread(this::acceptAll, "silent-seed");

        SilentSeed() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptAll() {
            try {
                while (true) {
                    open.add(socket.accept());
                }
            } catch (IOException closed) {
                // close() ended it
            }
        }

        String hosts() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        int accepted() {
            return open.size();
        }

        void awaitAccepted(int n) throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (accepted() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue("the tool's connect reached the seed", accepted() >= n);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
