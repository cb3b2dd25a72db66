package io.aerohadoop.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a fresh child JVM by {@link NativeLibraryTest}: eight threads race to be the first to load
 * the library; prints how many distinct outcomes they saw and where the library came from.
 */
public final class LoadProbe {
    private static final int THREADS = 8;

    private LoadProbe() {}

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Set<String> outcomes = new HashSet<>();
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = new Thread(() -> {
                String outcome;
                try {
                    start.await();
                    NativeLibrary.load();
                    outcome = NativeLibrary.loadedFrom() + " " + NativeLibrary.nativeVersion();
                } catch (Throwable t) {
                    outcome = "failed: " + t;
                }
                synchronized (outcomes) {
                    outcomes.add(outcome);
                }
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("outcomes=" + outcomes.size());
        System.out.println("from=" + NativeLibrary.loadedFrom());
        System.out.println("version=" + NativeLibrary.nativeVersion());
    }
}
