package io.aerohadoop.it;

import java.util.ArrayList;
import java.util.List;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Why a LocalJobRunner job failed. The local runner keeps no diagnostics (its
 * {@code getTaskDiagnostics} answers nothing); it logs the task's exception as a warning on its own
 * logger. This appender collects those exceptions while it is open.
 */
final class JobFailures extends AppenderSkeleton implements AutoCloseable {
    private static final String RUNNER_LOGGER = "org.apache.hadoop.mapred.LocalJobRunner";

    private final List<Throwable> failures = new ArrayList<>();

    private JobFailures() {}

    static JobFailures capture() {
        JobFailures appender = new JobFailures();
        appender.setThreshold(Level.WARN);
        Logger.getLogger(RUNNER_LOGGER).addAppender(appender);
        return appender;
    }

    @Override
    protected synchronized void append(LoggingEvent event) {
        if (event.getThrowableInformation() != null) {
            failures.add(event.getThrowableInformation().getThrowable());
            notifyAll();
        }
    }

    /**
     * Waits until a failure was logged, at most {@code millis}: the local runner marks the job
     * failed before it logs why, so a client can see the failure before its cause is logged.
     */
    synchronized String awaitMessages(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (failures.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return messages();
    }

    /** Messages of every captured exception and its causes, one per line. */
    synchronized String messages() {
        StringBuilder out = new StringBuilder();
        for (Throwable t : failures) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                out.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    synchronized int count() {
        return failures.size();
    }

    @Override
    public void close() {
        Logger.getLogger(RUNNER_LOGGER).removeAppender(this);
    }

    @Override
    public boolean requiresLayout() {
        return false;
    }
}
