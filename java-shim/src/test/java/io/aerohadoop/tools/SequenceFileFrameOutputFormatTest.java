package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.TestFrames;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Export's SequenceFiles, written from frames through the lock-free buffer, are the files Hadoop's
 * writer makes of the decoded objects, in every compression type.
 */
public class SequenceFileFrameOutputFormatTest {
    private static final String NS = TestFrames.namespace();
    private static final int FRAMES = 20;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static List<String> read(Configuration conf, File file) throws IOException {
        List<String> records = new ArrayList<>();
        try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(new Path(file.toURI())))) {
            assertEquals(AerospikeKey.class, in.getKeyClass());
            assertEquals(AerospikeRecord.class, in.getValueClass());
            AerospikeKey key = new AerospikeKey();
            AerospikeRecord record = new AerospikeRecord();
            while (in.next(key, record)) {
                records.add(key + " " + record);
            }
        }
        return records;
    }

    /** The file's bytes with every copy of its sync hash (header and markers) zeroed: files differ only in that. */
    private static byte[] withoutSyncHash(Configuration conf, File file) throws IOException {
        long headerEnd;
        try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(new Path(file.toURI())))) {
            headerEnd = in.getPosition();
        }
        byte[] bytes = Files.readAllBytes(file.toPath());
        byte[] hash = Arrays.copyOfRange(bytes, (int) headerEnd - 16, (int) headerEnd);
        for (int i = 0; i + 16 <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + 16, hash, 0, 16)) {
                Arrays.fill(bytes, i, i + 16, (byte) 0);
            }
        }
        return bytes;
    }

    /**
     * The same frames, once as the decoded objects through Hadoop's own {@code append} and once
     * through the export's writer: the same records, and the same file byte for byte (sync markers
     * at the same places) but for the random sync hash.
     */
    private void writesTheFileHadoopWritesFromTheObjects(CompressionType type) throws IOException {
        Configuration conf = new Configuration(false);
        DefaultCodec codec = type == CompressionType.NONE ? null : ReflectionUtils.newInstance(DefaultCodec.class, conf);
        // Few large records to a frame, then many small ones: sync markers fall between frames and inside them.
        List<ByteBuffer> frames = Arrays.asList(TestFrames.sample(), TestFrames.small(1500));
        List<TestFrames.Decoded> decoded = new ArrayList<>();
        for (ByteBuffer frame : frames) {
            decoded.addAll(TestFrames.decode(NS, frame));
        }

        File objects = tmp.newFile("objects.seq");
        try (FSDataOutputStream stream = new FSDataOutputStream(new FileOutputStream(objects), null);
             SequenceFile.Writer w = SequenceFileFrameOutputFormat.writer(conf, stream, type, codec)) {
            for (int f = 0; f < FRAMES; f++) {
                for (TestFrames.Decoded d : decoded) {
                    w.append(d.key, d.record);
                }
            }
        }
        File raw = tmp.newFile("raw.seq");
        BackgroundFrameWriter writer = new BackgroundFrameWriter(new FileOutputStream(raw),
                chunks -> SequenceFileFrameOutputFormat.Pairs.open(conf, chunks, type, codec), "seq-writer");
        for (int f = 0; f < FRAMES; f++) {
            for (ByteBuffer frame : frames) {
                writer.write(null, new RecordFrame().reset(NS, frame.duplicate(), TestFrames.NOW_MILLIS));
            }
        }
        writer.close(null);
        List<String> expected = read(conf, objects);
        assertEquals(FRAMES * decoded.size(), expected.size());
        assertEquals(expected, read(conf, raw));
        assertArrayEquals(withoutSyncHash(conf, objects), withoutSyncHash(conf, raw));
    }

    @Test
    public void uncompressedFilesAreHadoopsOwnByteForByteAcrossManySyncMarkers() throws IOException {
        writesTheFileHadoopWritesFromTheObjects(CompressionType.NONE);
        // Well past one sync interval: the records crossed many sync markers, inside frames and between them.
        assertTrue(new File(tmp.getRoot(), "raw.seq").length() > 10L * SequenceFile.SYNC_INTERVAL);
    }

    @Test
    public void blockCompressedFilesAreHadoopsOwn() throws IOException {
        writesTheFileHadoopWritesFromTheObjects(CompressionType.BLOCK);
    }

    @Test
    public void recordCompressedFilesAreHadoopsOwn() throws IOException {
        writesTheFileHadoopWritesFromTheObjects(CompressionType.RECORD);
    }
}
