package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.util.Tool;

/**
 * What every tool does the same way: parse its arguments ({@link ToolArgs}), print {@code --help},
 * turn a bad argument into one line naming it and exit status 2, run the job with progress
 * ({@code waitForCompletion(true)} prints map/reduce progress and the counters), and end with a
 * one-line summary: {@code SUMMARY tool=<name> records=<n> bytes=<n> failures=<n> seconds=<s>}.
 *
 * <p>Exit status: 0 the job succeeded, 1 it failed, 2 bad arguments or configuration.
 */
abstract class AerospikeTool extends Configured implements Tool {
    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int USAGE = 2;
    private static final int MAX_EVENTS = 100;
    static final String POLL_KEY = "mapreduce.client.progressmonitor.pollinterval";
    static final int POLL_MILLIS = 50;
    /** The local runner's status is a field of this JVM: asking for it costs no round trip. */
    static final int LOCAL_POLL_MILLIS = 5;
    private static final String FRAMEWORK_KEY = "mapreduce.framework.name";
    static final String LOCAL_MAPS_KEY = "mapreduce.local.map.tasks.maximum";
    private static final int HADOOP_POLL_MILLIS = 1000;

    /** The figures of the summary line. */
    static final class Summary {
        final long records;
        final long bytes;
        final long failures;

        Summary(long records, long bytes, long failures) {
            this.records = records;
            this.bytes = bytes;
            this.failures = failures;
        }
    }

    protected final PrintStream out;
    protected final PrintStream err;

    AerospikeTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    abstract String name();

    /** One paragraph: what the tool does, shown by --help. */
    abstract String description();

    abstract List<ToolArgs.Option> options();

    /** Copy-paste examples for --help. */
    abstract String examples();

    /** Configures the job from the arguments (this tool's configuration already holds -D options). */
    abstract Job createJob(ToolArgs args) throws UsageException, IOException;

    /**
     * The clusters the job reads or writes, as its configuration names them: held open while a
     * local job runs ({@link LocalJobConnections}).
     */
    abstract List<? extends ClusterSettings> clusters(Configuration jobConf) throws IOException;

    /** Runs after the job, successful or not: prints tool-specific results. */
    void afterJob(Job job, ToolArgs args, boolean succeeded) throws IOException {}

    abstract Summary summarize(Counters counters);

    @Override
    public final int run(String[] argv) throws Exception {
        ToolArgs args;
        Job job;
        try {
            args = ToolArgs.parse(options(), argv);
            if (args.help()) {
                out.print(usage());
                return OK;
            }
            NioPermissionsLocalFileSystem.useForLocalJobs(getConf());
            job = createJob(args);
        } catch (UsageException e) {
            return usageError(e.getMessage());
        } catch (InvalidConfigurationException e) {
            return usageError(e.getMessage());
        }
        pollOften(job.getConfiguration());
        parallelLocalMaps(job.getConfiguration(), Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        boolean ok;
        double seconds;
        try (LocalJobConnections held = LocalJobConnections.hold(job.getConfiguration(),
                clusters(job.getConfiguration()))) {
            ok = job.waitForCompletion(true);
            seconds = (System.nanoTime() - start) / 1e9;
            afterJob(job, args, ok);
        } catch (InvalidConfigurationException e) {
            // Checked at submission (getSplits / checkOutputSpecs connecting), before any task ran.
            return usageError(e.getMessage());
        }
        Counters counters = job.getCounters();
        Summary s = counters == null ? new Summary(0, 0, 0) : summarize(counters);
        out.println(String.format(Locale.ROOT, "SUMMARY tool=%s records=%d bytes=%d failures=%d seconds=%.3f%s",
                name(), s.records, s.bytes, s.failures, seconds, ok ? "" : " status=FAILED"));
        if (!ok) {
            String info = job.getStatus().getFailureInfo();
            // The local runner keeps no failure info ("NA"): its log above holds the task's error.
            err.println(name() + ": the job failed: " + (info == null || info.isEmpty() || "NA".equals(info)
                    ? "the failed task's error is in the job's log above" : info));
            printTaskDiagnostics(job);
        }
        return ok ? OK : JOB_FAILED;
    }

    /**
     * The job client asks for the job's status every {@value #POLL_KEY} milliseconds and sees that
     * it is done only at the next poll after it is: Hadoop's default of 1000 adds up to a second to
     * every run, as long as a small export takes. The tools poll every {@value #POLL_MILLIS} ms
     * (each poll is an RPC to the job's application master on YARN), or every
     * {@value #LOCAL_POLL_MILLIS} ms when the job runs in this JVM ({@code mapreduce.framework.name}
     * local, Hadoop's default), where a poll reads the local runner's status in memory, unless
     * the key holds another value than Hadoop's default (-D or a configuration file).
     */
    static void pollOften(Configuration conf) {
        if (conf.getInt(POLL_KEY, HADOOP_POLL_MILLIS) == HADOOP_POLL_MILLIS) {
            conf.setInt(POLL_KEY, runsLocally(conf) ? LOCAL_POLL_MILLIS : POLL_MILLIS);
        }
    }

    /** Whether {@code conf}'s job runs in this JVM: {@code mapreduce.framework.name} local, Hadoop's default. */
    static boolean runsLocally(Configuration conf) {
        return "local".equals(conf.getTrimmed(FRAMEWORK_KEY, "local"));
    }

    /**
     * The local runner runs one map task at a time unless {@value #LOCAL_MAPS_KEY} says otherwise,
     * which suits a job whose mappers might share static state. The tools' mappers do not, and a
     * tool's job has several map tasks by default (two splits per node, one per input file): on a
     * laptop they run side by side, one per core, unless the key is set (-D or a configuration file).
     */
    static void parallelLocalMaps(Configuration conf, int cores) {
        if (runsLocally(conf) && conf.get(LOCAL_MAPS_KEY) == null) {
            conf.setInt(LOCAL_MAPS_KEY, Math.max(1, cores));
        }
    }

    /** Why tasks failed, as the cluster kept it (YARN; the local runner only logs it). */
    private void printTaskDiagnostics(Job job) throws IOException, InterruptedException {
        for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, MAX_EVENTS)) {
            if (event.getStatus() == TaskCompletionEvent.Status.FAILED
                    || event.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
                for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
                    err.println(name() + ": " + event.getTaskAttemptId() + ": " + diagnostic);
                }
            }
        }
    }

    private int usageError(String message) {
        err.println(name() + ": " + message);
        err.println("Run '" + Main.COMMAND + " " + name() + " --help' for usage.");
        return USAGE;
    }

    final String usage() {
        return "Usage: " + Main.COMMAND + " " + name() + " [generic options] [options]\n\n" + description() + "\n\n"
                + "Options:\n" + ToolArgs.describe(options())
                + "\nGeneric options (before the tool's options): -D key=value, -conf <file>, -libjars <jars>,"
                + " -files <files>, -archives <archives>.\nEvery aerospike.input.* / aerospike.output.* key of"
                + " docs/configuration.md works as -D.\n\nExamples:\n" + examples();
    }

    static long counter(Counters counters, String group, String name) {
        org.apache.hadoop.mapreduce.Counter c = counters.findCounter(group, name);
        return c == null ? 0 : c.getValue();
    }

    static long counter(Counters counters, Enum<?> name) {
        org.apache.hadoop.mapreduce.Counter c = counters.findCounter(name);
        return c == null ? 0 : c.getValue();
    }
}
