package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.TestFrames;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Export's SequenceFiles, written with appendRaw through the lock-free buffer, read back as the
 * records a SequenceFile of the decoded objects holds, across many sync markers.
 */
public class SequenceFileFrameOutputFormatTest {
    private static final String NS = TestFrames.namespace();
    private static final int FRAMES = 40;

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

    @Test
    public void rawPairsThroughTheBufferReadBackAsTheDecodedRecords() throws IOException {
        Configuration conf = new Configuration(false);
        ByteBuffer sample = TestFrames.sample();
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, sample);

        File objects = tmp.newFile("objects.seq");
        try (FSDataOutputStream stream = new FSDataOutputStream(new FileOutputStream(objects), null);
             SequenceFile.Writer w = SequenceFileFrameOutputFormat.writer(conf, stream, CompressionType.NONE, null)) {
            for (int f = 0; f < FRAMES; f++) {
                for (TestFrames.Decoded d : decoded) {
                    w.append(d.key, d.record);
                }
            }
        }
        File raw = tmp.newFile("raw.seq");
        BackgroundFrameWriter writer = new BackgroundFrameWriter(new FileOutputStream(raw),
                chunks -> SequenceFileFrameOutputFormat.Pairs.open(conf, chunks, CompressionType.NONE, null), "seq-writer");
        for (int f = 0; f < FRAMES; f++) {
            writer.write(null, new RecordFrame().reset(NS, sample.duplicate(), TestFrames.NOW_MILLIS));
        }
        writer.close(null);
        List<String> expected = read(conf, objects);
        assertEquals(FRAMES * decoded.size(), expected.size());
        assertEquals(expected, read(conf, raw));
        // Well past one sync interval: the reader crossed the raw file's sync markers.
        assertEquals(true, raw.length() > 10L * SequenceFile.SYNC_INTERVAL);
    }
}
