package io.aerohadoop.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.AerospikeException;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class NativeClusterTest {
    private static Aerolite cluster;

    @BeforeClass
    public static void startCluster() throws IOException {
        cluster = Aerolite.builder().nodes(3).start();
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    public void threeNodeClusterReportsItsThreeNodeNames() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add(cluster.nodeName(i));
        }
        expected.sort(null);
        try (NativeCluster c = NativeCluster.connect(cluster.seeds(), null, null, 1000)) {
            List<String> names = c.nodeNames();
            assertEquals(expected, names);
            assertEquals(3, new HashSet<>(names).size());
        }
    }

    @Test
    public void oneSeedIsEnoughToDiscoverEveryNode() throws IOException {
        try (NativeCluster c = NativeCluster.connect(cluster.host(2), null, null, 1000)) {
            assertEquals(3, c.nodeNames().size());
        }
    }

    @Test
    public void sameConfigurationSharesOneClientAndDifferentOnesGetTwo() throws IOException {
        int before = NativeCluster.openClientCount();
        try (NativeCluster a = NativeCluster.connect(cluster.seeds(), null, null, 1000);
                NativeCluster b = NativeCluster.connect(cluster.seeds(), null, null, 1000)) {
            assertEquals(before + 1, NativeCluster.openClientCount());
            try (NativeCluster c = NativeCluster.connect(cluster.seeds(), null, null, 2000)) {
                assertEquals(before + 2, NativeCluster.openClientCount());
                assertEquals(a.nodeNames(), c.nodeNames());
            }
            assertEquals(before + 1, NativeCluster.openClientCount());
            a.close();
            assertEquals("b still uses the client", before + 1, NativeCluster.openClientCount());
            assertEquals(3, b.nodeNames().size());
        }
        assertEquals(before, NativeCluster.openClientCount());
    }

    @Test
    public void closedPortThrowsAerospikeExceptionNamingHostAndPort() throws IOException {
        int port = closedPort();
        int before = NativeCluster.openClientCount();
        try (NativeCluster c = NativeCluster.connect("127.0.0.1:" + port, null, null, 500)) {
            fail("connected to closed port " + port);
        } catch (AerospikeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("127.0.0.1:" + port));
            assertEquals(e.toString(), -8, e.getResultCode());
        }
        assertEquals(before, NativeCluster.openClientCount());
    }

    @Test
    public void invalidSeedListIsAParameterErrorNamingTheValue() throws IOException {
        try (NativeCluster c = NativeCluster.connect("127.0.0.1:http", null, null, 500)) {
            fail("accepted a non-numeric port");
        } catch (AerospikeException e) {
            assertEquals(4, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("'127.0.0.1:http'"));
        }
        try (NativeCluster c = NativeCluster.connect(null, null, null, 500)) {
            fail("accepted null hosts");
        } catch (AerospikeException e) {
            assertEquals(4, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("seed host list"));
        }
        try (NativeCluster c = NativeCluster.connect(cluster.seeds(), null, null, -1)) {
            fail("accepted a negative timeout");
        } catch (AerospikeException e) {
            assertEquals(4, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().contains("'-1'"));
        }
    }

    @Test
    public void closeTwiceIsHarmlessAndAClosedHandleThrows() throws IOException {
        NativeCluster c = NativeCluster.connect(cluster.seeds(), null, null, 1000);
        assertEquals(3, c.nodeNames().size());
        c.close();
        c.close();
        assertTrue(c.isClosed());
        try {
            c.nodeNames();
            fail("a closed handle answered");
        } catch (AerospikeException e) {
            assertEquals(-1, e.getResultCode());
            assertTrue(e.getMessage(), e.getMessage().matches("NativeCluster handle \\d+ is closed"));
        }
    }

    @Test
    public void credentialsAreCheckedByTheCluster() throws IOException {
        try (Aerolite secured = Aerolite.builder().credentials("alice", "right").start()) {
            try (NativeCluster c = NativeCluster.connect(secured.seeds(), "alice", "right", 1000)) {
                assertEquals(1, c.nodeNames().size());
            }
            try (NativeCluster c = NativeCluster.connect(secured.seeds(), "alice", "wrong", 1000)) {
                fail("wrong password accepted");
            } catch (AerospikeException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(secured.seeds()));
                assertEquals(e.toString(), 65, e.getResultCode());
            }
            try (NativeCluster c = NativeCluster.connect(secured.seeds(), "alice", null, 1000)) {
                fail("user without password accepted");
            } catch (AerospikeException e) {
                assertEquals(4, e.getResultCode());
                assertTrue(e.getMessage(), e.getMessage().contains("'alice'"));
            }
        }
    }
}
