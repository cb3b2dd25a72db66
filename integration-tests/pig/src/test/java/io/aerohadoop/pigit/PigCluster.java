package io.aerohadoop.pigit;

import com.aerospike.client.AerospikeClient;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.testing.ClusterWithClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.pig.ExecType;
import org.apache.pig.PigServer;
import org.apache.pig.data.Tuple;

/**
 * One 3-node, RF 2 aerolite for every test class (started by the first that asks, stopped when the
 * test JVM exits), the Aerospike Java client that loads and checks data independently of the
 * connector, and fresh local-mode PigServers whose properties name the cluster as a script's
 * {@code SET aerospike.input.hosts '...'} would.
 */
final class PigCluster {
    static final String NAMESPACE = "test";
    private static PigCluster shared;

    final Aerolite aerolite;
    final AerospikeClient client;
    private final Path temp;

    private PigCluster(Aerolite aerolite, AerospikeClient client, Path temp) {
        this.aerolite = aerolite;
        this.client = client;
        this.temp = temp;
    }

    static synchronized PigCluster get() throws Exception {
        if (shared == null) {
            ClusterWithClient cluster = ClusterWithClient.start(3, 2);
            try {
                PigCluster c = new PigCluster(cluster.aerolite, cluster.client, Files.createTempDirectory("pig-it"));
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "pig-it-aerolite-stop"));
                shared = c;
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
        return shared;
    }

    /** A local-mode Pig with the cluster's seeds set for loads and stores, in batch mode. */
    PigServer pig() throws IOException {
        return pig(true);
    }

    PigServer pig(boolean withHosts) throws IOException {
        Properties props = new Properties();
        Path dir = Files.createTempDirectory(temp, "pig");
        props.setProperty("pig.temp.dir", dir.resolve("pigtmp").toString());
        props.setProperty("hadoop.tmp.dir", dir.resolve("hadooptmp").toString());
        if (withHosts) {
            props.setProperty("aerospike.input.hosts", aerolite.seeds());
            props.setProperty("aerospike.output.hosts", aerolite.seeds());
        }
        PigServer pig = new PigServer(ExecType.LOCAL, props);
        pig.setBatchOn();
        return pig;
    }

    /** Every tuple of {@code alias}. */
    static List<Tuple> rows(PigServer pig, String alias) throws IOException {
        List<Tuple> rows = new ArrayList<>();
        Iterator<Tuple> it = pig.openIterator(alias);
        while (it.hasNext()) {
            rows.add(it.next());
        }
        return rows;
    }

    /** The messages of {@code e} and its causes, for asserting on what a user would read. */
    static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append(" | ");
        }
        return s.toString();
    }

}
