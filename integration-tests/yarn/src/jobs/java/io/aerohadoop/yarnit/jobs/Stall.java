package io.aerohadoop.yarnit.jobs;

import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** A task that is slow but alive: sleeps in short steps, telling the AM it makes progress. */
final class Stall {
    private Stall() {}

    static void sleep(TaskAttemptContext context, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            context.progress();
            Thread.sleep(Math.min(200, Math.max(1, end - System.currentTimeMillis())));
        }
    }
}
