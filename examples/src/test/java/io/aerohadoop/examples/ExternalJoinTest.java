package io.aerohadoop.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.policy.WritePolicy;
import io.aerohadoop.examples.externaljoin.ExternalJoin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ExternalJoinTest {
    private static final String SET = "ej_profiles";
    private static final String[] COUNTRIES = {"ar", "br", "de", "fr", "jp", "ng"};

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void joinsEachSessionOfAUserWithAProfileAndLeavesOutUsersWithout() throws Exception {
        SharedCluster cluster = SharedCluster.get();
        // Profiles for two users in three: keyed by the user id (stored with the record), or, for
        // one user in three, by a string key not stored, the id only in the userid bin. One more
        // profile of a user who never appears in the log.
        WritePolicy keyStored = new WritePolicy();
        keyStored.sendKey = true;
        WritePolicy keyNotStored = new WritePolicy();
        for (long user = 1000; user < 1120; user++) {
            Bin age = new Bin("age", 18 + user % 50);
            Bin country = new Bin("country", COUNTRIES[(int) (user % COUNTRIES.length)]);
            if (user % 3 == 1) {
                cluster.client.put(keyStored, new Key(SharedCluster.NAMESPACE, SET, user), age, country);
            } else if (user % 3 == 2) {
                cluster.client.put(keyNotStored, new Key(SharedCluster.NAMESPACE, SET, "user/" + user), age, country,
                        new Bin("userid", user));
            }
        }
        cluster.client.put(keyStored, new Key(SharedCluster.NAMESPACE, SET, 99_999L), new Bin("age", 77),
                new Bin("country", "zz"));

        Configuration conf = LocalJobs.conf(tmp.getRoot().toPath());
        cluster.setInput(conf, SET);
        conf.setInt("mapreduce.job.reduces", 2);
        java.nio.file.Path out = tmp.getRoot().toPath().resolve("joined");
        Job job = ExternalJoin.createJob(conf, new Path(out.toString()),
                new Path(ExampleData.file("access.log").toString()));
        assertTrue("the job succeeded", job.waitForCompletion(false));

        LogFacts log = LogFacts.of(ExampleData.lines("access.log"));
        List<String> expected = new ArrayList<>();
        long hitsWithoutProfile = 0;
        for (Map.Entry<String, List<Long>> e : log.sessions().entrySet()) {
            List<Long> s = e.getValue();
            long user = s.get(0);
            if (user % 3 == 0) {
                hitsWithoutProfile += s.get(3);
                continue;
            }
            String profile = "age=" + (18 + user % 50) + "\tcountry=" + COUNTRIES[(int) (user % COUNTRIES.length)]
                    + (user % 3 == 2 ? "\tuserid=" + user : "");
            expected.add(e.getKey() + "\t" + user + "\t" + s.get(1) + "\t" + s.get(2) + "\t" + s.get(3) + "\t" + profile);
        }
        List<String> joined = ExampleData.outputLines(out);
        Collections.sort(joined);
        Collections.sort(expected);
        assertTrue("sessions with and without profile", expected.size() > 100 && hitsWithoutProfile > 100);
        assertEquals(expected, joined);
        assertEquals(hitsWithoutProfile,
                job.getCounters().findCounter(ExternalJoin.Counters.HITS_WITHOUT_PROFILE).getValue());
        assertEquals(0, job.getCounters().findCounter(ExternalJoin.Counters.PROFILES_WITHOUT_USER_ID).getValue());
    }
}
