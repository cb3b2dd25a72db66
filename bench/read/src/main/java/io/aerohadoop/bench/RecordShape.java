package io.aerohadoop.bench;

import com.aerospike.client.Bin;

/**
 * The benchmarks' records (the shape bench/aerolite-bench loads too): record {@code i} has the user
 * key {@code i} and three bins, an int {@code i} = i, a 20-character string {@code s} =
 * {@link #text}(i) and a float {@code f} = {@link #real}(i).
 */
public final class RecordShape {
    public static final String INT_BIN = "i";
    public static final String STRING_BIN = "s";
    public static final String FLOAT_BIN = "f";

    private RecordShape() {}

    /** The 20-character string of record {@code i}. */
    public static String text(long i) {
        return String.format("s%019d", i);
    }

    /** The float of record {@code i} (exact in binary: a quarter of an integer). */
    public static double real(long i) {
        return i * 0.25;
    }

    /** Sum of the int bin over records {@code 0..n-1}. */
    public static long intSum(long n) {
        return n * (n - 1) / 2;
    }

    /** Record {@code i}'s bins, its string given (callers precompute strings outside their timers). */
    public static Bin[] bins(long i, String text) {
        return new Bin[] {new Bin(INT_BIN, i), new Bin(STRING_BIN, text), new Bin(FLOAT_BIN, real(i))};
    }
}
