package io.aerohadoop.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The block reader's lines are LineRecordReader's (TextInputFormat's), file by file. */
public class LineBlockInputFormatTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private final Configuration conf = new Configuration();
    private final TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());

    private File write(String name, byte[] content, boolean gzip) throws IOException {
        File f = dir.newFile(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(new FileOutputStream(f)) : new FileOutputStream(f)) {
            out.write(content);
        }
        return f;
    }

    private FileSplit split(File f) {
        return new FileSplit(new Path(f.toURI()), 0, f.length(), null);
    }

    /** The lines as Hadoop's own line reader gives them, over the whole file. */
    private List<String> hadoopLines(File f) throws Exception {
        List<String> lines = new ArrayList<>();
        try (RecordReader<LongWritable, Text> r = new LineNumberedInputFormat().createRecordReader(split(f), context)) {
            r.initialize(split(f), context);
            while (r.nextKeyValue()) {
                lines.add(hex(r.getCurrentValue().copyBytes()));
            }
        }
        return lines;
    }

    private List<String> blockLines(File f, int blockBytes) throws Exception {
        List<String> lines = new ArrayList<>();
        try (LineBlockInputFormat.Reader r = new LineBlockInputFormat.Reader(blockBytes, LineBlockInputFormat.MAX_LINE_BYTES)) {
            r.initialize(split(f), context);
            while (r.nextKeyValue()) {
                LineBlock b = r.getCurrentValue();
                while (b.nextLine()) {
                    lines.add(hex(Arrays.copyOfRange(b.bytes(), b.lineStart(), b.lineStart() + b.lineLength())));
                }
            }
            assertEquals(1f, r.getProgress(), 0f);
        }
        return lines;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    @Test
    public void randomFilesSplitIntoTheSameLinesAsLineRecordReaderAtEveryBlockSize() throws Exception {
        // Line breaks of every kind (LF, CR, CR LF, runs of them), a byte order mark at the start or
        // not, lines shorter and longer than the block, with or without a last break, gzip or not.
        byte[] alphabet = {'a', 'b', '{', '"', '\n', '\r', (byte) 0xc3, (byte) 0xa9, (byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        Random random = new Random(20261123);
        int files = 0;
        for (int round = 0; round < 300; round++) {
            int size = random.nextInt(round < 100 ? 40 : 3000);
            byte[] content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = alphabet[random.nextInt(random.nextBoolean() ? 4 : alphabet.length)];
            }
            if (size >= 3 && random.nextInt(4) == 0) {
                content[0] = (byte) 0xef;
                content[1] = (byte) 0xbb;
                content[2] = (byte) 0xbf;
            }
            boolean gzip = random.nextInt(5) == 0;
            File f = write("f" + round + (gzip ? ".gz" : ".txt"), content, gzip);
            List<String> expected = hadoopLines(f);
            for (int blockBytes : new int[] {1, 2, 3, 7, 64, 1 << 20}) {
                assertEquals("file " + f.getName() + " in blocks of " + blockBytes, expected, blockLines(f, blockBytes));
            }
            files++;
        }
        assertEquals(300, files);
    }

    @Test
    public void aCrLfSplitBetweenTwoReadsIsOneBreak() throws Exception {
        File f = write("crlf.txt", "ab\r\ncd\r\n\r\nef".getBytes(StandardCharsets.UTF_8), false);
        List<String> lines = new ArrayList<>();
        for (String h : blockLines(f, 3)) {
            lines.add(new String(unhex(h), StandardCharsets.UTF_8));
        }
        assertEquals(Arrays.asList("ab", "cd", "", "ef"), lines);
    }

    @Test
    public void anEmptyFileHasNoBlock() throws Exception {
        File f = write("empty.txt", new byte[0], false);
        try (LineBlockInputFormat.Reader r = new LineBlockInputFormat.Reader(16, LineBlockInputFormat.MAX_LINE_BYTES)) {
            r.initialize(split(f), context);
            assertEquals(false, r.nextKeyValue());
        }
        assertEquals(0, Files.size(f.toPath()));
    }

    /**
     * A line longer than the reader takes (here 64 bytes, in production 128 MiB) is refused naming
     * the file and where the line starts (counting a byte order mark and the LF of a CR LF cut
     * between reads), after the lines before it were handed over whole; reading on would only
     * grow the buffer until the task ran out of memory. A line of exactly the limit is read, with
     * or without a break after it.
     */
    @Test
    public void aLineLongerThanTheLimitIsRefusedNamingTheFileAndWhereItStarts() throws Exception {
        String before = "\uFEFFshort\r\nline\n";
        byte[] text = (before + "x".repeat(65) + "\nafter\n").getBytes(StandardCharsets.UTF_8);
        int offset = before.getBytes(StandardCharsets.UTF_8).length;
        for (boolean gzip : new boolean[] {false, true}) {
            File f = write(gzip ? "long.txt.gz" : "long.txt", text, gzip);
            List<String> lines = new ArrayList<>();
            // Blocks of 7 bytes: the CR LF after "short" is cut between two reads.
            try (LineBlockInputFormat.Reader r = new LineBlockInputFormat.Reader(7, 64)) {
                r.initialize(split(f), context);
                try {
                    while (r.nextKeyValue()) {
                        LineBlock b = r.getCurrentValue();
                        while (b.nextLine()) {
                            lines.add(new String(b.bytes(), b.lineStart(), b.lineLength(), StandardCharsets.UTF_8));
                        }
                    }
                    fail("read a 65-byte line with a 64-byte limit");
                } catch (IOException e) {
                    assertTrue(e.getMessage(), e.getMessage().startsWith("a line of " + new Path(f.toURI())
                            + " is longer than 64 bytes (it starts after " + offset + " bytes of the file, uncompressed)"));
                }
            }
            assertEquals(Arrays.asList("short", "line"), lines);
        }
        for (String exact : new String[] {"x".repeat(64) + "\n", "x".repeat(64)}) {
            File ok = write("ok" + exact.length() + ".txt", exact.getBytes(StandardCharsets.UTF_8), false);
            try (LineBlockInputFormat.Reader r = new LineBlockInputFormat.Reader(16, 64)) {
                r.initialize(split(ok), context);
                assertTrue(r.nextKeyValue());
                LineBlock b = r.getCurrentValue();
                assertTrue(b.nextLine());
                assertEquals(64, b.lineLength());
            }
        }
    }

    private static byte[] unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
