package io.aerohadoop.hive.it;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps the exceptions logged at WARN or above (with their causes), so a test can read why a local
 * MapReduce task failed: Hive itself only reports "return code 2" for a failed job.
 */
final class TaskErrors {
    private static final StringBuffer seen = new StringBuffer();
    private static boolean installed;

    private TaskErrors() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("task-errors", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    seen.append(t).append('\n');
                }
            }
        };
        capture.start();
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.WARN, null);
        ctx.updateLoggers();
        installed = true;
    }

    static void clear() {
        seen.setLength(0);
    }

    static String last() {
        return seen.toString();
    }
}
