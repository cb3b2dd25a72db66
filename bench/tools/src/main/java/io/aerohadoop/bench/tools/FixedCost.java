package io.aerohadoop.bench.tools;

import io.aerohadoop.bench.Contender;
import io.aerohadoop.bench.Rates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a tool's job costs whatever its size — option parsing, submission, the local runner's task
 * set-up, output commit — measured as the median wall time of the same tool over a one-record
 * set; then the tool's per-record rate once that cost is taken out of its median run.
 */
final class FixedCost {
    private final Contender tool;
    private final Contender bare;
    private final ToolJob tiny;

    FixedCost(Contender tool, Contender bare, ToolJob tiny) {
        this.tool = tool;
        this.bare = bare;
        this.tiny = tiny;
    }

    /** The tool whose fixed cost this is. */
    Contender tool() {
        return tool;
    }

    /** The median wall time of {@code runs} runs of {@code job}, checked after each. */
    static long medianNanos(Contender job, int runs) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            job.prepare();
            nanos.add(job.run());
            job.verify();
        }
        Collections.sort(nanos);
        return nanos.get(runs / 2);
    }

    /**
     * What a stock job costs, and the best whole-job ratio any job could reach against each bare
     * contender: one paying that cost and nothing more per record than the bare loop would take
     * the bare loop's time plus it.
     */
    static String renderStock(Contender stock, List<Contender> bares, Map<Contender, Rates> rates, long records,
            int runs) throws Exception {
        double seconds = medianNanos(stock, runs) / 1e9;
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%nHadoop's own cost of a job here: %s (identity"
                + " mapper, text in and out, the connector's jar as job jar), median of %d runs: %.3f s. The whole-job"
                + " ratio of a job costing that and no more per record than the bare loop:", stock.label(), runs,
                seconds));
        String sep = " ";
        for (Contender bare : bares) {
            Rates r = rates.get(bare);
            if (r == null) {
                continue;
            }
            double bareSeconds = records / r.median();
            t.append(String.format(Locale.ROOT, "%s%s %.2f", sep, bare.label().substring(0, bare.label().indexOf(')') + 1),
                    bareSeconds / (bareSeconds + seconds)));
            sep = ", ";
        }
        return t.append(".\n").toString();
    }

    /** @param target the least tool rate / bare rate asked for, judged here without the fixed cost */
    static String render(List<FixedCost> costs, Map<Contender, Rates> rates, long records, int runs, double target)
            throws Exception {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%nFixed cost of a job (median of %d runs over a"
                + " one-record set) and the rates without it%n%n| tool | whole job records/s | fixed cost s"
                + " | records/s without it | against | its records/s | ratio without it | target |"
                + "%n|---|---:|---:|---:|---|---:|---:|---|%n", runs));
        Map<ToolJob, Double> fixedSeconds = new java.util.HashMap<>();
        for (FixedCost c : costs) {
            // A tool compared with two bare contenders is timed over one record once.
            double fixed = fixedSeconds.computeIfAbsent(c.tiny, tiny -> {
                try {
                    return medianNanos(tiny, runs) / 1e9;
                } catch (Exception e) {
                    throw new IllegalStateException(tiny.label() + " failed", e);
                }
            });
            double toolRate = rates.get(c.tool).median();
            double bareRate = rates.get(c.bare).median();
            double seconds = records / toolRate - fixed;
            double without = seconds > 0 ? records / seconds : Double.NaN;
            double ratio = without / bareRate;
            String against = c.bare.label().substring(0, c.bare.label().indexOf(')') + 1);
            t.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %,.0f | %s | %,.0f | %.2f | ≥ %.2f (%s) |%n",
                    c.tool.label(), toolRate, fixed, without, against, bareRate, ratio, target,
                    ratio >= target ? "met" : "MISSED"));
        }
        return t.toString();
    }
}
