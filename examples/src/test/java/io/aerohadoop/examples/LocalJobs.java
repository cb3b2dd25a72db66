package io.aerohadoop.examples;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * Configuration for jobs run in the test JVM by Hadoop's LocalJobRunner, every directory Hadoop
 * uses under one temporary folder.
 */
final class LocalJobs {
    private LocalJobs() {}

    static Configuration conf(Path base) {
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", base.resolve("hadoop-tmp").toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", base.resolve("staging").toString());
        conf.set("mapreduce.cluster.local.dir", base.resolve("local").toString());
        // The client polls a job's state every 5 s by default: most of a small local job's time.
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
        return conf;
    }
}
