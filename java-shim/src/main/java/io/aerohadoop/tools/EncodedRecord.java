package io.aerohadoop.tools;

import io.aerohadoop.io.ByteSink;

/**
 * One record already in the write frame's record layout, with the TTL it carries: what the
 * import's transcoding mappers hand {@link EncodedRecordOutputFormat}. Never leaves the task (a
 * map-only job's output format takes it as the mapper wrote it), so it is no Writable. Mutable and
 * reused; the bytes are the mapper's until the next record.
 */
public final class EncodedRecord {
    private ByteSink bytes;
    private int ttl;

    /** Points at {@code record} (not copied) with the record's own TTL. */
    EncodedRecord set(ByteSink record, int ttl) {
        this.bytes = record;
        this.ttl = ttl;
        return this;
    }

    ByteSink bytes() {
        return bytes;
    }

    /** The TTL the record carries ({@link io.aerohadoop.io.AerospikeRecord#ttl()}). */
    int ttl() {
        return ttl;
    }
}
