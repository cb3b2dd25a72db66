package io.aerohadoop.yarnit.jobs;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.testing.ConnectorFacts;
import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * What a task records about the JVM it runs in ({@link ConnectorFacts}), as bins of the records it
 * writes, so that the test reads them back from the cluster: the process id, where the native
 * library was loaded from (the extracted temporary file's name is unique per extraction), how many
 * copies of it the process maps, where the connector's classes came from, how many Aerospike
 * clients the JVM holds, and the task attempt. Bin names start with the task type ({@code m} or
 * {@code r}).
 */
final class TaskFacts {
    private TaskFacts() {}

    static void record(AerospikeRecord record, String prefix, TaskAttemptContext context) throws IOException {
        // The reader or writer of this task (or an earlier task of the same JVM) has loaded the
        // library by the time map or reduce runs.
        ConnectorFacts facts = ConnectorFacts.now();
        record.put(prefix + "pid", facts.pid());
        record.put(prefix + "lib", facts.libraryLoadedFrom());
        record.put(prefix + "libcopies", (long) facts.mappedLibraries().size());
        record.put(prefix + "jar", facts.connectorJar());
        record.put(prefix + "clients", (long) facts.openClients());
        record.put(prefix + "task", (long) context.getTaskAttemptID().getTaskID().getId());
        record.put(prefix + "attempt", (long) context.getTaskAttemptID().getId());
    }
}
