package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

/** How often the tools ask for their job's status, and how many local map tasks they run at once. */
public class PollIntervalTest {
    private static int polled(Configuration conf) {
        AerospikeTool.pollOften(conf);
        return conf.getInt(AerospikeTool.POLL_KEY, -1);
    }

    @Test
    public void localJobsArePolledEveryFewMilliseconds() {
        Configuration conf = new Configuration(false);
        assertEquals("framework unset: Hadoop's default, local", AerospikeTool.LOCAL_POLL_MILLIS, polled(conf));
        conf.set("mapreduce.framework.name", "local");
        assertEquals(AerospikeTool.LOCAL_POLL_MILLIS, polled(conf));
    }

    @Test
    public void yarnJobsArePolledLessOften() {
        Configuration conf = new Configuration(false);
        conf.set("mapreduce.framework.name", "yarn");
        assertEquals(AerospikeTool.POLL_MILLIS, polled(conf));
    }

    @Test
    public void anIntervalOtherThanHadoopsDefaultIsKept() {
        Configuration conf = new Configuration(false);
        conf.setInt(AerospikeTool.POLL_KEY, 300);
        assertEquals(300, polled(conf));
        conf.setInt(AerospikeTool.POLL_KEY, 1000);
        assertEquals("Hadoop's default is replaced", AerospikeTool.LOCAL_POLL_MILLIS, polled(conf));
    }

    @Test
    public void localJobsRunAMapTaskPerCoreUnlessTheUserSaysOtherwise() {
        Configuration conf = new Configuration(false);
        AerospikeTool.parallelLocalMaps(conf, 8);
        assertEquals(8, conf.getInt(AerospikeTool.LOCAL_MAPS_KEY, -1));

        Configuration own = new Configuration(false);
        own.setInt(AerospikeTool.LOCAL_MAPS_KEY, 1);
        AerospikeTool.parallelLocalMaps(own, 8);
        assertEquals(1, own.getInt(AerospikeTool.LOCAL_MAPS_KEY, -1));

        Configuration yarn = new Configuration(false);
        yarn.set("mapreduce.framework.name", "yarn");
        AerospikeTool.parallelLocalMaps(yarn, 8);
        assertEquals(null, yarn.get(AerospikeTool.LOCAL_MAPS_KEY));
    }
}
