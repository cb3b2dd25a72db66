package io.aerohadoop.yarnit;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobStatus;

/** Finds a finished job on the cluster (its AM or the JobHistoryServer) for its counters. */
final class Jobs {
    private Jobs() {}

    /** The most recently started job called {@code name}. */
    static Job byName(Configuration conf, String name) throws IOException, InterruptedException {
        Cluster cluster = new Cluster(conf);
        JobStatus latest = null;
        for (JobStatus s : cluster.getAllJobStatuses()) {
            if (name.equals(s.getJobName()) && (latest == null || s.getStartTime() > latest.getStartTime())) {
                latest = s;
            }
        }
        if (latest == null) {
            throw new IOException("no job called '" + name + "' on the cluster");
        }
        return cluster.getJob(latest.getJobID());
    }
}
