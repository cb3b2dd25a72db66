package io.aerohadoop.tools;

import io.aerohadoop.config.ClusterSettings;
import io.aerohadoop.config.OutputKeys;
import io.aerohadoop.config.WriteConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.write.OutputCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;

/**
 * {@code import}: files into a set through the connector's writer. Formats: the export's (json,
 * avro, seq), whose records keep their user key (or digest), bins and — by default — TTL; and
 * tsv/csv lines with a {@link ColumnMapping}. A map-only job; write mode, TTL and error policy are
 * the writer's ({@code aerospike.output.*}), malformed input follows the same error policy.
 */
final class ImportTool extends AerospikeTool {
    static final String[] FORMATS = {"json", "avro", "seq", "tsv", "csv"};

    private static final List<ToolArgs.Option> OPTIONS = Arrays.asList(
            ToolArgs.Option.value("input", "path[,path...]", "files or directories to import (required; globs allowed)"),
            ToolArgs.Option.value("format", "json|avro|seq|tsv|csv", "input format (default: json, the export's default)"),
            ClusterOptions.HOSTS,
            ToolArgs.Option.value("namespace", "ns", "namespace to write (required)"),
            ToolArgs.Option.value("set", "set", "set to write; default: each exported record's own set (tsv/csv: no set)"),
            ToolArgs.Option.value("columns", "spec", "tsv/csv only: name[:type] per column, '_key' the user key, '_skip'"
                    + " ignored; types string, int, float, bool, blob, geojson, json"),
            ToolArgs.Option.value("separator", "char", "tsv/csv only: field separator (default: tab for tsv, ',' for csv)"),
            ToolArgs.Option.flag("skip-header", "tsv/csv only: the first line of each file is a header"),
            ToolArgs.Option.value("ttl", "keep|seconds", "keep: each record's exported TTL (default for json/avro/seq);"
                    + " seconds: -1 never expire, 0 namespace default, n > 0 (default for tsv/csv: aerospike.output.ttl)"),
            ToolArgs.Option.value("ttl-resolution", "seconds", "with --ttl keep: round TTLs up to a multiple of this (default 1)"),
            ClusterOptions.WRITE_MODE,
            ClusterOptions.ERRORS_MAX);

