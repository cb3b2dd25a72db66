package io.aerohadoop.it;

import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.write.OutputCounters;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.StatusReporter;

/**
 * The counters of one task attempt driven by hand, as the task's reporter of either API: the
 * framework hands the output format such a reporter, and the connector adds its counts to it.
 * One per attempt, used by the attempt's thread only, as a task's reporter is.
 */
final class AttemptCounters {
    private final Counters counters = new Counters();

    /** The connector's output counter {@code name} (see {@link OutputCounters}). */
    long output(String name) {
        return counters.findCounter(OutputCounters.GROUP, name).getValue();
    }

    /** For the new API's {@code TaskAttemptContextImpl}. */
    StatusReporter statusReporter() {
        return new CountingReporter(counters);
    }

    /** For the old API's {@code getRecordWriter}, which takes the task's Reporter as its Progressable. */
    Reporter reporter() {
        return new Reporter() {
            @Override
            public void setStatus(String status) {}

            @Override
            public Counters.Counter getCounter(Enum<?> name) {
                return counters.findCounter(name);
            }

            @Override
            public Counters.Counter getCounter(String group, String name) {
                return counters.findCounter(group, name);
            }

            @Override
            public void incrCounter(Enum<?> key, long amount) {
                counters.incrCounter(key, amount);
            }

            @Override
            public void incrCounter(String group, String counter, long amount) {
                counters.incrCounter(group, counter, amount);
            }

            @Override
            public InputSplit getInputSplit() {
                throw new UnsupportedOperationException("an output-only attempt has no input split");
            }

            @Override
            public float getProgress() {
                return 0;
            }

            @Override
            public void progress() {}
        };
    }
}
