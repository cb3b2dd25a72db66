package io.aerohadoop.yarnit.jobs;

import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeLibrary;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * What a task records about the JVM it runs in, as bins of the records it writes: the process id,
 * where the native library was loaded from (the extracted temporary file's name is unique per
 * extraction), where the connector's classes came from, how many Aerospike clients the JVM holds,
 * and the task attempt. Bin names start with the task type ({@code m} or {@code r}).
 */
final class TaskFacts {
    private TaskFacts() {}

    static void record(AerospikeRecord record, String prefix, TaskAttemptContext context) throws IOException {
        record.put(prefix + "pid", ProcessHandle.current().pid());
        // loadedFrom() is set only once the library is loaded: the reader or writer of this task (or
        // an earlier task of the same JVM) has loaded it by the time map or reduce runs.
        record.put(prefix + "lib", String.valueOf(NativeLibrary.loadedFrom()));
        record.put(prefix + "jar", String.valueOf(
                AerospikeInputFormat.class.getProtectionDomain().getCodeSource().getLocation()));
        record.put(prefix + "clients", (long) NativeCluster.openClientCount());
        record.put(prefix + "task", (long) context.getTaskAttemptID().getTaskID().getId());
        record.put(prefix + "attempt", (long) context.getTaskAttemptID().getId());
    }
}
