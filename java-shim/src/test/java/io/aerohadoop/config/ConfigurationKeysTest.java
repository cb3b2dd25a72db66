package io.aerohadoop.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.junit.Test;

/**
 * Every {@code aerospike.input.*} and {@code aerospike.output.*} key of docs/configuration.md's
 * tables, walked: each has bad values (wrong type, out of range, unknown enum, missing when
 * required, contradicting another key) and each is refused by the job client's entry point
 * ({@code getSplits}, {@code checkOutputSpecs}) before any cluster is contacted, naming the key and
 * the value. A key added to the doc without cases here fails {@link #everyDocumentedKeyHasBadValueCases}.
 * The seeds point at a closed port: a configuration that passed the key checks would fail later
 * with "cannot connect", which the cases tell apart.
 */
public class ConfigurationKeysTest {
    private static final Pattern TABLE_KEY = Pattern.compile("^\\| `(aerospike\\.(?:input|output)\\.[a-z.]+)` \\|");
    /** A password the cases use: it must never appear in a message. */
    private static final String SECRET = "s3cr3t-Pw";

    /** One bad configuration: extra keys on top of the valid base, and what the refusal names. */
    private static final class Case {
        final String key;
        final String what;
        final Map<String, String> set = new LinkedHashMap<>();
        /** The key the refusal names (the case's key unless it is a pair's partner). */
        String namedKey;
        /** Text the message must contain (the value, unless hidden or missing). */
        String shows;

        Case(String key, String what, String... keyValues) {
            this.key = key;
            this.what = what;
            for (int i = 0; i < keyValues.length; i += 2) {
                set.put(keyValues[i], keyValues[i + 1]);
            }
            this.namedKey = key;
            String v = set.get(key);
            this.shows = v == null ? null : v.trim();
        }

        Case names(String otherKey, String text) {
            namedKey = otherKey;
            shows = text;
            return this;
        }

        @Override
        public String toString() {
            return key + " (" + what + "): " + set;
        }
    }

    private static final String IN = "aerospike.input.";
    private static final String OUT = "aerospike.output.";
    private static final String LONG_NAME_16 = "sixteen_bytes_xx";
    private static final String LONG_SET_64 = new String(new char[64]).replace('\0', 's');
    private static final String LONG_NS_32 = new String(new char[32]).replace('\0', 'n');

