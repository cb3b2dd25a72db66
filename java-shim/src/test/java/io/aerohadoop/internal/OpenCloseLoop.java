package io.aerohadoop.internal;

import io.aerohadoop.io.WriteFrameEncoder;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;

/**
 * For {@link NativeHygieneTest}, in a JVM of its own whose heap is fixed and touched at start
 * ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so that resident memory grows only with
 * native allocations (and the JIT): opens and closes a reader (one frame read) and a writer (one
 * record written) {@code opens} times, printing {@code usage <opens> <threads> <nativeThreads>
 * <descriptors> <rssKiB> <records>} after the warm-up and at the end.
 *
 * <p>Arguments: seeds, namespace, set, opens, warm-up.
 */
public final class OpenCloseLoop {
    private OpenCloseLoop() {}

    public static void main(String[] args) throws Exception {
        String ns = args[1];
        String set = args[2];
        int opens = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        WriteFrameEncoder encoder = new WriteFrameEncoder(1 << 12);
        long records = 0;
        try (NativeCluster cluster = NativeCluster.connect(args[0], null, null, 5_000)) {
            byte[][] splits = NativeReader.plan(cluster, ns, set, NativeReader.MODE_PARTITIONS, 32, null, 0, 0, 0, 4095);
            for (int i = 0; i < opens; i++) {
                try (NativeReader r = NativeReader.open(cluster, splits[i % splits.length], ns, set, null, null,
                        64L << 20, 5, 100, 0, 5_000)) {
                    ByteBuffer frame = r.nextFrame();
                    if (frame != null) {
                        records += frame.getInt(0);
                    }
                }
                try (NativeWriter w = NativeWriter.open(cluster, ns, set + "_w", NativeWriter.MODE_UPDATE, 0,
                        NativeWriter.GENERATION_NONE, true, false, 100, 2, -1, 5_000, 2)) {
                    encoder.clear();
                    encoder.add(null, (long) (i % 100), null, 0, Collections.singletonMap("i", (long) i));
                    w.write(encoder.buffer(), encoder.size());
                    w.flush();
                }
                if (i + 1 == warmUp) {
                    report(i + 1, records);
                }
            }
        }
        // Readers' native tasks end at their next await after close; give them that moment.
        Thread.sleep(300);
        report(opens, records);
    }

    private static void report(int opens, long records) throws IOException {
        File[] tasks = new File("/proc/self/task").listFiles();
        long nativeThreads = 0;
        for (File t : tasks) {
            String comm = new String(Files.readAllBytes(t.toPath().resolve("comm")), StandardCharsets.UTF_8);
            if (comm.startsWith("aerohadoop")) {
                nativeThreads++;
            }
        }
        long rss = 0;
        for (String line : Files.readAllLines(new File("/proc/self/status").toPath())) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        System.out.println("usage " + opens + " " + tasks.length + " " + nativeThreads + " "
                + new File("/proc/self/fd").list().length + " " + rss + " " + records);
        System.out.flush();
    }
}
