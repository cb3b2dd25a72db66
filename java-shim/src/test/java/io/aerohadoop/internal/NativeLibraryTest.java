package io.aerohadoop.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Where the library is loaded from. Each case runs {@link LoadProbe} in a fresh JVM, so it sees the
 * first load, not one an earlier test in this JVM already did.
 */
public class NativeLibraryTest {
    private static final String VERSION = System.getProperty("aerohadoop.version");
    private static final String RELEASE_DIR =
            Paths.get(System.getProperty("aerohadoop.nativeLibrary")).getParent().toString();

    /** Runs the probe in a child JVM with {@code jvmArgs}; returns its output lines. */
    private static List<String> probe(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : jvmArgs) {
            cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LoadProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue("probe JVM did not finish", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(lines.toString(), 0, p.exitValue());
        return lines;
    }

    private static String value(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + "= in " + lines);
    }

    @Test
    public void loadsOnceFromTheJarWhenJavaLibraryPathDoesNotHaveIt() throws Exception {
        // The child inherits no library path from Gradle: it gets the JVM's default one.
        for (String dir : System.getProperty("java.library.path").split(File.pathSeparator)) {
            assertFalse("java.library.path must not have the library: " + dir,
                    Files.exists(Paths.get(dir, "libaerohadoop.so")));
        }
        List<String> out = probe();
        assertEquals("eight racing threads saw one outcome: " + out, "1", value(out, "outcomes"));
        String from = value(out, "from");
        assertTrue(from, from.startsWith("jar:/native/linux-x86_64/libaerohadoop.so via "));
        Path extracted = Paths.get(from.substring(from.indexOf(" via ") + 5));
        assertFalse("extracted copy is deleted once loaded: " + extracted, Files.exists(extracted));
        assertEquals(VERSION, value(out, "version"));
    }

    @Test
    public void extractsIntoTheConfiguredDirectory() throws Exception {
        Path dir = Files.createTempDirectory("aerohadoop-native-test");
        try {
            List<String> out = probe("-D" + NativeLibrary.TMPDIR_PROPERTY + "=" + dir);
            String from = value(out, "from");
            assertTrue(from, from.contains(" via " + dir + "/libaerohadoop-"));
            try (java.util.stream.Stream<Path> left = Files.list(dir)) {
                assertEquals("nothing left behind", 0, left.count());
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void javaLibraryPathOverridesTheBundledCopy() throws Exception {
        List<String> out = probe("-Djava.library.path=" + RELEASE_DIR);
        assertEquals("1", value(out, "outcomes"));
        assertEquals("java.library.path", value(out, "from"));
        assertEquals(VERSION, value(out, "version"));
    }

    @Test
    public void theTestJvmItselfLoadedTheBundledCopy() {
        NativeLibrary.load();
        assertTrue(NativeLibrary.loadedFrom(), NativeLibrary.loadedFrom().startsWith("jar:"));
        assertEquals(VERSION, NativeLibrary.nativeVersion());
    }

    @Test
    public void classifierNamesThisPlatform() {
        assertEquals("linux-x86_64", NativeLibrary.classifier());
    }
}
