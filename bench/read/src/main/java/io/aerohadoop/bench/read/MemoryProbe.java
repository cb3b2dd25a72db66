package io.aerohadoop.bench.read;

/**
 * Reader (a) alone in a fresh JVM, for the memory figures: reads the whole set once and prints one
 * line {@code probe <records> <peakNativeBytes> <VmHWM bytes>}. The peak is what rust-core held
 * for frames (the connector's "Peak native buffer bytes" counter); VmHWM is the whole process.
 *
 * <p>Arguments: {@code <seeds> <namespace> <set> <records>}.
 */
public final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: MemoryProbe <seeds> <namespace> <set> <records>");
            System.exit(2);
        }
        DataSet data = new DataSet(args[1], args[2]);
        data.assumeLoaded(Long.parseLong(args[3]));
        ConnectorRead reader = new ConnectorRead(args[0], data);
        reader.read();
        System.out.println("probe " + data.size() + " " + reader.peakNativeBytes() + " " + ProcStatus.bytes("VmHWM"));
    }
}
