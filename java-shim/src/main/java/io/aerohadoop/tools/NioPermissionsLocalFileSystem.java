package io.aerohadoop.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.apache.hadoop.util.Shell;

/**
 * Hadoop's local file system, but setting permissions through {@code java.nio} where Hadoop would
 * start a {@code chmod} process.
 *
 * <p>Without Hadoop's native library ({@code libhadoop.so}, which a laptop or a Maven-built
 * classpath does not have), {@link RawLocalFileSystem#setPermission} runs {@code chmod} for every
 * directory and file a job submission and the local runner create with a permission: the staging
 * directory, job.xml, the job jar, the split files, the output directories and files. That is
 * about 23 processes per local job, 80 ms of the 170 ms a one-record export took here (bench/RESULTS.md,
 * "Tools"). {@code java.nio} makes the same {@code chmod(2)} call without a process.
 *
 * <p>The tools use it for jobs that run in their own JVM ({@link #useForLocalJobs}); the native
 * library, when loaded, is still used as Hadoop uses it, and a permission that {@code java.nio}
 * cannot express (the sticky bit) or a file system without POSIX permissions still goes to Hadoop's
 * own way.
 */
public class NioPermissionsLocalFileSystem extends LocalFileSystem {
    static final String IMPL_KEY = "fs.file.impl";

    public NioPermissionsLocalFileSystem() {
        super(new Raw());
    }

    /**
     * Makes {@code conf}'s jobs use this file system for {@code file:} paths when they run under
     * the local runner without Hadoop's native library, unless {@value #IMPL_KEY} is set already.
     * Hadoop caches file systems per scheme and user, not per configuration: if this JVM created
     * its local file system before, that one stays in use.
     */
    static void useForLocalJobs(Configuration conf) {
        if (AerospikeTool.runsLocally(conf) && conf.get(IMPL_KEY) == null && !Shell.WINDOWS && !NativeIO.isAvailable()) {
            conf.set(IMPL_KEY, NioPermissionsLocalFileSystem.class.getName());
        }
    }

    /** The file system under the checksums: only {@link #setPermission} differs from Hadoop's. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Set<PosixFilePermission> posix = posix(permission);
            if (posix == null || NativeIO.isAvailable()) {
                super.setPermission(p, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission);
            }
        }
    }

    /** The permission as {@code java.nio} states it, or null if it has the sticky bit. */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        if (permission.getStickyBit()) {
            return null;
        }
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        add(s, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        add(s, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE);
        add(s, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        return s;
    }

    private static void add(Set<PosixFilePermission> s, FsAction action, PosixFilePermission read,
            PosixFilePermission write, PosixFilePermission execute) {
        if (action.implies(FsAction.READ)) {
            s.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            s.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            s.add(execute);
        }
    }
}
