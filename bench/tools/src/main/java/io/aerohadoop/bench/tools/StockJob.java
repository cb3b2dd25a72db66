package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.tools.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * What any job costs under the local runner, without Aerospike: a map-only job of Hadoop's own
 * classes (identity {@link Mapper}, text in, text out) over a one-line file, run through
 * {@link ToolRunner} with the connector's jar as its job jar and waited for with progress, as the
 * tools' jobs are. A tool's
 * fixed cost above this one is the connector's own (options, cluster connect, split planning,
 * summary).
 */
final class StockJob implements Contender {
    private static final String LINE = "one line";
    /** The tools' progress poll for a job in this JVM (AerospikeTool.pollOften). */
    private static final int LOCAL_POLL_MILLIS = 5;

    private final Configuration conf;
    private final Path input;
    private final Path output;

    StockJob(Configuration conf, Path work) throws Exception {
        this.conf = conf;
        Files.createDirectories(work);
        this.input = work.resolve("stock-input.txt");
        this.output = work.resolve("stock-output");
        Files.write(input, (LINE + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String label() {
        return "a stock Hadoop job over one line";
    }

    @Override
    public void prepare() throws Exception {
        if (Files.exists(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public long run() throws Exception {
        long started = System.nanoTime();
        Configuration c = new Configuration(conf);
        c.setInt("mapreduce.client.progressmonitor.pollinterval", LOCAL_POLL_MILLIS);
        // Through ToolRunner, as `hadoop jar` runs a stock tool (and the tools are run).
        int status = ToolRunner.run(c, new Identity(), new String[0]);
        if (status != 0) {
            throw new IllegalStateException("the stock job failed");
        }
        return System.nanoTime() - started;
    }

    /** The job: Hadoop's identity mapper from the one-line file to a text file. */
    private final class Identity extends Configured implements Tool {
        @Override
        public int run(String[] args) throws Exception {
            Job job = Job.getInstance(getConf(), "stock job");
            job.setJarByClass(Main.class);
            job.setMapperClass(Mapper.class);
            job.setNumReduceTasks(0);
            job.setInputFormatClass(TextInputFormat.class);
            job.setOutputFormatClass(TextOutputFormat.class);
            FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
            FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(output.toUri()));
            return job.waitForCompletion(true) ? 0 : 1;
        }
    }

    @Override
    public void verify() throws Exception {
        List<String> lines = Files.readAllLines(output.resolve("part-m-00000"), StandardCharsets.UTF_8);
        if (!lines.equals(List.of("0\t" + LINE))) {
            throw new IllegalStateException("the stock job wrote " + lines);
        }
    }
}
