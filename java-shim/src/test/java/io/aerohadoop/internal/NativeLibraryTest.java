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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class NativeLibraryTest {
    private static final String RELEASE_DIR =
            Paths.get(System.getProperty("aerohadoop.nativeLibrary")).getParent().toString();

    @Test
    public void loadsFromTheJarWhenJavaLibraryPathDoesNotHaveIt() throws Exception {
        for (String dir : System.getProperty("java.library.path").split(File.pathSeparator)) {
            assertFalse("test JVM must not find the library on java.library.path: " + dir,
                    Files.exists(Paths.get(dir, "libaerohadoop.so")));
        }
        // Eight threads race to load: one load, one answer for all.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        Callable<String> load = () -> {
            NativeLibrary.load();
            return NativeLibrary.loadedFrom() + " " + NativeLibrary.nativeVersion();
        };
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(load));
        }
        Set<String> answers = new HashSet<>();
        for (Future<String> f : results) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(answers.toString(), 1, answers.size());
        String from = NativeLibrary.loadedFrom();
        assertTrue(from, from.startsWith("jar:/native/linux-x86_64/libaerohadoop.so via "));
        Path extracted = Paths.get(from.substring(from.indexOf(" via ") + 5));
        assertFalse("extracted copy is deleted once loaded: " + extracted, Files.exists(extracted));
        assertEquals(System.getProperty("aerohadoop.version"), NativeLibrary.nativeVersion());
    }

    @Test
    public void javaLibraryPathOverridesTheBundledCopy() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.library.path=" + RELEASE_DIR);
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
        assertTrue(lines.toString(), lines.contains("from=java.library.path"));
        assertTrue(lines.toString(), lines.contains("version=" + System.getProperty("aerohadoop.version")));
    }

    @Test
    public void classifierNamesThisPlatform() {
        assertEquals("linux-x86_64", NativeLibrary.classifier());
    }
}
