package io.aerohadoop.testing;

import io.aerohadoop.internal.NativeCluster;
import io.aerohadoop.internal.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * What the JVM it is taken in holds of the connector, at that moment: the process, where the native
 * library was loaded from, which copies of it the process has mapped, how many Aerospike clients it
 * holds open, and where the connector's classes came from. Tasks take it to prove what they share
 * with other tasks of the same JVM (integration-tests/yarn's task JVMs, integration-tests/hadoop's
 * LocalJobRunner). Needs the connector on the class path of whoever calls it; not in the connector.
 */
public final class ConnectorFacts {
    /** Marks the native library's file names (the bundled one and its extracted copies). */
    private static final String LIBRARY_NAME = "libaerohadoop";

    private final long pid;
    private final String libraryLoadedFrom;
    private final List<String> mappedLibraries;
    private final int openClients;
    private final String connectorJar;

    private ConnectorFacts(long pid, String libraryLoadedFrom, List<String> mappedLibraries, int openClients,
            String connectorJar) {
        this.pid = pid;
        this.libraryLoadedFrom = libraryLoadedFrom;
        this.mappedLibraries = mappedLibraries;
        this.openClients = openClients;
        this.connectorJar = connectorJar;
    }

    /**
     * The facts now. Call it after the connector has loaded its library (a task's reader or writer
     * is open): {@link NativeCluster#openClientCount()} loads it otherwise.
     *
     * @throws IOException if the process's memory map cannot be read (not Linux)
     */
    public static ConnectorFacts now() throws IOException {
        // Read before openClientCount(), which would load the library were it not loaded yet.
        String loadedFrom = String.valueOf(NativeLibrary.loadedFrom());
        return new ConnectorFacts(ProcessHandle.current().pid(), loadedFrom, readMappedLibraries(),
                NativeCluster.openClientCount(),
                String.valueOf(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation()));
    }

    /** This JVM's process id. */
    public long pid() {
        return pid;
    }

    /**
     * {@link NativeLibrary#loadedFrom()}: {@code jar:<resource> via <temporary file>}, the file's name
     * unique per extraction, or {@code java.library.path}; {@code "null"} if not loaded.
     */
    public String libraryLoadedFrom() {
        return libraryLoadedFrom;
    }

    /**
     * The files of {@code libaerohadoop} the process has mapped, as the kernel names them (an
     * extracted copy, deleted once loaded, ends in {@code " (deleted)"}), sorted: one per copy of the
     * library in memory, whatever the JVM's class loaders believe.
     */
    public List<String> mappedLibraries() {
        return mappedLibraries;
    }

    /** {@link NativeCluster#openClientCount()}: Aerospike clients the JVM holds, one per configuration in use. */
    public int openClients() {
        return openClients;
    }

    /** Where the connector's classes were loaded from (its jar). */
    public String connectorJar() {
        return connectorJar;
    }

    private static List<String> readMappedLibraries() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
            // address perms offset dev inode path: the path is the sixth field and may hold spaces.
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length == 6 && fields[5].contains(LIBRARY_NAME)) {
                files.add(fields[5]);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(files));
    }

    @Override
    public String toString() {
        return "pid " + pid + ", library " + libraryLoadedFrom + ", mapped " + mappedLibraries + ", clients "
                + openClients + ", connector " + connectorJar;
    }
}
