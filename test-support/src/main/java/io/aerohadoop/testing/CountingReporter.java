package io.aerohadoop.testing;

import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.StatusReporter;
import org.apache.hadoop.mapreduce.counters.AbstractCounters;

/**
 * A task's status reporter that keeps its counters, as a task's umbilical would: the harnesses and
 * benchmarks that drive a RecordReader or RecordWriter outside a job read the connector's counters
 * from it.
 */
public final class CountingReporter extends StatusReporter {
    private final AbstractCounters<? extends Counter, ?> counters;

    /** Over either API's counters ({@code mapreduce.Counters} or {@code mapred.Counters}). */
    public CountingReporter(AbstractCounters<? extends Counter, ?> counters) {
        this.counters = counters;
    }

    @Override
    public Counter getCounter(Enum<?> name) {
        return counters.findCounter(name);
    }

    @Override
    public Counter getCounter(String group, String name) {
        return counters.findCounter(group, name);
    }

    @Override
    public void progress() {}

    @Override
    public float getProgress() {
        return 0f;
    }

    @Override
    public void setStatus(String status) {}
}
