package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.read.InputCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * {@code export}: a namespace or set to files, one per map task: typed JSON lines
 * ({@link JsonLinesOutputFormat}), Avro ({@link AvroOutputFormat}) or SequenceFiles of
 * ({@link AerospikeKey}, {@link AerospikeRecord}). A map-only job: frames of records go from the
 * reader ({@link FrameInputFormat}) to the output format, which transcodes each record straight
 * into the file's bytes; each keeps its namespace, set, digest, user key, generation, TTL and bins.
 */
final class ExportTool extends AerospikeTool {
    static final String[] FORMATS = {"json", "avro", "seq"};
    private static final ToolArgs.Option SET = ToolArgs.Option.value("set", "set", "set to export (default: the whole namespace)");
    private static final ToolArgs.Option FORMAT = ToolArgs.Option.value("format", "json|avro|seq",
            "file format: typed JSON lines (default), Avro, or SequenceFile of (AerospikeKey, AerospikeRecord)");
    static final String[] AVRO_CODECS = {"deflate", "snappy", "null"};
    private static final ToolArgs.Option AVRO_CODEC = ToolArgs.Option.value("avro-codec", "deflate|snappy|null",
            "compression of the Avro blocks: snappy (default; deflate when snappy-java is not on the classpath),"
                    + " deflate level 1 (smaller files, several times the CPU), null (none)");
    private static final ToolArgs.Option OUTPUT = ToolArgs.Option.value("output", "dir", "new directory for the files (required)");

    ExportTool(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    String name() {
        return "export";
    }

    @Override
    String description() {
        return "Exports the records of a set (or namespace) to files, one per map task, keeping each record's\n"
                + "namespace, set, digest, user key, generation, TTL and every bin with its exact type.\n"
                + "Read them back with 'import'. Formats are described in docs/tools.md.";
    }

    @Override
    List<ToolArgs.Option> options() {
        List<ToolArgs.Option> options = new ArrayList<>(ClusterOptions.readOptions(SET));
        options.add(FORMAT);
        options.add(AVRO_CODEC);
        options.add(OUTPUT);
        return options;
    }

    @Override
    String examples() {
        return "  " + Main.COMMAND + " export --hosts 10.0.0.1:3000 --namespace test --set users --output /backup/users\n"
                + "  " + Main.COMMAND + " export --hosts 10.0.0.1 --namespace test --set users --format avro --bins name,age"
                + " --output /backup/users-avro\n"
                + "  " + Main.COMMAND + " export --hosts 10.0.0.1 --namespace test --partitions 0-2047 --output /backup/test-0\n"
                + "  " + Main.COMMAND + " export --hosts 10.0.0.1 --namespace test --partitions 2048-4095"
                + " --output /backup/test-1\n";
    }

    @Override
    List<? extends ClusterSettings> clusters(Configuration jobConf) throws IOException {
        return Collections.singletonList(ReadConfig.from(jobConf));
    }

    @Override
    Job createJob(ToolArgs args) throws UsageException, IOException {
        Configuration conf = new Configuration(getConf());
        ClusterOptions.applyRead(args, conf, "set");
        // Export writes whole records: value.* keys shape another input value, which export does not read.
        conf.unset(InputKeys.VALUE_BIN);
        conf.unset(InputKeys.VALUE_FORMAT);
        ClusterOptions.checkRead(args, conf);
        String format = args.choice("format", "json", FORMATS);
        String codec = args.choice("avro-codec", AvroOutputFormat.defaultCodec(), AVRO_CODECS);
        if (args.has("avro-codec") && !format.equals("avro")) {
            throw new UsageException("--avro-codec applies to --format avro only");
        }
        conf.set(AvroOutputFormat.CODEC_KEY, codec);
        Path output = new Path(args.required("output"));
        if (output.getFileSystem(conf).exists(output)) {
            throw new UsageException("--output: " + output + " already exists");
        }
        Job job = Job.getInstance(conf, "aerohadoop export to " + output);
        job.setJarByClass(ExportTool.class);
        // Frames of undecoded records, transcoded by the output format straight into the file's
        // bytes: nothing is decoded into objects only to be encoded again.
        job.setInputFormatClass(FrameInputFormat.class);
        job.setMapperClass(ExportMapper.class);
        job.setNumReduceTasks(0);
        job.setOutputKeyClass(AerospikeKey.class);
        job.setOutputValueClass(AerospikeRecord.class);
        switch (format) {
            case "avro":
                job.setOutputFormatClass(AvroOutputFormat.class);
                break;
            case "seq":
                job.setOutputFormatClass(SequenceFileFrameOutputFormat.class);
                break;
            default:
                job.setOutputFormatClass(JsonLinesOutputFormat.class);
        }
        FileOutputFormat.setOutputPath(job, output);
        return job;
    }

    @Override
    Summary summarize(Counters counters) {
        return new Summary(counter(counters, InputCounters.GROUP, InputCounters.RECORDS),
                counter(counters, InputCounters.GROUP, InputCounters.BYTES),
                counter(counters, JobCounter.NUM_FAILED_MAPS));
    }
}
