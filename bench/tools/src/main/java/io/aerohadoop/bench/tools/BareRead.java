package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.testing.CountingReporter;
import io.aerohadoop.bench.RecordShape;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * (r) The bare reader the export tool is built on: the new-API {@link AerospikeInputFormat} with
 * one split, {@code getSplits}, {@code createRecordReader}, {@code initialize}, {@code nextKeyValue}
 * touching the key and the int bin of every record, {@code close} — all timed, like the tool's job,
 * which plans its splits too.
 *
 * <p>(rf) The same loop writing each record to a local file as well, the plain way a program on the
 * bare reader would: the key's and the record's own {@code Writable} bytes (what a SequenceFile of
 * them holds) through a 64 KiB buffer straight to a {@link FileOutputStream} — no job, no Hadoop
 * file system, no checksum, no file format. The export tool does this much and more (a whole job,
 * a checksummed file in a format other programs read); export/rf is what that costs over the bare
 * reader writing the same records, and rf/r what writing them costs at all.
 *
 * <p>(rb) The bare loop writing a fixed number of bytes per record, copied from one array: no
 * encoding at all, only the file writes of an export of that size (the SequenceFile export's bytes
 * per record, measured by ToolsBench). rb/r is what writing that many bytes alone costs the bare
 * reader on this machine.
 */
final class BareRead implements Contender {
    private final Configuration conf;
    private final long records;
    /** Where (rf) and (rb) write the records; null for (r). */
    private final Path file;
    /** (rb): bytes written per record from {@link #filler}; 0 for (rf), which writes the records. */
    private final int bytesPerRecord;
    private final byte[] filler;
    private int attempt;

    BareRead(String seeds, String namespace, String set, long records) {
        this(seeds, namespace, set, records, null, 0);
    }

    private BareRead(String seeds, String namespace, String set, long records, Path file, int bytesPerRecord) {
        this.records = records;
        this.file = file;
        this.bytesPerRecord = bytesPerRecord;
        filler = new byte[bytesPerRecord];
        java.util.Arrays.fill(filler, (byte) 'x');
        conf = new Configuration(false);
        conf.set(InputKeys.HOSTS, seeds);
        conf.set(InputKeys.NAMESPACE, namespace);
        conf.set(InputKeys.SET_NAME, set);
        conf.setInt(InputKeys.SPLITS, 1);
    }

    /** (rf): the bare reader writing every record's Writable bytes to {@code file}. */
    static BareRead toFile(String seeds, String namespace, String set, long records, Path file) {
        return new BareRead(seeds, namespace, set, records, file, 0);
    }

    /** (rb): the bare reader writing {@code bytesPerRecord} bytes of one array per record to {@code file}. */
    static BareRead bytesToFile(String seeds, String namespace, String set, long records, Path file,
            int bytesPerRecord) {
        if (bytesPerRecord <= 0) {
            throw new IllegalArgumentException("bytes per record: " + bytesPerRecord);
        }
        return new BareRead(seeds, namespace, set, records, file, bytesPerRecord);
    }

    @Override
    public String label() {
        if (file == null) {
            return "(r) bare RecordReader loop (new API, 1 split)";
        }
        return bytesPerRecord == 0 ? "(rf) bare RecordReader loop writing each key and record (Writable bytes) to a file"
                : "(rb) bare RecordReader loop writing " + bytesPerRecord + " bytes per record (one array) to a file";
    }

    @Override
    public long run() throws Exception {
        long started = System.nanoTime();
        AerospikeInputFormat format = new AerospikeInputFormat();
        List<InputSplit> splits = format.getSplits(new JobContextImpl(conf, new JobID("bench", 1)));
        TaskAttemptContext task = new TaskAttemptContextImpl(conf,
                new TaskAttemptID("bench", 1, TaskType.MAP, 0, attempt++), new CountingReporter(new Counters()));
        long n = 0;
        long sum = 0;
        long digestBytes = 0;
        try (RecordReader<AerospikeKey, Writable> reader = format.createRecordReader(splits.get(0), task);
             DataOutputStream out = file == null ? null
                     : new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file.toFile()), 64 * 1024))) {
            reader.initialize(splits.get(0), task);
            while (reader.nextKeyValue()) {
                AerospikeKey key = reader.getCurrentKey();
                AerospikeRecord record = (AerospikeRecord) reader.getCurrentValue();
                digestBytes += key.digest()[0];
                sum += (Long) record.get(RecordShape.INT_BIN);
                if (bytesPerRecord > 0) {
                    out.write(filler);
                } else if (out != null) {
                    key.write(out);
                    record.write(out);
                }
                n++;
            }
        }
        long elapsed = System.nanoTime() - started;
        if (n != records || sum != RecordShape.intSum(records) || digestBytes == Long.MIN_VALUE) {
            throw new IllegalStateException(label() + " read " + n + " records (int sum " + sum + "), expected " + records);
        }
        return elapsed;
    }

    @Override
    public void verify() throws IOException {
        // Every key holds at least its 20-byte digest; (rb) writes exactly its bytes per record.
        long least = bytesPerRecord > 0 ? (long) bytesPerRecord * records : 20L * records;
        if (file != null && Files.size(file) < least) {
            throw new IllegalStateException(label() + " wrote only " + Files.size(file) + " bytes for " + records
                    + " records");
        }
    }

    /** Deletes (rf)'s file at once, as {@link ToolJob#cleanUp} does the exports'. */
    @Override
    public void cleanUp() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
