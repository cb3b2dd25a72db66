package io.aerohadoop.yarnit;

import java.io.PrintStream;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs {@link YarnSuite} in a JVM of its own (the build starts it inside the network namespace):
 * one line per test with its time, each failure with its trace, the summary line the CI reads, and
 * an exit status. Exits explicitly, since Hadoop's daemons leave non-daemon threads behind, and
 * halts if the suite outlives {@value #LIMIT_MINUTES} minutes.
 */
public final class YarnSuiteMain {
    private static final int LIMIT_MINUTES = 20;

    private YarnSuiteMain() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT_MINUTES * 60_000L);
                out.println("yarn-it: the suite ran longer than " + LIMIT_MINUTES + " minutes; stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "yarn-it-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        JUnitCore junit = new JUnitCore();
        Lines lines = new Lines(out);
        junit.addListener(lines);
        Result result = junit.run(YarnSuite.class);
        // Counted by the listener: a class whose setup fails has failures but no test run.
        int passed = lines.passed;
        out.printf("yarn-it:yarnTest: %d passed, %d failed, %d skipped (%d s; Hadoop's log: %s)%n", passed,
                result.getFailureCount(), result.getIgnoreCount(), result.getRunTime() / 1000,
                System.getProperty("yarnit.log"));
        out.flush();
        System.exit(result.wasSuccessful() ? 0 : 1);
    }

    /** Prints each test as it ends, failures with their trace. */
    private static final class Lines extends RunListener {
        private final PrintStream out;
        private long started;
        private boolean failed;
        int passed;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void testStarted(Description d) {
            started = System.nanoTime();
            failed = false;
        }

        @Override
        public void testFailure(Failure f) {
            failed = true;
            out.println("FAILED " + f.getDescription().getDisplayName());
            out.println(f.getTrace());
        }

        @Override
        public void testFinished(Description d) {
            if (!failed) {
                passed++;
                out.printf("ok     %-100s %6.1f s%n", d.getDisplayName(), (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
