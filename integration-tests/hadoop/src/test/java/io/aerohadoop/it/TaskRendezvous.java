package io.aerohadoop.it;

import io.aerohadoop.testing.ConnectorFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the map tasks of jobs that LocalJobRunner runs at once in this JVM meet, and what each saw
 * of the connector ({@link ConnectorFacts}). The first map task of each job waits, its reader open,
 * until the first task of every other job has arrived too; all of them then take their facts and
 * wait again until all have, so none closes its reader while another looks. Later tasks take their
 * facts without waiting. Tasks find the rendezvous through a static: they run in this JVM, in
 * classes Hadoop instantiates.
 */
final class TaskRendezvous implements AutoCloseable {
    private static volatile TaskRendezvous current;

    private final CyclicBarrier barrier;
    private final long timeoutMs;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    private TaskRendezvous(int jobs, long timeoutMs) {
        this.barrier = new CyclicBarrier(jobs);
        this.timeoutMs = timeoutMs;
    }

    /** The rendezvous of {@code jobs} jobs about to start; the tasks of this JVM's jobs use it until closed. */
    static TaskRendezvous open(int jobs, long timeoutMs) {
        TaskRendezvous r = new TaskRendezvous(jobs, timeoutMs);
        current = r;
        return r;
    }

    /** The open rendezvous, for a task. */
    static TaskRendezvous current() {
        TaskRendezvous r = current;
        if (r == null) {
            throw new IllegalStateException("no TaskRendezvous is open: this mapper runs only in its test");
        }
        return r;
    }

    /**
     * Called by map task {@code task} of job {@code job} with its reader open.
     *
     * @throws IOException if the other jobs' first tasks do not arrive in time (they do not run at
     *     the same time as this one)
     */
    void arrive(String job, int task) throws IOException, InterruptedException {
        if (task != 0) {
            seen.add(new Seen(job, task, false, ConnectorFacts.now()));
            return;
        }
        await(job, "start");
        seen.add(new Seen(job, task, true, ConnectorFacts.now()));
        await(job, "look");
    }

    private void await(String job, String what) throws IOException, InterruptedException {
        try {
            barrier.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new IOException("the first map task of job '" + job + "' waited " + timeoutMs
                    + " ms for the other jobs' first tasks to " + what + " (" + barrier.getNumberWaiting() + " of "
                    + barrier.getParties() + " there)", e);
        }
    }

    /** What every task saw, in the order they recorded it. */
    List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    @Override
    public void close() {
        if (current == this) {
            current = null;
        }
        barrier.reset();
    }

    /** One task's facts: its job, its task number, whether it took them at the rendezvous. */
    static final class Seen {
        final String job;
        final int task;
        final boolean met;
        final ConnectorFacts facts;

        Seen(String job, int task, boolean met, ConnectorFacts facts) {
            this.job = job;
            this.task = task;
            this.met = met;
            this.facts = facts;
        }

        @Override
        public String toString() {
            return job + " task " + task + (met ? " (at the rendezvous)" : "") + ": " + facts;
        }
    }
}
