package io.aerohadoop.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.Test;

/** The jar users ship is self-contained: it carries the native library cargo built. */
public class JarContentsTest {
    private static final String ENTRY = "native/linux-x86_64/libaerohadoop.so";

    @Test
    public void jarHoldsTheLibraryCargoBuiltByteForByte() throws IOException {
        byte[] built = Files.readAllBytes(Paths.get(System.getProperty("aerohadoop.nativeLibrary")));
        try (JarFile jar = new JarFile(System.getProperty("aerohadoop.jar"))) {
            JarEntry entry = jar.getJarEntry(ENTRY);
            assertNotNull(ENTRY + " missing from " + jar.getName(), entry);
            byte[] packed;
            try (InputStream in = jar.getInputStream(entry)) {
                packed = in.readAllBytes();
            }
            assertEquals(built.length, packed.length);
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(packed, 4));
            assertArrayEquals(built, packed);
        }
    }

    @Test
    public void jarIsNamedAfterTheVersionAndRecordsIt() throws IOException {
        String version = System.getProperty("aerohadoop.version");
        String path = System.getProperty("aerohadoop.jar");
        assertEquals("aerohadoop-" + version + ".jar", Paths.get(path).getFileName().toString());
        try (JarFile jar = new JarFile(path)) {
            assertEquals(version, jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
        assertEquals(version, NativeLibrary.jarVersion());
    }

    @Test
    public void bundledResourcePathMatchesTheJarLayout() {
        assertEquals("/" + ENTRY, NativeLibrary.bundledResource());
    }
}
