package io.aerohadoop.conformance;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Base of the cases that run once against the 1-node and once against the 3-node cluster. */
@RunWith(Parameterized.class)
public abstract class ClusterCase {
    @Parameters(name = "{0}")
    public static Collection<Object[]> clusters() {
        return Arrays.asList(new Object[][] {{SharedClusters.ONE_NODE}, {SharedClusters.THREE_NODES}});
    }

    @Parameter
    public String clusterName;

    protected ClusterEnv env;

    @Before
    public void attachCluster() throws IOException {
        env = SharedClusters.get(clusterName);
    }
}
