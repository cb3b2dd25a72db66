package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The local file system the tools' local jobs use: permissions as Hadoop's own sets them. */
public class NioPermissionsLocalFileSystemTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static FileSystem fileSystem() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(NioPermissionsLocalFileSystem.IMPL_KEY, NioPermissionsLocalFileSystem.class.getName());
        // A new instance, not the JVM's cached local file system.
        return FileSystem.newInstance(new File("/").toURI(), conf);
    }

    private static String mode(File f) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f.toPath()));
    }

    @Test
    public void directoriesFilesAndChangesGetTheirPermissions() throws Exception {
        try (FileSystem fs = fileSystem()) {
            assertEquals(NioPermissionsLocalFileSystem.class, fs.getClass());
            File root = tmp.getRoot();
            Path staging = new Path(root.toURI().toString(), "staging/job_1");
            assertTrue(FileSystem.mkdirs(fs, staging, new FsPermission((short) 0700)));
            assertEquals("rwx------", mode(new File(root, "staging/job_1")));
            Path conf = new Path(staging, "job.xml");
            try (FSDataOutputStream out = FileSystem.create(fs, conf, new FsPermission((short) 0644))) {
                out.writeBytes("<configuration/>");
            }
            assertEquals("rw-r--r--", mode(new File(root, "staging/job_1/job.xml")));
            fs.setPermission(conf, new FsPermission((short) 0640));
            assertEquals("rw-r-----", mode(new File(root, "staging/job_1/job.xml")));
            assertEquals("the checksum file's too", "rw-r-----", mode(new File(root, "staging/job_1/.job.xml.crc")));
            assertEquals(new FsPermission((short) 0640), fs.getFileStatus(conf).getPermission());
            fs.setPermission(staging, new FsPermission((short) 0751));
            assertEquals("rwxr-x--x", mode(new File(root, "staging/job_1")));
        }
    }

    @Test
    public void aStickyBitIsSetAsHadoopSetsIt() throws Exception {
        assertNull(NioPermissionsLocalFileSystem.posix(new FsPermission((short) 01777)));
        try (FileSystem fs = fileSystem()) {
            Path shared = new Path(tmp.getRoot().toURI().toString(), "shared");
            assertTrue(fs.mkdirs(shared));
            fs.setPermission(shared, new FsPermission((short) 01777));
            assertEquals(new FsPermission((short) 01777), fs.getFileStatus(shared).getPermission());
        }
    }

    @Test
    public void aMissingFileIsAnError() throws Exception {
        try (FileSystem fs = fileSystem()) {
            Path missing = new Path(tmp.getRoot().toURI().toString(), "missing");
            try {
                fs.setPermission(missing, new FsPermission((short) 0644));
                throw new AssertionError("no error for " + missing);
            } catch (java.io.IOException e) {
                assertTrue(e.toString(), e.toString().contains("missing"));
            }
        }
    }

    @Test
    public void onlyLocalJobsWithoutTheNativeLibraryAndWithoutAChoiceOfTheirOwnUseIt() {
        Configuration conf = new Configuration(false);
        NioPermissionsLocalFileSystem.useForLocalJobs(conf);
        String expected = NativeIO.isAvailable() ? null : NioPermissionsLocalFileSystem.class.getName();
        assertEquals("framework unset: local", expected, conf.get(NioPermissionsLocalFileSystem.IMPL_KEY));

        Configuration yarn = new Configuration(false);
        yarn.set("mapreduce.framework.name", "yarn");
        NioPermissionsLocalFileSystem.useForLocalJobs(yarn);
        assertNull(yarn.get(NioPermissionsLocalFileSystem.IMPL_KEY));

        Configuration own = new Configuration(false);
        own.set(NioPermissionsLocalFileSystem.IMPL_KEY, "org.apache.hadoop.fs.LocalFileSystem");
        NioPermissionsLocalFileSystem.useForLocalJobs(own);
        assertEquals("org.apache.hadoop.fs.LocalFileSystem", own.get(NioPermissionsLocalFileSystem.IMPL_KEY));
    }
}
