package io.aerohadoop.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmarks' Markdown tables: records/s and CPU per record of each contender, then ratios. */
public final class ThroughputTable {
    private ThroughputTable() {}

    /** A ratio of two contenders' median rates, with its target (0: none). */
    public static final class Ratio {
        final String name;
        final Contender over;
        final Contender under;
        final double target;

        public Ratio(String name, Contender over, Contender under, double target) {
            this.name = name;
            this.over = over;
            this.under = under;
            this.target = target;
        }
    }

    /**
     * @param role what the contenders are, for the column titles ({@code reader}, {@code writer})
     */
    public static <C extends Contender> String render(String role, long records, Map<C, Rates> rates,
            List<Ratio> ratios) {
        StringBuilder t = new StringBuilder();
        int rounds = rates.values().iterator().next().count();
        t.append(String.format(Locale.ROOT, "%,d records of 3 bins (int, 20-character string, float), 1-node aerolite;"
                + " %d measured rounds, order rotated each round%n%n", records, rounds));
        t.append(String.format(Locale.ROOT, "| %s | records/s (median) | min – max | spread | %s CPU µs/record"
                + " | aerolite CPU µs/record | JIT CPU ms/run |%n|---|---:|---:|---:|---:|---:|---:|%n", role, role));
        for (Map.Entry<C, Rates> e : rates.entrySet()) {
            Rates x = e.getValue();
            double jit = x.jitMillisPerRun();
            t.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f – %,.0f | %.1f %% | %.2f | %.2f | %s |%n",
                    e.getKey().label(), x.median(), x.min(), x.max(), 100 * x.spread(), x.clientMicrosPerRecord(),
                    x.serverMicrosPerRecord(), Double.isNaN(jit) ? "—" : String.format(Locale.ROOT, "%.0f", jit)));
        }
        if (!ratios.isEmpty()) {
            t.append("\n| ratio | of the medians | median of each round's | target (of the medians) |\n"
                    + "|---|---:|---:|---|\n");
        }
        for (Ratio r : ratios) {
            Rates over = rates.get(r.over);
            Rates under = rates.get(r.under);
            double value = over.median() / under.median();
            String target = r.target == 0 ? "—"
                    : String.format(Locale.ROOT, "≥ %.2f (%s)", r.target, value >= r.target ? "met" : "MISSED");
            t.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", r.name, value, over.pairedRatio(under),
                    target));
        }
        return t.toString();
    }
}
