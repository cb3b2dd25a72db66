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
import java.net.ServerSocket;
import java.util.Collections;
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
            assertEquals(1, held.size());
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
            assertEquals(0, held.size());
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
        try {
            LocalJobConnections.hold(conf, Collections.singletonList(ReadConfig.from(conf))).close();
            fail("connected to a closed port");
        } catch (InvalidConfigurationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(InputKeys.HOSTS));
            assertTrue(e.getMessage(), e.getMessage().contains("cannot connect to the cluster at 127.0.0.1:" + port));
        }
        assertEquals(before, NativeCluster.openClientCount());
    }
}
