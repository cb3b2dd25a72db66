package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.ConfigRedactor;
import org.junit.Test;

/**
 * Passwords never leak: jobs against an aerolite with security on (--user/--password) read and copy
 * with the password as a clear key and through a jceks credential provider made at run time, and
 * fail with a wrong one. Everything the job JVM printed (Hadoop at DEBUG, the connector's logs,
 * native stderr, counters, exceptions with stack traces) and every file the jobs left (job.xml as
 * staged and as the task saw it, the client's configuration, Hadoop's local and staging dirs) is
 * searched for both passwords. The one expected hit: a clear-text key is part of the job's
 * configuration by construction (tasks read it from there), which is why the docs steer to the
 * credential provider; Hadoop's redactor hides such keys wherever it dumps a configuration.
 */
public class SecretsJobTest {
    private static final String USER = "etl";
    private static final String RIGHT = "Right-Pw-7f3a9q";
    private static final String WRONG = "Wrong-Pw-c41d2z";

    @Test
    public void passwordsAppearInNoLogCounterDumpOrMessageAndCredentialProvidersWork() throws Exception {
        Path work = Files.createTempDirectory("secrets-it");
        ChildJvm.Result run;
        try (Aerolite aerolite = Aerolite.builder().nodes(1).credentials(USER, RIGHT).start()) {
            run = ChildJvm.run(work, 300, SecretsProbe.class.getName(),
                    Arrays.asList(work.toString(), Integer.toString(aerolite.port(0)), USER, RIGHT, WRONG));
        }
        String out = run.output;
        assertEquals(out, 0, run.exitStatus);
        assertTrue(out, out.contains("SCENARIO read-clear ok records=" + SecretsProbe.RECORDS));
        assertTrue(out, out.contains("SCENARIO copy-provider ok records=" + SecretsProbe.RECORDS));
        // The copy rewrote every record it read (its AerospikeKeys name their set), password from the provider.
        assertTrue(out, line(out, "COUNTERS copy-provider ").contains("Records written=" + SecretsProbe.RECORDS));
        // A wrong password fails the job at submission, naming the user key and the server's code.
        String readWrong = line(out, "SCENARIO read-wrong-clear ");
        assertTrue(readWrong, readWrong.contains("failed") && readWrong.contains("aerospike.input.user")
                && readWrong.contains("65"));
        String copyWrong = line(out, "SCENARIO copy-wrong-provider ");
        assertTrue(copyWrong, copyWrong.contains("failed") && copyWrong.contains("aerospike.output.user")
                && copyWrong.contains("65"));

        // Everything printed: logs at DEBUG, counters, messages and stack traces.
        assertFalse("the right password was printed", out.contains(RIGHT));
        assertFalse("the wrong password was printed", out.contains(WRONG));

        List<String> holders = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> all = Files.walk(work)) {
            files = all.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        int searched = 0;
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".jceks")) {
                continue; // the credential stores themselves
            }
            searched++;
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            if (text.contains(RIGHT) || text.contains(WRONG)) {
                holders.add(work.relativize(f).toString());
            }
        }
        System.err.println("secrets: " + searched + " files searched; holding a password: " + holders);
        assertTrue("the jobs' dumps were written: " + files, searched >= 6);
        for (String h : holders) {
            // Only the clear-key scenarios' job configurations may hold the clear key's value.
            assertTrue(h, (h.startsWith("read-clear") || h.startsWith("read-wrong-clear")
                    || h.startsWith("copy-wrong-provider")) && h.endsWith(".xml"));
        }
        // A provider-only job leaves the password nowhere (not in job.xml, not in the task's conf).
        assertTrue(holders.toString(), holders.stream().noneMatch(h -> h.startsWith("copy-provider")));
        assertTrue("the provider job's staged job.xml was captured",
                Files.isRegularFile(work.resolve("copy-provider/dumps/staged-job.xml")));
        // The clear key does land in the staged job.xml: documented, and redacted by Hadoop's dumps.
        assertTrue(holders.toString(), holders.contains("read-clear/dumps/staged-job.xml"));
        ConfigRedactor redactor = new ConfigRedactor(new Configuration());
        assertEquals("<redacted>", redactor.redact("aerospike.input.password", RIGHT));
        assertEquals("<redacted>", redactor.redact("aerospike.output.password", RIGHT));
        delete(work);
    }

    private static String line(String out, String prefix) {
        for (String l : out.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line " + prefix + " in\n" + out);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }
}
