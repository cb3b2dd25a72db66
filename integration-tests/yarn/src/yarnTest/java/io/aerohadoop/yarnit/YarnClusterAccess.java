package io.aerohadoop.yarnit;

import com.aerospike.client.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.mapreduce.Job;

/**
 * The suite's cluster for test classes outside this package (the examples' tests share the
 * examples' package): run an example from its jar, copy a file to HDFS, read a set back.
 */
public final class YarnClusterAccess {
    private final YarnCluster cluster;

    private YarnClusterAccess(YarnCluster cluster) {
        this.cluster = cluster;
    }

    public static YarnClusterAccess get() {
        try {
            return new YarnClusterAccess(YarnCluster.get());
        } catch (Exception e) {
            throw new IllegalStateException("the YARN cluster did not start", e);
        }
    }

    public static Path examplesData(String name) {
        return ShippedJars.examplesData(name);
    }

    /** The file's HDFS path once copied there. */
    public String copyToHdfs(Path local, String hdfsPath) throws Exception {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(hdfsPath);
        cluster.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), target);
        return target.toString();
    }

    /** The output keys of {@code set} as -D options (a mutable list). */
    public List<String> outputOptions(String set) {
        return new ArrayList<>(cluster.outputOptions(set));
    }

    /** Runs an example's Tool from the examples jar with the connector in -libjars; its exit status. */
    public int runExample(String toolClass, List<String> options, String... paths) throws Exception {
        List<String> args = new ArrayList<>(options);
        for (String p : paths) {
            args.add(p);
        }
        return Driver.run(cluster.jobConf(), ShippedJars.examples(), toolClass, args);
    }

    public Job job(String name) throws Exception {
        return Jobs.byName(cluster.jobConf(), name);
    }

    /** Every record of {@code set} by user key; fails if a key is met twice. */
    public Map<Object, Record> storedByKey(String set) {
        StoredSet stored = StoredSet.scan(cluster.client, set);
        if (!stored.repeated.isEmpty()) {
            throw new AssertionError("keys stored twice in " + set + ": " + stored.repeated);
        }
        return stored.byKey;
    }

    public List<String> unkeyedRecords(String set) {
        return StoredSet.scan(cluster.client, set).withoutKey;
    }
}
