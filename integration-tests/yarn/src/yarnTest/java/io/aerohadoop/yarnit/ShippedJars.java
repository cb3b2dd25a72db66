package io.aerohadoop.yarnit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The jars the suite ships to the cluster, as the build names them: the connector under test, the
 * examples and the probe jobs. None of them is on the test JVM's classpath.
 */
final class ShippedJars {
    private ShippedJars() {}

    static Path connector() {
        return jar("aerohadoop.jar");
    }

    static Path examples() {
        return jar("yarnit.examples.jar");
    }

    static Path probeJobs() {
        return jar("yarnit.jobs.jar");
    }

    static Path examplesData(String name) {
        return Paths.get(property("yarnit.examples.data"), name);
    }

    private static Path jar(String property) {
        Path jar = Paths.get(property(property));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " (-D" + property + ") does not exist: build it first");
        }
        return jar;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("-D" + name + " is not set: run through gradle :yarn-it:yarnTest");
        }
        return value;
    }
}
