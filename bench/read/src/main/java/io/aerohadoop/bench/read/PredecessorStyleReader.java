package io.aerohadoop.bench.read;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.policy.ScanPolicy;
import com.aerospike.client.query.PartitionFilter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A record reader built the way aerospike-hadoop's (aerospike-community/aerospike-hadoop,
 * {@code AerospikeRecordReader}) is: a scan thread of the Java client whose callback copies each
 * record into a new key/record pair and puts it into a bounded {@link ArrayBlockingQueue}; the
 * task's {@code next} takes one pair per call and copies it into the reused key and value.
 *
 * <p>Two things differ, both in its favour: it scans partitions ({@code scanPartitions}, what the
 * client offers today) instead of {@code scanNode}, and an empty queue is waited on with a timed
 * {@code poll} instead of a one-second sleep, so a momentarily empty queue costs no idle second.
 */
final class PredecessorStyleReader implements AutoCloseable {
    /** What the scan callback copies a record into (the predecessor's key/record pair). */
    private static final class Pair {
        final CopiedKey key;
        final CopiedRecord record;

        Pair(CopiedKey key, CopiedRecord record) {
            this.key = key;
            this.record = record;
        }
    }

    /** The key as the predecessor's writable holds it: namespace, set, digest, user key. */
    static final class CopiedKey {
        String namespace;
        String set;
        byte[] digest;
        Object userKey;

        void set(CopiedKey other) {
            namespace = other.namespace;
            set = other.set;
            digest = other.digest;
            userKey = other.userKey;
        }

        static CopiedKey of(Key key) {
            CopiedKey k = new CopiedKey();
            k.namespace = key.namespace;
            k.set = key.setName;
            k.digest = key.digest;
            k.userKey = key.userKey == null ? null : key.userKey.getObject();
            return k;
        }
    }

    /** The record as the predecessor's writable holds it: a copy of the bins, generation, expiration. */
    static final class CopiedRecord {
        Map<String, Object> bins = new HashMap<>();
        int generation;
        int expiration;

        void set(CopiedRecord other) {
            bins = other.bins;
            generation = other.generation;
            expiration = other.expiration;
        }

        static CopiedRecord of(Record record) {
            CopiedRecord r = new CopiedRecord();
            r.bins = new HashMap<>(record.bins);
            r.generation = record.generation;
            r.expiration = record.expiration;
            return r;
        }
    }

    /** Thrown into the client's scan to end it when the reader is closed early. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(Throwable cause) {
            super(cause);
        }
    }

    private final ArrayBlockingQueue<Pair> queue;
    private final Thread scanner;
    private volatile boolean finished;
    private volatile Throwable failure;

    PredecessorStyleReader(AerospikeClient client, String namespace, String set, int queueCapacity) {
        queue = new ArrayBlockingQueue<>(queueCapacity);
        scanner = new Thread(() -> {
            try {
                client.scanPartitions(new ScanPolicy(), PartitionFilter.all(), namespace, set, (key, record) -> {
                    try {
                        queue.put(new Pair(CopiedKey.of(key), CopiedRecord.of(record)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Stopped(e);
                    }
                });
            } catch (Throwable t) {
                failure = t;
            } finally {
                finished = true;
            }
        }, "predecessor-scan");
        scanner.setDaemon(true);
        scanner.start();
    }

    /** The next record copied into {@code key} and {@code value}; false at the end of the scan. */
    synchronized boolean next(CopiedKey key, CopiedRecord value) throws IOException {
        try {
            while (true) {
                Pair pair = queue.poll(100, TimeUnit.MILLISECONDS);
                if (pair != null) {
                    key.set(pair.key);
                    value.set(pair.record);
                    return true;
                }
                if (failure != null) {
                    throw new IOException("scan failed", failure);
                }
                // The scan thread puts its last pair before it says it is finished.
                if (finished && queue.isEmpty()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        scanner.interrupt();
        scanner.join();
    }
}
