package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

/** How often the tools ask for their job's status. */
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
}
