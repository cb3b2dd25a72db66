package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.NativeFrameEncoder;
import io.aerohadoop.io.RecordFrame;
import io.aerohadoop.io.TestFrames;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.Test;

/**
 * Export's writer thread: files written through it hold what the formats write synchronously,
 * though the task reuses (here: wipes) each frame's memory as soon as {@code write} returns.
 */
public class BackgroundFrameWriterTest {
    private static final String NS = TestFrames.namespace();
    private static final int FRAMES = 40;

    /** Writes the sample frame FRAMES times, from fresh native memory wiped after each write. */
    private static void writeFrames(BackgroundFrameWriter writer) throws IOException {
        ByteBuffer sample = TestFrames.sample();
        RecordFrame source = new RecordFrame();
        try {
            for (int f = 0; f < FRAMES; f++) {
                ByteBuffer memory = ByteBuffer.allocateDirect(sample.remaining());
                memory.put(sample.duplicate()).flip();
                writer.write(null, source.reset(NS, memory, TestFrames.NOW_MILLIS));
                while (memory.hasRemaining()) {
                    memory.put((byte) 0);
                }
            }
        } catch (IOException e) {
            // As MapTask does: the writer is closed whatever happened.
            try {
                writer.close(null);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        writer.close(null);
    }

    @Test
    public void jsonLinesWrittenOnTheWriterThreadEqualTheSynchronousOnes() throws IOException {
        ByteSink once = new ByteSink(16);
        new NativeFrameEncoder().jsonLines(new RecordFrame().reset(NS, TestFrames.sample(), TestFrames.NOW_MILLIS), once);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        writeFrames(new BackgroundFrameWriter(file, JsonLinesOutputFormat.Lines::new, "json-writer"));
        byte[] expected = new byte[once.length() * FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            System.arraycopy(once.array(), 0, expected, f * once.length(), once.length());
        }
        assertArrayEquals(expected, file.toByteArray());
    }

    private static List<GenericRecord> read(byte[] file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileStream<GenericRecord> in = new DataFileStream<>(new ByteArrayInputStream(file),
                new GenericDatumReader<GenericRecord>(AvroRecords.SCHEMA))) {
            assertEquals("deflate", in.getMetaString("avro.codec"));
            assertEquals(AvroRecords.SCHEMA, in.getSchema());
            while (in.hasNext()) {
                records.add(in.next());
            }
        }
        return records;
    }

    @Test
    public void avroFilesWrittenOnTheWriterThreadHoldWhatDataFileWriterWritesFromGenericRecords() throws IOException {
        List<TestFrames.Decoded> decoded = TestFrames.decode(NS, TestFrames.sample());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(AvroRecords.SCHEMA))) {
            w.setCodec(CodecFactory.deflateCodec(1));
            w.create(AvroRecords.SCHEMA, expected);
            for (int f = 0; f < FRAMES; f++) {
                for (TestFrames.Decoded d : decoded) {
                    w.append(AvroRecords.toAvro(d.key, d.record));
                }
            }
        }
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        writeFrames(new BackgroundFrameWriter(actual, chunks -> new AvroOutputFormat.Datums(chunks.stream(), "deflate"),
                "avro-writer"));
        List<GenericRecord> want = read(expected.toByteArray());
        assertEquals(FRAMES * decoded.size(), want.size());
        assertEquals(want, read(actual.toByteArray()));
    }

    @Test
    public void aFileThatCannotBeWrittenFailsTheTaskInsteadOfHangingIt() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        try {
            writeFrames(new BackgroundFrameWriter(broken, JsonLinesOutputFormat.Lines::new, "broken-file-writer"));
            fail("a file that cannot be written was closed without error");
        } catch (IOException e) {
            assertTrue(e.toString(), e.getMessage().contains("disk full"));
        }
        assertWriterThreadEnded("broken-file-writer");
    }

    /** No thread of that name is left: the writer joined its thread on the way out. */
    private static void assertWriterThreadEnded(String threadName) {
        assertTrue("the writer thread is gone", Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(threadName)));
    }

    /** What Hadoop's MapTask counts as the task's "Bytes Written": the file system's growth during write and close. */
    @SuppressWarnings("deprecation") // MapTask reads the statistics this way
    private static long bytesWritten() {
        long sum = 0;
        for (FileSystem.Statistics s : FileSystem.getAllStatistics()) {
            if (s.getScheme().equals("file")) {
                sum += s.getBytesWritten();
            }
        }
        return sum;
    }

    @Test
    public void everyByteOfTheFileIsWrittenWhileTheTaskIsInsideTheWriterAsHadoopCountsThem() throws Exception {
        Configuration conf = new Configuration(false);
        File dir = java.nio.file.Files.createTempDirectory("export-bytes").toFile();
        try {
            Path file = new Path(dir.toURI().toString(), "part-m-00000.jsonl");
            ByteBuffer sample = TestFrames.sample();
            RecordFrame frame = new RecordFrame();
            long counted = 0;
            long before = bytesWritten();
            BackgroundFrameWriter writer = new BackgroundFrameWriter(ExportFiles.create(conf, file),
                    JsonLinesOutputFormat.Lines::new, "counted-writer");
            counted += bytesWritten() - before;
            for (int f = 0; f < FRAMES; f++) {
                before = bytesWritten();
                writer.write(null, frame.reset(NS, sample.duplicate(), TestFrames.NOW_MILLIS));
                counted += bytesWritten() - before;
                // The task thread reads its next frame meanwhile: nothing may reach the file then.
                Thread.sleep(1);
            }
            before = bytesWritten();
            writer.close(null);
            counted += bytesWritten() - before;
            File data = new File(dir, "part-m-00000.jsonl");
            File crc = new File(dir, ".part-m-00000.jsonl.crc");
            assertTrue("several chunks: " + data.length(), data.length() > 3L * FileChunks.CHUNK_BYTES);
            assertEquals(data.length() + crc.length(), counted);
        } finally {
            for (File f : dir.listFiles()) {
                f.delete();
            }
            dir.delete();
        }
    }

    /** A file stream that accepts {@code good} bytes, then fails as {@code failure} says. */
    private static OutputStream failingAfter(int good, RuntimeException failure) {
        return new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (size() + len > good) {
                    throw failure;
                }
                super.write(b, off, len);
            }
        };
    }

    @Test
    public void aFileStreamThrowingAnUncheckedExceptionFailsTheTaskAndTheWriterThreadEnds() {
        OutputStream broken = failingAfter(FileChunks.CHUNK_BYTES, new IllegalStateException("stream went away"));
        try {
            writeFrames(new BackgroundFrameWriter(broken, JsonLinesOutputFormat.Lines::new, "unchecked-writer"));
            fail("an unchecked failure of the file stream went unnoticed");
        } catch (IOException e) {
            assertTrue(e.toString(), e.toString().contains("stream went away"));
        }
        assertWriterThreadEnded("unchecked-writer");
    }

    @Test
    public void aFormatThatFailsFailsTheTaskNamingWhyAndCloseCanBeCalledAgain() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        BackgroundFrameWriter writer = new BackgroundFrameWriter(file, chunks -> new FrameFileWriter() {
            private int frames;

            @Override
            public void write(RecordFrame frame) throws IOException {
                if (++frames == 5) {
                    throw new IOException("frame 5 is malformed");
                }
            }

            @Override
            public void close() {}
        }, "failing-format-writer");
        try {
            writeFrames(writer);
            fail("a failing format went unnoticed");
        } catch (IOException e) {
            assertTrue(e.toString(), e.getMessage().contains("frame 5 is malformed"));
        }
        writer.close(null);
        try {
            writer.write(null, new RecordFrame().reset(NS, TestFrames.sample(), TestFrames.NOW_MILLIS));
            fail("a closed writer took a frame");
        } catch (IOException e) {
            assertTrue(e.toString(), e.getMessage().contains("failed") || e.getMessage().contains("closed"));
        }
        assertWriterThreadEnded("failing-format-writer");
    }

    @Test
    public void aStreamWriteLargerThanAChunkArrivesWholeAndInOrder() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] big = new byte[FileChunks.CHUNK_BYTES * 2 + 12345];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        BackgroundFrameWriter writer = new BackgroundFrameWriter(file, chunks -> new FrameFileWriter() {
            private final OutputStream out = chunks.stream();

            @Override
            public void write(RecordFrame frame) throws IOException {
                out.write(7);
                out.write(big, 3, big.length - 3);
                out.write(big, 0, 3);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        }, "large-writes-writer");
        writeFrames(writer);
        byte[] once = new byte[big.length + 1];
        once[0] = 7;
        System.arraycopy(big, 3, once, 1, big.length - 3);
        System.arraycopy(big, 0, once, big.length - 2, 3);
        byte[] expected = new byte[once.length * FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            System.arraycopy(once, 0, expected, f * once.length, once.length);
        }
        assertArrayEquals(expected, file.toByteArray());
    }
}
