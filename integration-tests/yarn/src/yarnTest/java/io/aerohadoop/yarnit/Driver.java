package io.aerohadoop.yarnit;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Runs a job's driver as {@code HADOOP_CLASSPATH=aerohadoop.jar hadoop jar <job jar> <class>
 * -libjars aerohadoop.jar ...} does: the job jar and the connector are on a class loader of their
 * own (as RunJar and HADOOP_CLASSPATH give the client), never on the test JVM's classpath, which
 * in a mini cluster is also every container's; the class is named only as a string; the tasks get
 * the connector only through {@code -libjars} (the distributed cache).
 */
final class Driver {
    private Driver() {}

    /** The tool's exit status. */
    static int run(Configuration conf, Path jobJar, String toolClass, List<String> args) throws Exception {
        Path connector = ShippedJars.connector();
        URL[] urls = {jobJar.toUri().toURL(), connector.toUri().toURL()};
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls, Driver.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            Configuration driverConf = new Configuration(conf);
            driverConf.setClassLoader(loader);
            Tool tool = (Tool) Class.forName(toolClass, true, loader).getDeclaredConstructor().newInstance();
            List<String> all = new ArrayList<>(Arrays.asList("-libjars", connector.toString()));
            all.addAll(args);
            return ToolRunner.run(driverConf, tool, all.toArray(new String[0]));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The splits a job client plans with the input format {@code formatClass} of the connector. */
    static List<InputSplit> splits(Configuration conf, String formatClass) throws Exception {
        URL[] urls = {ShippedJars.connector().toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(urls, Driver.class.getClassLoader())) {
            Configuration driverConf = new Configuration(conf);
            driverConf.setClassLoader(loader);
            InputFormat<?, ?> format = (InputFormat<?, ?>) ReflectionUtils.newInstance(
                    driverConf.getClassByName(formatClass), driverConf);
            return format.getSplits(Job.getInstance(driverConf));
        }
    }
}
