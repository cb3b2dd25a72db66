package io.aerohadoop.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' measuring loop: warm-up rounds, then measured rounds, every round running each
 * contender once in an order rotated by one each round, so that drift in the shared machine's load
 * favours none. Each run's wall time and the CPU its process and aerolite used (from /proc) go
 * into the contender's {@link Rates}.
 */
public final class Rounds {
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
                c.prepare();
                double client0 = ProcCpu.seconds(c.clientPid());
                double server0 = ProcCpu.seconds(serverPid);
                long nanos = c.run();
                double clientCpu = ProcCpu.seconds(c.clientPid()) - client0;
                double serverCpu = ProcCpu.seconds(serverPid) - server0;
                c.verify();
                c.cleanUp();
                progress.log("%s round %d: %s %,.0f records/s", measured ? "measured" : "warm-up",
                        measured ? round - warmup + 1 : round + 1, c.label(), records * 1e9 / nanos);
                if (measured) {
                    rates.get(c).add(records, nanos, clientCpu, serverCpu);
                }
            }
        }
        return rates;
    }
}
