package io.aerohadoop.it;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Host;
import com.aerospike.client.Key;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.io.AerospikeKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;

/**
 * The jobs of {@link SecretsJobTest}, run in a JVM of its own so that everything it prints — Hadoop's
 * log4j output at DEBUG, the connector's SLF4J logging, native code's own stderr, counters,
 * exception messages with their stack traces — lands in one captured stream, and every file the
 * jobs write (staging, local dirs, job.xml copies) stays under one folder.
 *
 * <p>Arguments: work dir, aerolite port, user, right password, wrong password. Prints one
 * {@code SCENARIO <name> ok|failed ...} line per scenario.
 */
public final class SecretsProbe {
    private static final String NS = ClusterFixture.NAMESPACE;
    static final int RECORDS = 200;
    /** Where the task's mapper copies the job.xml it was started with. */
    static final String DUMP_KEY = "secretsprobe.dump.dir";

    private SecretsProbe() {}

    /** Copies the job's submitted job.xml (in the staging dir) once per task, then passes records on. */
    public static final class DumpingMapper<K, V> extends Mapper<K, V, K, V> {
        @Override
        protected void setup(Context context) throws IOException {
            Configuration conf = context.getConfiguration();
            org.apache.hadoop.fs.Path jobXml = new org.apache.hadoop.fs.Path(conf.get("mapreduce.job.dir"), "job.xml");
            FileSystem fs = jobXml.getFileSystem(conf);
            Path target = Paths.get(conf.get(DUMP_KEY), "staged-job.xml");
            Files.createDirectories(target.getParent());
            Files.write(target, org.apache.commons.io.IOUtils.toByteArray(fs.open(jobXml)));
            // The task's own view of the configuration, as a task would print it.
            try (OutputStream out = Files.newOutputStream(target.resolveSibling("task-conf.xml"))) {
                conf.writeXml(out);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Logger.getRootLogger().setLevel(Level.DEBUG);
        Path work = Paths.get(args[0]);
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String right = args[3];
        String wrong = args[4];

        ClientPolicy policy = new ClientPolicy();
        policy.user = user;
        policy.password = right;
        policy.timeout = 5_000;
        try (AerospikeClient client = new AerospikeClient(policy, new Host("127.0.0.1", port))) {
            for (int i = 0; i < RECORDS; i++) {
                client.put(null, new Key(NS, "src", i), new Bin("n", i));
            }
        }
        String rightStore = store(work.resolve("right.jceks"), right);
        String wrongStore = store(work.resolve("wrong.jceks"), wrong);

        scenario(work, "read-clear", port, conf -> {
            conf.set("aerospike.input.user", user);
            conf.set("aerospike.input.password", right);
        }, false);
        scenario(work, "copy-provider", port, conf -> {
            conf.set("aerospike.input.user", user);
            conf.set("aerospike.output.user", user);
            conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, rightStore);
        }, true);
        scenario(work, "read-wrong-clear", port, conf -> {
            conf.set("aerospike.input.user", user);
            conf.set("aerospike.input.password", wrong);
        }, false);
        scenario(work, "copy-wrong-provider", port, conf -> {
            conf.set("aerospike.input.user", user);
            conf.set("aerospike.input.password", right);
            conf.set("aerospike.output.user", user);
            conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, wrongStore);
        }, true);

    }

    /** A jceks credential store at {@code file} holding both passwords' aliases; its provider path. */
    private static String store(Path file, String password) throws IOException {
        String path = "jceks://file" + file.toAbsolutePath();
        Configuration conf = new Configuration(false);
        conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, path);
        CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
        provider.createCredentialEntry("aerospike.input.password", password.toCharArray());
        provider.createCredentialEntry("aerospike.output.password", password.toCharArray());
        provider.flush();
        return path;
    }

    interface Settings {
        void apply(Configuration conf);
    }

    private static void scenario(Path work, String name, int port, Settings settings, boolean copy) {
        Path base = work.resolve(name);
        try {
            Configuration conf = LocalJobs.conf(base);
            conf.set("aerospike.input.host", "127.0.0.1");
            conf.setInt("aerospike.input.port", port);
            conf.set("aerospike.input.namespace", NS);
            conf.set("aerospike.input.setname", "src");
            conf.set("aerospike.output.host", "127.0.0.1");
            conf.setInt("aerospike.output.port", port);
            conf.set("aerospike.output.namespace", NS);
            conf.set("aerospike.output.setname", "src");
            conf.set(DUMP_KEY, base.resolve("dumps").toString());
            settings.apply(conf);
            Job job = Job.getInstance(conf, "secrets-" + name);
            job.setJarByClass(SecretsProbe.class);
            job.setInputFormatClass(io.aerohadoop.mapreduce.AerospikeInputFormat.class);
            job.setMapperClass(DumpingMapper.class);
            job.setNumReduceTasks(0);
            job.setOutputKeyClass(AerospikeKey.class);
            job.setOutputValueClass(io.aerohadoop.io.AerospikeRecord.class);
            if (copy) {
                job.setOutputFormatClass(io.aerohadoop.mapreduce.AerospikeOutputFormat.class);
            } else {
                job.setOutputFormatClass(NullOutputFormat.class);
            }
            boolean ok = job.waitForCompletion(true);
            // The job client's configuration, as a tool dumping it would write it.
            Files.createDirectories(base.resolve("dumps"));
            try (OutputStream out = Files.newOutputStream(base.resolve("dumps").resolve("client-conf.xml"))) {
                job.getConfiguration().writeXml(out);
            }
            StringBuilder counters = new StringBuilder();
            long read = -1;
            for (CounterGroup g : job.getCounters()) {
                for (Counter c : g) {
                    counters.append(g.getDisplayName()).append('/').append(c.getDisplayName()).append('=')
                            .append(c.getValue()).append(' ');
                    if (c.getDisplayName().equals("Records read")) {
                        read = c.getValue();
                    }
                }
            }
            System.out.println("COUNTERS " + name + " " + counters);
            System.out.println("SCENARIO " + name + " " + (ok ? "ok" : "failed") + " records=" + read);
        } catch (Exception e) {
            System.out.println("SCENARIO " + name + " failed: " + e);
            e.printStackTrace(System.out);
        }
    }
}
