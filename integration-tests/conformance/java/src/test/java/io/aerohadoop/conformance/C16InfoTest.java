package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.query.IndexType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** C16: info answers agree with the data: set and namespace object counts, sindex-list, statistics. */
public class C16InfoTest extends ClusterCase {
    @Test
    public void setObjectCountsAddUpToRecordsTimesReplicationFactor() {
        String set = env.set("c16s");
        for (int i = 0; i < 120; i++) {
            env.client.put(null, new Key(ClusterEnv.NAMESPACE, set, i), new Bin("n", i));
        }
        Map<String, String> answers = InfoAnswers.perNode(env.client, "sets/test/" + set);
        assertEquals(env.nodes, answers.size());
        long sum = 0;
        for (String answer : answers.values()) {
            long objects = InfoAnswers.longValue(answer, "objects");
            if (env.nodes > 1) {
                assertTrue("every node holds a share, none all: " + objects, objects > 0 && objects < 120);
            }
            sum += objects;
        }
        assertEquals(120L * env.rf, sum);
    }

    @Test
    public void namespaceInfoReportsClusterShapeAndObjects() {
        env.client.put(null, new Key(ClusterEnv.NAMESPACE, env.set("c16n"), "one"), new Bin("n", 1));
        Map<String, String> answers = InfoAnswers.perNode(env.client, "namespace/test");
        long total = Scanned.all(env.client, null, null).size();
        long masters = 0;
        long objects = 0;
        for (String answer : answers.values()) {
            assertEquals(env.nodes, InfoAnswers.longValue(answer, "ns_cluster_size"));
            assertEquals(env.rf, InfoAnswers.longValue(answer, "replication-factor"));
            assertEquals(env.rf, InfoAnswers.longValue(answer, "effective_replication_factor"));
            masters += InfoAnswers.longValue(answer, "master_objects");
            objects += InfoAnswers.longValue(answer, "objects");
        }
        assertEquals(total, masters);
        assertEquals(total * env.rf, objects);
        for (String answer : InfoAnswers.perNode(env.client, "namespace/nope").values()) {
            assertEquals("type=unknown", answer);
        }
    }

    @Test
    public void sindexListShowsAnIndexOnEveryNode() {
        String set = env.set("c16i");
        String name = set + "_ix";
        env.client.put(null, new Key(ClusterEnv.NAMESPACE, set, 1), new Bin("n", 1));
        env.client.createIndex(null, ClusterEnv.NAMESPACE, set, name, "n", IndexType.NUMERIC).waitTillComplete(50);
        try {
            for (String answer : InfoAnswers.perNode(env.client, "sindex-list:ns=test").values()) {
                List<Map<String, String>> mine = new ArrayList<>();
                for (String entry : answer.split(";")) {
                    Map<String, String> v = InfoAnswers.values(entry);
                    if (name.equals(v.get("indexname"))) {
                        mine.add(v);
                    }
                }
                assertEquals(1, mine.size());
                Map<String, String> ix = mine.get(0);
                assertEquals("test", ix.get("ns"));
                assertEquals(set, ix.get("set"));
                assertEquals("n", ix.get("bin"));
                assertEquals("numeric", ix.get("type"));
                assertEquals("RW", ix.get("state"));
            }
        } finally {
            env.client.dropIndex(null, ClusterEnv.NAMESPACE, set, name).waitTillComplete(50);
        }
    }

    @Test
    public void statisticsReportsTheClusterSize() {
        for (String answer : InfoAnswers.perNode(env.client, "statistics").values()) {
            assertEquals(env.nodes, InfoAnswers.longValue(answer, "cluster_size"));
        }
    }
}
