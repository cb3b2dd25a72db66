package io.aerohadoop.pigit;

import org.apache.hadoop.mapred.Counters;
import org.apache.pig.tools.pigstats.JobStats;
import org.apache.pig.tools.pigstats.PigStats;
import org.apache.pig.tools.pigstats.mapreduce.MRJobStats;

/** The connector's counters of the jobs Pig ran for the last statement batch or iterator. */
final class JobCounters {
    private JobCounters() {}

    /** The error messages of the last run's jobs and their exceptions' causes, as Pig reports them. */
    static String errors() {
        StringBuilder s = new StringBuilder(String.valueOf(PigStats.get().getErrorMessage()));
        for (JobStats job : PigStats.get().getJobGraph()) {
            s.append(" | ").append(job.getErrorMessage());
            if (job.getException() != null) {
                s.append(" | ").append(PigCluster.messages(job.getException()));
            }
        }
        return s.toString();
    }

    /** The counter summed over every job of the last run, or -1 if no job reported the group. */
    static long sum(String group, String name) {
        long total = -1;
        for (JobStats job : PigStats.get().getJobGraph()) {
            Counters counters = ((MRJobStats) job).getHadoopCounters();
            if (counters != null && counters.getGroup(group) != null) {
                long v = counters.getGroup(group).getCounter(name);
                total = Math.max(total, 0) + v;
            }
        }
        return total;
    }
}
