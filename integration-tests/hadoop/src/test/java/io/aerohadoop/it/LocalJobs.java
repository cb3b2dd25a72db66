package io.aerohadoop.it;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;

/**
 * Configuration for jobs run in this JVM by Hadoop's LocalJobRunner, every directory Hadoop uses
 * under one temporary folder so tests leave nothing behind and do not see each other's files.
 */
final class LocalJobs {
    private LocalJobs() {}

    static Configuration conf(Path base) {
        Configuration conf = new Configuration();
        apply(conf, base);
        return conf;
    }

    static JobConf jobConf(Path base) {
        JobConf conf = new JobConf();
        apply(conf, base);
        return conf;
    }

    /** The same settings as -D options, for a job started through a main class. */
    static String[] asOptions(Path base) {
        Configuration conf = new Configuration(false);
        apply(conf, base);
        String[] options = new String[conf.size() * 2];
        int i = 0;
        for (java.util.Map.Entry<String, String> e : conf) {
            options[i++] = "-D";
            options[i++] = e.getKey() + "=" + e.getValue();
        }
        return options;
    }

    private static void apply(Configuration conf, Path base) {
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", base.resolve("hadoop-tmp").toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", base.resolve("staging").toString());
        conf.set("mapreduce.cluster.local.dir", base.resolve("local").toString());
        // The client polls a job's state every 5 s by default: most of a small local job's time.
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    }
}
