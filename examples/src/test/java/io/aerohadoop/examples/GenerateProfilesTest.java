package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.policy.ScanPolicy;
import io.aerohadoop.examples.generateprofiles.GenerateProfiles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GenerateProfilesTest {
    private static final String SET = "gp_profiles";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesOneProfilePerUserWithHitsBytesErrorsAndFirstAndLastSeen() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        cluster.setOutput(conf, SET);
        String log = ExampleData.file("access.log").toString();
        assertEquals(0, ToolRunner.run(conf, new GenerateProfiles(), new String[] {log}));

        Map<Long, List<Long>> stored = new ConcurrentHashMap<>();
        cluster.client.scanAll(new ScanPolicy(), SharedCluster.NAMESPACE, SET, (key, r) -> {
            // The integer user key and the userid bin must agree: -1 in the key's place if not.
            long user = r.getLong("userid");
            long keyed = key.userKey != null && key.userKey.toLong() == user ? user : -1;
            stored.put(user, Arrays.asList(keyed, r.getLong("hits"), r.getLong("bytes"), r.getLong("errors"),
                    r.getLong("first"), r.getLong("last")));
        });

        Map<Long, List<Long>> expected = new TreeMap<>();
        for (LogFacts.Hit h : LogFacts.of(ExampleData.lines("access.log")).hits) {
            List<Long> p = expected.computeIfAbsent(h.user,
                    u -> Arrays.asList(u, 0L, 0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE));
            p.set(1, p.get(1) + 1);
            p.set(2, p.get(2) + h.bytes);
            p.set(3, p.get(3) + (h.status >= 400 ? 1 : 0));
            p.set(4, Math.min(p.get(4), h.time));
            p.set(5, Math.max(p.get(5), h.time));
        }
        assertEquals(120, expected.size());
        assertEquals(expected, new TreeMap<>(stored));
    }
}
