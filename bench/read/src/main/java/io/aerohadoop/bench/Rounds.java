package io.aerohadoop.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks' measuring loop: warm-up rounds, then measured rounds, every round running each
 * contender once in an order rotated by one each round, so that drift in the shared machine's load
 * favours none. Each run's wall time, the CPU its process and aerolite used (from /proc), and for
 * a contender in this JVM the CPU its JIT compilers used meanwhile, go into the contender's
 * {@link Rates}.
 */
public final class Rounds {
    private static final long SELF = ProcessHandle.current().pid();

    private Rounds() {}

    /**
     * Runs {@code warmup + rounds} rounds of {@code contenders} over {@code records} records each.
     *
     * @param serverPid aerolite's process, for its CPU figure
     * @return the measured rates by contender, in {@code contenders}' order
     */
    public static <C extends Contender> Map<C, Rates> measure(List<C> contenders, long records, int warmup,
            int rounds, long serverPid, Progress progress) throws Exception {
        Map<C, Rates> rates = new LinkedHashMap<>();
        for (C c : contenders) {
            rates.put(c, new Rates());
        }
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            for (int k = 0; k < contenders.size(); k++) {
                // Rotated order: each contender runs first, second, ... in turn.
                C c = contenders.get((k + round) % contenders.size());
                boolean inThisJvm = c.clientPid() == SELF;
                c.prepare();
                double client0 = ProcCpu.seconds(c.clientPid());
                double server0 = ProcCpu.seconds(serverPid);
                double jit0 = inThisJvm ? ProcCpu.jitSeconds() : Double.NaN;
                long nanos = c.run();
                double clientCpu = ProcCpu.seconds(c.clientPid()) - client0;
                double serverCpu = ProcCpu.seconds(serverPid) - server0;
                // Compiler threads are not created or ended on 2 cores (one C1, one C2); a
                // negative difference could only come from one ending, and counts as none.
                double jit = inThisJvm ? Math.max(0, ProcCpu.jitSeconds() - jit0) : Double.NaN;
                c.verify();
                c.cleanUp();
                progress.log("%s round %d: %s %,.0f records/s%s", measured ? "measured" : "warm-up",
                        measured ? round - warmup + 1 : round + 1, c.label(), records * 1e9 / nanos,
                        inThisJvm ? String.format(Locale.ROOT, ", JIT %.0f ms", jit * 1e3) : "");
                if (measured) {
                    rates.get(c).add(records, nanos, clientCpu, serverCpu, jit);
                }
            }
        }
        return rates;
    }
}
