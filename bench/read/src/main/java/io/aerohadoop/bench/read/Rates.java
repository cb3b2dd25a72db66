package io.aerohadoop.bench.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rates one reader reached over the measured rounds. */
final class Rates {
    private final List<Double> perSecond = new ArrayList<>();

    void add(long records, long nanos) {
        perSecond.add(records * 1e9 / nanos);
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(perSecond);
        Collections.sort(s);
        return s;
    }

    /** The median (for an even count, the mean of the middle two). */
    double median() {
        List<Double> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        List<Double> s = sorted();
        return s.get(s.size() - 1);
    }

    /** (max − min) / median, the spread as a fraction. */
    double spread() {
        return (max() - min()) / median();
    }

    int count() {
        return perSecond.size();
    }
}
