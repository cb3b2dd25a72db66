package io.aerohadoop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.testing.Aerolite;
import io.aerohadoop.write.OutputCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Reads and writes over TLS through the configuration keys users set: the CA the nodes'
 * certificates chain to and their TLS name; a CA that did not sign them, a missing file or a
 * half-given client certificate fail before anything is read, naming the key.
 */
public class TlsReadWriteTest {
    private static final String NAME = "aerolite.test";
    private static Path certs;
    private static Path otherCerts;
    private static Aerolite aerolite;
    private static Aerolite other;

    @BeforeClass
    public static void start() throws IOException {
        certs = Files.createTempDirectory("aerohadoop-tls");
        otherCerts = Files.createTempDirectory("aerohadoop-tls-other");
        aerolite = Aerolite.builder().nodes(2).control(false).tls(certs, NAME, false).start();
        // A second cluster only for its CA: one that did not sign the first cluster's certificates.
        other = Aerolite.builder().control(false).tls(otherCerts, NAME, false).start();
    }

    @AfterClass
    public static void stop() throws IOException {
        for (Aerolite a : new Aerolite[] {aerolite, other}) {
            if (a != null) {
                a.close();
            }
        }
        for (Path dir : new Path[] {certs, otherCerts}) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static Configuration conf(Path caDir, String... keyValues) {
        Configuration c = new Configuration(false);
        c.set(InputKeys.HOSTS, aerolite.seeds());
        c.set(InputKeys.NAMESPACE, "test");
        c.set(InputKeys.SET_NAME, "secure");
        c.set(InputKeys.TLS_CA_FILE, caDir.resolve("ca.pem").toString());
        c.set(InputKeys.TLS_NAME, NAME);
        c.set(OutputKeys.HOSTS, aerolite.seeds());
        c.set(OutputKeys.NAMESPACE, "test");
        c.set(OutputKeys.SET_NAME, "secure");
        c.set(OutputKeys.BIN_NAME, "n");
        c.set(OutputKeys.TLS_CA_FILE, caDir.resolve("ca.pem").toString());
        c.set(OutputKeys.TLS_NAME, NAME);
        for (int i = 0; i < keyValues.length; i += 2) {
            c.set(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    @Test
    public void recordsWrittenOverTlsAreReadBackOverTls() throws Exception {
        List<Object[]> pairs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pairs.add(new Object[] {new Text("k" + i), new LongWritable(i)});
        }
        WriteHarness w = WriteHarness.writeNewApi(conf(certs), LongWritable.class, pairs, 2);
        assertEquals(500, w.counter(OutputCounters.WRITTEN));

        ReadHarness r = ReadHarness.readNewApi(conf(certs));
        Map<String, Long> read = new HashMap<>();
        for (ReadHarness.Row row : r.rows) {
            read.put((String) row.key.userKey(), (Long) row.record().get("n"));
        }
        assertEquals(500, r.rows.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("k" + i, Long.valueOf(i), read.get("k" + i));
        }
    }

    @Test
    public void aCaThatDidNotSignTheNodesIsRefusedNamingTheCaKey() throws Exception {
        try {
            ReadHarness.readNewApi(conf(otherCerts));
            fail("a foreign CA was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.TLS_CA_FILE, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains("certificate"));
        }
    }

    @Test
    public void missingFilesAndHalfAClientCertificateAreRefusedNamingTheKey() throws Exception {
        try {
            ReadHarness.readNewApi(conf(certs, InputKeys.TLS_CA_FILE, "/nonexistent/ca.pem"));
            fail("a missing CA file was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.TLS_CA_FILE, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/ca.pem"));
        }
        try {
            ReadHarness.readNewApi(conf(certs, InputKeys.TLS_CERT_FILE, certs.resolve("client.pem").toString()));
            fail("a client certificate without its key was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.TLS_CERT_FILE, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains(InputKeys.TLS_KEY_FILE));
        }
        Configuration noCa = conf(certs);
        noCa.unset(InputKeys.TLS_CA_FILE);
        try {
            ReadHarness.readNewApi(noCa);
            fail("a TLS name without a CA file was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(InputKeys.TLS_NAME, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains(InputKeys.TLS_CA_FILE));
        }
    }
}
