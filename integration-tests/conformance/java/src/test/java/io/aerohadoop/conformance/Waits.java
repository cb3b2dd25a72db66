package io.aerohadoop.conformance;

import java.util.function.BooleanSupplier;

/** Polling for conditions that become true asynchronously (client tending, expiry). */
final class Waits {
    private Waits() {}

    static void until(BooleanSupplier condition, long timeoutMs, String what) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