    private static List<Case> inputCases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(IN + "host", "blank inside", IN + "host", "bad host"));
        c.add(new Case(IN + "port", "wrong type", IN + "port", "http"));
        c.add(new Case(IN + "port", "out of range", IN + "port", "65536"));
        c.add(new Case(IN + "port", "out of range", IN + "port", "0"));
        c.add(new Case(IN + "namespace", "missing required", IN + "namespace", "").names(IN + "namespace", "is not set"));
        c.add(new Case(IN + "namespace", "too long", IN + "namespace", LONG_NS_32));
        c.add(new Case(IN + "namespace", "separator", IN + "namespace", "te:st"));
        c.add(new Case(IN + "setname", "too long", IN + "setname", LONG_SET_64));
        c.add(new Case(IN + "setname", "control character", IN + "setname", "a\u0001b"));
        c.add(new Case(IN + "binnames", "a name too long", IN + "binnames", "a," + LONG_NAME_16));
        c.add(new Case(IN + "binnames", "separator", IN + "binnames", "a;b"));
        c.add(new Case(IN + "operation", "unknown enum", IN + "operation", "query"));
        c.add(new Case(IN + "operation", "keys without a key list", IN + "operation", "keys")
                .names(IN + "keys", "is not set"));
        c.add(new Case(IN + "keys", "missing required", IN + "operation", "keys", IN + "keys", " ")
                .names(IN + "keys", "is not set"));
        c.add(new Case(IN + "keys", "not base64", IN + "operation", "keys", IN + "keys", "not*base64!"));
        c.add(new Case(IN + "keys", "a boolean is no key", IN + "operation", "keys", IN + "keys", "kcM="));
        c.add(new Case(IN + "keys", "empty list", IN + "operation", "keys", IN + "keys", "kA=="));
        c.add(new Case(IN + "keys", "truncated", IN + "operation", "keys", IN + "keys", "kqFh"));
        c.add(new Case(IN + "keys", "without operation=keys", IN + "keys", "kQE="));
        c.add(new Case(IN + "split.mode", "with operation=keys", IN + "split.mode", "node", IN + "operation", "keys",
                IN + "keys", "kQE="));
        c.add(new Case(IN + "splits", "with operation=keys", IN + "splits", "3", IN + "operation", "keys",
                IN + "keys", "kQE="));
        c.add(new Case(IN + "numrange.bin", "missing required", IN + "operation", "numrange", IN + "numrange.begin", "1",
                IN + "numrange.end", "9").names(IN + "numrange.bin", "is not set"));
        c.add(new Case(IN + "numrange.bin", "too long", IN + "operation", "numrange", IN + "numrange.bin", LONG_NAME_16,
                IN + "numrange.begin", "1", IN + "numrange.end", "9"));
        c.add(new Case(IN + "numrange.begin", "missing required", IN + "operation", "numrange", IN + "numrange.bin", "n",
                IN + "numrange.end", "9").names(IN + "numrange.begin", "is not set"));
        c.add(new Case(IN + "numrange.begin", "wrong type", IN + "operation", "numrange", IN + "numrange.bin", "n",
                IN + "numrange.begin", "one", IN + "numrange.end", "9"));
        c.add(new Case(IN + "numrange.begin", "above end", IN + "operation", "numrange", IN + "numrange.bin", "n",
                IN + "numrange.begin", "10", IN + "numrange.end", "9"));
        c.add(new Case(IN + "numrange.end", "missing required", IN + "operation", "numrange", IN + "numrange.bin", "n",
                IN + "numrange.begin", "1").names(IN + "numrange.end", "is not set"));
        c.add(new Case(IN + "numrange.end", "out of range", IN + "operation", "numrange", IN + "numrange.bin", "n",
                IN + "numrange.begin", "1", IN + "numrange.end", "9223372036854775808"));
        c.add(new Case(IN + "hosts", "no host", IN + "hosts", " , "));
        c.add(new Case(IN + "hosts", "port not a number", IN + "hosts", "127.0.0.1:http"));
        c.add(new Case(IN + "hosts", "unclosed bracket", IN + "hosts", "[::1:3000"));
        c.add(new Case(IN + "split.mode", "unknown enum", IN + "split.mode", "racks"));
        c.add(new Case(IN + "split.mode", "node with numrange", IN + "split.mode", "node", IN + "operation", "numrange",
                IN + "numrange.bin", "n", IN + "numrange.begin", "1", IN + "numrange.end", "9"));
        c.add(new Case(IN + "splits", "wrong type", IN + "splits", "many"));
        c.add(new Case(IN + "splits", "out of range", IN + "splits", "0"));
        c.add(new Case(IN + "splits", "out of range", IN + "splits", "4097"));
        c.add(new Case(IN + "splits", "with split.mode=node", IN + "splits", "4", IN + "split.mode", "node"));
        c.add(new Case(IN + "splits", "more than values", IN + "splits", "20", IN + "operation", "numrange",
                IN + "numrange.bin", "n", IN + "numrange.begin", "1", IN + "numrange.end", "9"));
        c.add(new Case(IN + "partitions", "wrong type", IN + "partitions", "first-last"));
        c.add(new Case(IN + "partitions", "half a range", IN + "partitions", "5-"));
        c.add(new Case(IN + "partitions", "out of range", IN + "partitions", "0-4096"));
        c.add(new Case(IN + "partitions", "negative", IN + "partitions", "-1"));
        c.add(new Case(IN + "partitions", "first after last", IN + "partitions", "2048-2047"));
        c.add(new Case(IN + "partitions", "with operation=keys", IN + "partitions", "0-9", IN + "operation", "keys",
                IN + "keys", "kQE="));
        c.add(new Case(IN + "splits", "more than the partitions of the range", IN + "splits", "11",
                IN + "partitions", "100-109"));
        c.add(new Case(IN + "filter.exp", "not base64", IN + "filter.exp", "not*base64!"));
        c.add(new Case(IN + "filter.exp", "not msgpack", IN + "filter.exp", "wQ=="));
        c.add(new Case(IN + "value.bin", "too long", IN + "value.bin", LONG_NAME_16));
        c.add(new Case(IN + "value.bin", "not among binnames", IN + "value.bin", "v", IN + "binnames", "a,b")
                .names(IN + "binnames", "a,b"));
        c.add(new Case(IN + "value.format", "unknown enum", IN + "value.format", "xml"));
        c.add(new Case(IN + "value.format", "with value.bin", IN + "value.format", "json", IN + "value.bin", "v"));
        c.add(new Case(IN + "user", "without password", IN + "user", "alice")
                .names(IN + "password", IN + "user"));
        c.add(new Case(IN + "password", "without user", IN + "password", SECRET)
                .names(IN + "password", IN + "user"));
        c.add(new Case(IN + "tls.cafile", "no such file", IN + "tls.cafile", "/nonexistent/ca.pem"));
        c.add(new Case(IN + "tls.name", "without cafile", IN + "tls.name", "db.example")
                .names(IN + "tls.name", IN + "tls.cafile"));
        c.add(new Case(IN + "tls.certfile", "without cafile", IN + "tls.certfile", "/etc/hostname")
                .names(IN + "tls.certfile", IN + "tls.cafile"));
        c.add(new Case(IN + "tls.keyfile", "without certfile", IN + "tls.cafile", "/etc/hostname",
                IN + "tls.keyfile", "/etc/hostname").names(IN + "tls.keyfile", IN + "tls.certfile"));
        c.add(new Case(IN + "timeout.ms", "wrong type", IN + "timeout.ms", "30s"));
        c.add(new Case(IN + "timeout.ms", "out of range", IN + "timeout.ms", "0"));
        c.add(new Case(IN + "retries", "wrong type", IN + "retries", "few"));
        c.add(new Case(IN + "retries", "out of range", IN + "retries", "-1"));
        c.add(new Case(IN + "retries", "out of range", IN + "retries", "2147483648"));
        c.add(new Case(IN + "retry.backoff.ms", "wrong type", IN + "retry.backoff.ms", "0.5"));
        c.add(new Case(IN + "retry.backoff.ms", "out of range", IN + "retry.backoff.ms", "-5"));
        c.add(new Case(IN + "records.per.second", "wrong type", IN + "records.per.second", "fast"));
        c.add(new Case(IN + "records.per.second", "out of range", IN + "records.per.second", "-1"));
        c.add(new Case(IN + "memory.limit.mb", "wrong type", IN + "memory.limit.mb", "64M"));
        c.add(new Case(IN + "memory.limit.mb", "out of range", IN + "memory.limit.mb", "0"));
        c.add(new Case(IN + "memory.limit.mb", "out of range", IN + "memory.limit.mb", "65537"));
        return c;
    }

    private static List<Case> outputCases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(OUT + "host", "blank inside", OUT + "host", "bad host"));
        c.add(new Case(OUT + "port", "wrong type", OUT + "port", "http"));
        c.add(new Case(OUT + "port", "out of range", OUT + "port", "70000"));
        c.add(new Case(OUT + "namespace", "missing required", OUT + "namespace", "").names(OUT + "namespace", "is not set"));
        c.add(new Case(OUT + "namespace", "too long", OUT + "namespace", LONG_NS_32));
        c.add(new Case(OUT + "setname", "too long", OUT + "setname", LONG_SET_64));
        c.add(new Case(OUT + "setname", "separator", OUT + "setname", "a:b"));
        c.add(new Case(OUT + "binname", "too long", OUT + "binname", LONG_NAME_16));
        c.add(new Case(OUT + "binname", "missing for a scalar value", OUT + "binname", "")
                .names(OUT + "binname", "org.apache.hadoop.io.Text"));
        c.add(new Case(OUT + "keyname", "same as binname", OUT + "keyname", "v"));
        c.add(new Case(OUT + "keyname", "too long", OUT + "keyname", LONG_NAME_16));
        c.add(new Case(OUT + "hosts", "no host", OUT + "hosts", ","));
        c.add(new Case(OUT + "hosts", "port out of range", OUT + "hosts", "127.0.0.1:0"));
        c.add(new Case(OUT + "user", "without password", OUT + "user", "alice").names(OUT + "password", OUT + "user"));
        c.add(new Case(OUT + "password", "without user", OUT + "password", SECRET)
                .names(OUT + "password", OUT + "user"));
        c.add(new Case(OUT + "tls.cafile", "no such file", OUT + "tls.cafile", "/nonexistent/ca.pem"));
        c.add(new Case(OUT + "tls.name", "without cafile", OUT + "tls.name", "db.example")
                .names(OUT + "tls.name", OUT + "tls.cafile"));
        c.add(new Case(OUT + "tls.certfile", "without cafile", OUT + "tls.certfile", "/etc/hostname")
                .names(OUT + "tls.certfile", OUT + "tls.cafile"));
        c.add(new Case(OUT + "tls.keyfile", "without certfile", OUT + "tls.cafile", "/etc/hostname",
                OUT + "tls.keyfile", "/etc/hostname").names(OUT + "tls.keyfile", OUT + "tls.certfile"));
        c.add(new Case(OUT + "timeout.ms", "wrong type", OUT + "timeout.ms", "1e3"));
        c.add(new Case(OUT + "timeout.ms", "out of range", OUT + "timeout.ms", "-1"));
        c.add(new Case(OUT + "retries", "wrong type", OUT + "retries", "twice"));
        c.add(new Case(OUT + "retries", "out of range", OUT + "retries", "-1"));
        c.add(new Case(OUT + "write.mode", "unknown enum", OUT + "write.mode", "upsert"));
        c.add(new Case(OUT + "ttl", "wrong type", OUT + "ttl", "1d"));
        c.add(new Case(OUT + "ttl", "out of range", OUT + "ttl", "-3"));
        c.add(new Case(OUT + "generation.policy", "unknown enum", OUT + "generation.policy", "expect_less"));
        c.add(new Case(OUT + "send.key", "wrong type", OUT + "send.key", "yes"));
        c.add(new Case(OUT + "durable.delete", "wrong type", OUT + "durable.delete", "1"));
        c.add(new Case(OUT + "batch.size", "wrong type", OUT + "batch.size", "big"));
        c.add(new Case(OUT + "batch.size", "out of range", OUT + "batch.size", "0"));
        c.add(new Case(OUT + "inflight", "wrong type", OUT + "inflight", "4.0"));
        c.add(new Case(OUT + "inflight", "out of range", OUT + "inflight", "0"));
        c.add(new Case(OUT + "errors.max", "wrong type", OUT + "errors.max", "none"));
        c.add(new Case(OUT + "errors.max", "out of range", OUT + "errors.max", "-2"));
        return c;
    }

    /** docs/configuration.md, found from the build's working directory upwards. */
    static Path doc() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("docs").resolve("configuration.md");
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("docs/configuration.md not found above " + Paths.get("").toAbsolutePath());
    }

    /** Every key in the first column of the doc's tables. */
    static Set<String> documentedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(doc(), StandardCharsets.UTF_8)) {
            Matcher m = TABLE_KEY.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A configuration every check accepts (until it tries to connect), for `prefix`. */
    static Configuration base(String prefix, int port) {
        Configuration conf = new Configuration(false);
        conf.set(prefix + "host", "127.0.0.1");
        conf.set(prefix + "port", Integer.toString(port));
        conf.set(prefix + "namespace", "test");
        if (prefix.equals(OUT)) {
            conf.set(OUT + "binname", "v");
        }
        return conf;
    }

    @Test
    public void everyDocumentedKeyHasBadValueCases() throws IOException {
        Set<String> documented = documentedKeys();
        assertTrue("the doc's tables list " + documented, documented.size() >= 40);
        Set<String> covered = new TreeSet<>();
        for (Case c : inputCases()) {
            covered.add(c.key);
        }
        for (Case c : outputCases()) {
            covered.add(c.key);
        }
        Set<String> untested = new TreeSet<>(documented);
        untested.removeAll(covered);
        assertEquals("documented keys without a bad-value case", new TreeSet<>(), untested);
        Set<String> undocumented = new TreeSet<>(covered);
        undocumented.removeAll(documented);
        assertEquals("cases for keys the doc does not list", new TreeSet<>(), undocumented);
    }

    @Test
    public void everyBadInputKeyIsRefusedByGetSplitsNamingTheKeyAndValue() throws Exception {
        int port = closedPort();
        for (Case c : inputCases()) {
            Configuration conf = base(IN, port);
            c.set.forEach(conf::set);
            InvalidConfigurationException viaConfig = refused(c, () -> ReadConfig.from(conf));
            InvalidConfigurationException viaJob = refused(c,
                    () -> new AerospikeInputFormat().getSplits(Job.getInstance(conf)));
            assertEquals(c.toString(), viaConfig.getMessage(), viaJob.getMessage());
            // The old API's getSplits plans through the same checks.
            refused(c, () -> new io.aerohadoop.mapred.AerospikeInputFormat()
                    .getSplits(new org.apache.hadoop.mapred.JobConf(conf), 1));
        }
    }

    @Test
    public void everyBadOutputKeyIsRefusedByCheckOutputSpecsNamingTheKeyAndValue() throws Exception {
        int port = closedPort();
        for (Case c : outputCases()) {
            Configuration conf = base(OUT, port);
            c.set.forEach(conf::set);
            Job job = Job.getInstance(conf);
            job.setOutputValueClass(Text.class);
            InvalidConfigurationException viaJob = refused(c, () -> {
                new AerospikeOutputFormat<Object, Object>().checkOutputSpecs(job);
                return null;
            });
            if (!c.what.equals("missing for a scalar value")) {
                // Also refused by the configuration alone, whatever the value class.
                assertEquals(c.toString(), viaJob.getMessage(), refused(c, () -> WriteConfig.from(conf)).getMessage());
            }
            org.apache.hadoop.mapred.JobConf jobConf = new org.apache.hadoop.mapred.JobConf(conf);
            jobConf.setOutputValueClass(Text.class);
            refused(c, () -> {
                new io.aerohadoop.mapred.AerospikeOutputFormat<Object, Object>().checkOutputSpecs(null, jobConf);
                return null;
            });
        }
    }

    /** The base configurations themselves pass every key check and fail only at connecting. */
    @Test
    public void theValidBaseFailsOnlyAtConnectingNamingTheSeeds() throws Exception {
        int port = closedPort();
        ReadConfig.from(base(IN, port));
        WriteConfig.from(base(OUT, port));
        try {
            new AerospikeInputFormat().getSplits(Job.getInstance(base(IN, port)));
            fail("getSplits reached a closed port");
        } catch (InvalidConfigurationException e) {
            assertEquals(e.getMessage(), IN + "host", e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains(Integer.toString(port)));
        }
    }

    interface Attempt {
        Object run() throws Exception;
    }

    private static InvalidConfigurationException refused(Case c, Attempt attempt) throws Exception {
        try {
            attempt.run();
        } catch (InvalidConfigurationException e) {
            String m = e.getMessage();
            assertEquals(c + ": " + m, c.namedKey, e.getKey());
            assertTrue(c + ": " + m, m.contains(c.namedKey));
            if (c.shows != null) {
                assertTrue(c + " does not show '" + c.shows + "': " + m, m.contains(c.shows));
            }
            assertFalse(c + ": " + m, m.contains(SECRET));
            assertFalse(c + ": the refusal came from connecting: " + m, m.contains("cannot connect"));
            return e;
        }
        fail(c + " was accepted");
        return null;
    }

    static List<String> allKeys() throws IOException {
        return new ArrayList<>(documentedKeys());
    }

    static final List<String> PREFIXES = Arrays.asList(IN, OUT);
}
