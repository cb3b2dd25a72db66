package io.aerohadoop.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

public class AeroliteTest {
    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Node indexes that node {@code asked} lists as its peers ({@code services}). */
    private static Set<Integer> peersOf(Aerolite cluster, int asked) throws IOException {
        Set<Integer> peers = new HashSet<>();
        String services = cluster.info(asked, "services");
        for (String hostPort : services.isEmpty() ? new String[0] : services.split(";")) {
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            peers.add((port - cluster.port(0)) / 10);
        }
        return peers;
    }

    @Test
    public void threeNodesListenTenPortsApartWithDistinctNames() throws IOException {
        try (Aerolite cluster = Aerolite.builder().nodes(3).start()) {
            int p = cluster.port(0);
            assertEquals("127.0.0.1:" + p + ",127.0.0.1:" + (p + 10) + ",127.0.0.1:" + (p + 20), cluster.seeds());
            assertEquals(3, cluster.ports().length);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                names.add(cluster.nodeName(i));
            }
            assertEquals(3, names.size());
            assertEquals(new HashSet<>(Arrays.asList(1, 2)), peersOf(cluster, 0));
        }
    }

    @Test
    public void stoppedNodeRefusesConnectionsAndLeavesTheClusterUntilRestarted() throws IOException {
        try (Aerolite cluster = Aerolite.builder().nodes(3).start()) {
            cluster.stopNode(1);
            assertFalse(accepts(cluster.port(1)));
            assertEquals(new HashSet<>(Arrays.asList(2)), peersOf(cluster, 0));
            cluster.restartNode(1);
            assertTrue(accepts(cluster.port(1)));
            assertEquals(new HashSet<>(Arrays.asList(1, 2)), peersOf(cluster, 0));
        }
    }

    @Test
    public void killedNodeStaysInTheSurvivorsViewUntilRecluster() throws IOException {
        try (Aerolite cluster = Aerolite.builder().nodes(3).start()) {
            cluster.killNode(2);
            assertFalse(accepts(cluster.port(2)));
            assertEquals(new HashSet<>(Arrays.asList(1, 2)), peersOf(cluster, 0));
            cluster.recluster();
            assertEquals(new HashSet<>(Arrays.asList(1)), peersOf(cluster, 0));
        }
    }

    @Test
    public void stoppingTheFirstNodeSendsLaterControlToASurvivor() throws IOException {
        try (Aerolite cluster = Aerolite.builder().nodes(2).start()) {
            cluster.stopNode(0);
            assertFalse(accepts(cluster.port(0)));
            cluster.restartNode(0);
            assertTrue(accepts(cluster.port(0)));
            assertEquals(new HashSet<>(Arrays.asList(1)), peersOf(cluster, 0));
        }
    }

    @Test
    public void theOnlyNodeCanBeToldToStopItself() throws IOException {
        try (Aerolite cluster = Aerolite.builder().start()) {
            cluster.stopNode(0);
            assertFalse(accepts(cluster.port(0)));
            assertTrue("the process outlives its nodes", cluster.isRunning());
            try {
                cluster.recluster();
                fail("a control command found a live node");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("every node"));
            }
        }
    }

    @Test
    public void refusedControlCommandSurfacesTheServerError() throws IOException {
        try (Aerolite cluster = Aerolite.builder().start()) {
            try {
                cluster.control("explode=0");
                fail("accepted an unknown action");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("ERROR:4:unknown control action 'explode'"));
            }
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void nodeIndexOutOfRangeIsRejectedLocally() throws IOException {
        try (Aerolite cluster = Aerolite.builder().nodes(2).start()) {
            cluster.stopNode(2);
        }
    }

    @Test
    public void invalidOptionFailsTheStartWithAeroliteStderr() {
        try (Aerolite cluster = Aerolite.builder().replicationFactor(5).start()) {
            fail("started with replication factor 5");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("--replication-factor must be 1..3, got 5"));
            assertTrue(e.getMessage(), e.getMessage().contains("exited with status 2"));
        }
    }

    @Test
    public void missingBinaryIsReportedWithItsPath() {
        try (Aerolite cluster = Aerolite.builder().binary(Paths.get("/nonexistent/aerolite")).start()) {
            fail("started a missing binary");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/aerolite"));
        }
    }

    @Test
    public void closeKillsTheProcessAndFreesThePorts() throws IOException {
        Aerolite cluster = Aerolite.builder().nodes(2).start();
        int[] ports = cluster.ports();
        assertTrue(cluster.isRunning());
        cluster.close();
        assertFalse(cluster.isRunning());
        for (int port : ports) {
            assertFalse("port " + port + " still accepts", accepts(port));
        }
        cluster.close();
    }

    @Test
    public void freeBasePortLeavesRoomForEveryNode() throws IOException {
        int base = Aerolite.freeBasePort(4);
        assertTrue(base >= 10_000 && base + 30 < 32_768);
        assertNotEquals(0, base);
    }
}
