package io.aerohadoop.internal;

import java.nio.ByteBuffer;

/**
 * A task JVM in miniature, for {@link NativeHygieneTest}: opens a throttled reader, reads one
 * frame, then ends while the native side is still scanning, either by {@code System.exit} or by
 * returning from main (the JVM then ends only if no native thread holds it).
 *
 * <p>Arguments: seeds, namespace, set, {@code exit} or {@code return}.
 */
public final class ExitMidScan {
    private ExitMidScan() {}

    public static void main(String[] args) throws Exception {
        NativeCluster cluster = NativeCluster.connect(args[0], null, null, 5_000);
        byte[][] splits = NativeReader.plan(cluster, args[1], args[2], NativeReader.MODE_PARTITIONS, 1, null, 0, 0, 0, 4095);
        // 500 records a second: the scan is far from done when the first frame arrives.
        NativeReader reader = NativeReader.open(cluster, splits[0], args[1], args[2], null, null, 64L << 20, 5,
                100, 500, 5_000);
        ByteBuffer frame = reader.nextFrame();
        int records = frame == null ? -1 : frame.getInt(0);
        System.out.println("read a frame of " + records + " records; ending by " + args[3]);
        System.out.flush();
        if ("exit".equals(args[3])) {
            System.exit(0);
        }
        // "return": reader and cluster left open, as a crashed task would leave them.
    }
}