    ImportTool(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    String name() {
        return "import";
    }

    @Override
    String description() {
        return "Writes files into a set: the export tool's files (json, avro, seq) with their keys, bins and TTLs,\n"
                + "or TSV/CSV lines through a column -> bin mapping. Malformed input and refused records follow the\n"
                + "error policy (--errors-max, aerospike.output.errors.max): fail at the first, or skip and count up to n.";
    }

    @Override
    List<ToolArgs.Option> options() {
        return OPTIONS;
    }

    @Override
    String examples() {
        return "  " + Main.COMMAND + " import --input /backup/users --hosts 10.0.0.1:3000 --namespace test --set users_restored\n"
                + "  " + Main.COMMAND + " import --format tsv --input /data/people.tsv --hosts 10.0.0.1 --namespace test --set"
                + " people --columns '_key:int,name,age:int,_skip,tags:json' --errors-max 10\n";
    }

    @Override
    List<? extends ClusterSettings> clusters(Configuration jobConf) throws IOException {
        return Collections.singletonList(WriteConfig.from(jobConf));
    }

    @Override
    Job createJob(ToolArgs args) throws UsageException, IOException {
        Configuration conf = new Configuration(getConf());
        String format = args.choice("format", "json", FORMATS);
        boolean delimited = format.equals("tsv") || format.equals("csv");
        String input = args.required("input");
        args.copyTo(conf, "hosts", OutputKeys.HOSTS);
        args.copyTo(conf, "namespace", OutputKeys.NAMESPACE);
        if (conf.getTrimmed(OutputKeys.NAMESPACE, "").isEmpty()) {
            throw new UsageException("--namespace is required (or -D " + OutputKeys.NAMESPACE + "=<ns>)");
        }
        if (args.has("set")) {
            args.copyTo(conf, "set", OutputKeys.SET_NAME);
            args.copyTo(conf, "set", TargetSet.KEY);
        }
        ClusterOptions.applyWriteOptions(args, conf);
        Ttls.apply(args, conf, !delimited);
        if (delimited) {
            ColumnMapping.parse(args.required("columns"));
            args.copyTo(conf, "columns", DelimitedImportMapper.COLUMNS);
            String separator = args.get("separator", format.equals("csv") ? "," : "\t");
            if (separator.equals("\\t")) {
                separator = "\t";
            }
            if (separator.length() != 1) {
                throw new UsageException("--separator: '" + separator + "' is not one character");
            }
            conf.set(DelimitedImportMapper.SEPARATOR, separator);
            conf.setBoolean(DelimitedImportMapper.QUOTED, format.equals("csv"));
            conf.setBoolean(DelimitedImportMapper.SKIP_HEADER, args.has("skip-header"));
        } else {
            for (String option : new String[] {"columns", "separator", "skip-header"}) {
                if (args.has(option)) {
                    throw new UsageException("--" + option + " applies to tsv and csv input only, not " + format);
                }
            }
        }
        ClusterOptions.checkWrite(args, conf);

        Job job = Job.getInstance(conf, "aerohadoop import " + format + " from " + input);
        job.setJarByClass(ImportTool.class);
        try {
            FileInputFormat.setInputPaths(job, input);
            for (Path p : FileInputFormat.getInputPaths(job)) {
                FileStatus[] found = p.getFileSystem(conf).globStatus(p);
                if (found == null || found.length == 0) {
                    throw new UsageException("--input: " + p + " does not exist");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--input: " + e.getMessage());
        }
        boolean encoded = transcodes(conf) && !delimited;
        switch (format) {
            case "avro":
                if (encoded) {
                    job.setInputFormatClass(AvroFrameInputFormat.class);
                    job.setMapperClass(EncodedImportMapper.class);
                } else {
                    job.setInputFormatClass(AvroInputFormat.class);
                    job.setMapperClass(RecordImportMapper.class);
                }
                break;
            case "seq":
                if (encoded) {
                    job.setInputFormatClass(RawSequenceFileInputFormat.class);
                    job.setMapperClass(SeqImportMapper.class);
                } else {
                    job.setInputFormatClass(SequenceFileInputFormat.class);
                    job.setMapperClass(RecordImportMapper.class);
                }
                break;
            case "json":
                if (encoded) {
                    job.setInputFormatClass(LineBlockInputFormat.class);
                    job.setMapperClass(JsonFrameImportMapper.class);
                } else {
                    job.setInputFormatClass(LineNumberedInputFormat.class);
                    job.setMapperClass(JsonImportMapper.class);
                }
                break;
            default:
                job.setInputFormatClass(LineBlockInputFormat.class);
                job.setMapperClass(DelimitedImportMapper.class);
        }
        job.setNumReduceTasks(0);
        if (encoded) {
            job.setOutputKeyClass(NullWritable.class);
            job.setOutputValueClass(EncodedRecord.class);
            job.setOutputFormatClass(EncodedRecordOutputFormat.class);
        } else {
            job.setOutputKeyClass(AerospikeKey.class);
            job.setOutputValueClass(AerospikeRecord.class);
            job.setOutputFormatClass(RecordTtlOutputFormat.class);
        }
        return job;
    }

    /**
     * Whether the records go straight from the file into write frames (the transcoding mappers):
     * always but when {@code aerospike.output.keyname} asks for the user key in a bin too, which
     * only the writer's object mapping does.
     */
    static boolean transcodes(Configuration conf) {
        return conf.getTrimmed(OutputKeys.KEY_NAME, "").isEmpty();
    }

    @Override
    Summary summarize(Counters counters) {
        return new Summary(counter(counters, OutputCounters.GROUP, OutputCounters.WRITTEN),
                counter(counters, FileInputFormatCounter.BYTES_READ),
                counter(counters, OutputCounters.GROUP, OutputCounters.FAILED)
                        + counter(counters, ImportCounters.GROUP, ImportCounters.MALFORMED));
    }
}
