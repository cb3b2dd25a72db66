package io.aerohadoop.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code libaerohadoop.so} once per JVM.
 *
 * <p>First {@code java.library.path} ({@code System.loadLibrary("aerohadoop")}), so an operator can
 * override the bundled library; otherwise the copy inside this jar, {@code
 * native/<os>-<arch>/libaerohadoop.so}, extracted to a temporary file and loaded from there. A task
 * JVM on a node that has never seen aerohadoop needs nothing but the jar.
 *
 * <p>The temporary file is deleted as soon as it is loaded (Linux keeps the mapping), so killed task
 * JVMs leave nothing behind. Its directory is {@code java.io.tmpdir} unless the system property
 * {@value #TMPDIR_PROPERTY} names another (for hosts whose temporary directory is mounted noexec).
 *
 * <p>Thread-safe: concurrent first calls load the library once; a failed load is retried by the next
 * call rather than remembered.
 */
public final class NativeLibrary {
    /** System property naming the directory the bundled library is extracted to. */
    public static final String TMPDIR_PROPERTY = "aerohadoop.native.tmpdir";

    static final String LIBRARY = "aerohadoop";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    private static final Object LOCK = new Object();

    /** Where the library came from once loaded; null before. */
    private static volatile String loadedFrom;

    private NativeLibrary() {}

    /**
     * Loads the library if this JVM has not yet.
     *
     * @throws UnsatisfiedLinkError if it is neither on {@code java.library.path} nor in the jar, cannot
     *     be loaded, or was built for another version than this jar
     */
    public static void load() {
        if (loadedFrom != null) {
            return;
        }
        synchronized (LOCK) {
            if (loadedFrom == null) {
                String from = loadOnce();
                checkVersion(from);
                LOG.info("aerohadoop native library {} loaded from {}", jarVersion(), from);
                loadedFrom = from;
            }
        }
    }

    /**
     * Where the loaded library came from: {@code "java.library.path"} or {@code "jar:<resource> via
     * <temporary file>"}; null if not loaded yet. For logs and diagnostics.
     */
    public static String loadedFrom() {
        return loadedFrom;
    }

    /** The version of the loaded library, as its crate was built; loads it first. */
    public static String nativeVersion() {
        load();
        return nativeVersion0();
    }

    /** The resource path of the bundled library for this platform. */
    static String bundledResource() {
        return "/native/" + classifier() + "/" + System.mapLibraryName(LIBRARY);
    }

    /** {@code linux-x86_64} and the like: the directory naming used in the jar. */
    static String classifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac")) {
            os = "osx";
        } else if (os.startsWith("windows")) {
            os = "windows";
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            arch = "x86_64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            arch = "aarch_64";
        }
        return os + "-" + arch;
    }

    private static String loadOnce() {
        UnsatisfiedLinkError fromPath;
        try {
            System.loadLibrary(LIBRARY);
            return "java.library.path";
        } catch (UnsatisfiedLinkError e) {
            fromPath = e;
        }
        String resource = bundledResource();
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                UnsatisfiedLinkError e = new UnsatisfiedLinkError("aerohadoop native library not found: not on"
                        + " java.library.path (" + System.getProperty("java.library.path") + ") and no "
                        + resource + " in the jar (platform " + classifier() + ")");
                e.addSuppressed(fromPath);
                throw e;
            }
            Path file = extract(in);
            try {
                System.load(file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
            return "jar:" + resource + " via " + file;
        } catch (IOException e) {
            UnsatisfiedLinkError err =
                    new UnsatisfiedLinkError("cannot extract " + resource + " from the jar: " + e);
            err.initCause(e);
            throw err;
        }
    }

    private static Path extract(InputStream in) throws IOException {
        String dir = System.getProperty(TMPDIR_PROPERTY);
        Path file = dir == null
                ? Files.createTempFile("libaerohadoop-", ".so")
                : Files.createTempFile(Paths.get(dir), "libaerohadoop-", ".so");
        try {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** A library from another build would misread every call this jar makes: refuse it. */
    private static void checkVersion(String from) {
        String expected = jarVersion();
        String actual = nativeVersion0();
        if (!expected.equals(actual)) {
            throw new UnsatisfiedLinkError("libaerohadoop.so from " + from + " is version " + actual
                    + " but this jar is version " + expected);
        }
    }

    /** The version this jar was built as, from the resource the build writes. */
    static String jarVersion() {
        Properties p = new Properties();
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/io/aerohadoop/aerohadoop.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the jar's version resource", e);
        }
        return p.getProperty("version", "unknown");
    }

    private static native String nativeVersion0();
}
