package io.aerohadoop.pigit;

import java.util.ArrayList;
import java.util.List;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * What failed tasks logged: Pig in local mode reports only "Job failed!" to its caller, while the
 * task's exception (the message a user reads in the task log) goes to the LocalJobRunner's log.
 * Captures warnings and errors with their exceptions' messages while open.
 */
final class TaskErrors extends AppenderSkeleton implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    static TaskErrors capture() {
        TaskErrors t = new TaskErrors();
        t.setThreshold(Level.WARN);
        Logger.getRootLogger().addAppender(t);
        return t;
    }

    @Override
    protected synchronized void append(LoggingEvent event) {
        StringBuilder s = new StringBuilder(String.valueOf(event.getMessage()));
        ThrowableInformation info = event.getThrowableInformation();
        if (info != null) {
            s.append(" | ").append(PigCluster.messages(info.getThrowable()));
        }
        lines.add(s.toString());
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public boolean requiresLayout() {
        return false;
    }

    @Override
    public void close() {
        Logger.getRootLogger().removeAppender(this);
    }
}
