package io.aerohadoop.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rates one contender (reader or writer) reached over the measured rounds. */
public final class Rates {
    private final List<Double> perSecond = new ArrayList<>();
    private final List<Double> clientCpu = new ArrayList<>();
    private final List<Double> serverCpu = new ArrayList<>();
    private final List<Double> jitMillis = new ArrayList<>();

    /**
     * One round: its wall time, the CPU seconds the contender's process and aerolite used, and
     * the CPU seconds this JVM's JIT compilers used meanwhile (NaN when the contender runs in
     * another process).
     */
    public void add(long records, long nanos, double clientSeconds, double serverSeconds, double jitSeconds) {
        perSecond.add(records * 1e9 / nanos);
        clientCpu.add(clientSeconds * 1e6 / records);
        serverCpu.add(serverSeconds * 1e6 / records);
        jitMillis.add(jitSeconds * 1e3);
    }

    /** Median CPU microseconds per record of the contender's process. */
    public double clientMicrosPerRecord() {
        return median(clientCpu);
    }

    /** Median CPU microseconds per record of aerolite. */
    public double serverMicrosPerRecord() {
        return median(serverCpu);
    }

    /** Median CPU milliseconds of this JVM's JIT compilers per run (NaN for another process). */
    public double jitMillisPerRun() {
        return median(jitMillis);
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(perSecond);
        Collections.sort(s);
        return s;
    }

    /**
     * The median over the measured rounds of this contender's rate over {@code other}'s in the
     * same round: a load that drifts between rounds moves both, so this is steadier on a shared
     * machine than the ratio of the two medians.
     */
    public double pairedRatio(Rates other) {
        if (other.perSecond.size() != perSecond.size()) {
            throw new IllegalArgumentException("rounds differ: " + perSecond.size() + " and " + other.perSecond.size());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < perSecond.size(); i++) {
            ratios.add(perSecond.get(i) / other.perSecond.get(i));
        }
        return median(ratios);
    }

    /** The median (for an even count, the mean of the middle two). */
    public double median() {
        return median(perSecond);
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        List<Double> s = sorted();
        return s.get(s.size() - 1);
    }

    /** (max − min) / median, the spread as a fraction. */
    public double spread() {
        return (max() - min()) / median();
    }

    public int count() {
        return perSecond.size();
    }
}
