package io.aerohadoop.io;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The UTF-8 bytes of bin names, kept: names repeat from record to record, so the frame encoders
 * encode each once. Bounded (cleared past {@value #LIMIT} names) for jobs whose names never repeat.
 * Not thread-safe; one per encoder.
 */
public final class NameBytes {
    private static final int LIMIT = 4096;

    private final Map<String, byte[]> bytes = new HashMap<>();

    public byte[] of(String name) {
        byte[] b = bytes.get(name);
        if (b == null) {
            b = name.getBytes(StandardCharsets.UTF_8);
            if (bytes.size() >= LIMIT) {
                bytes.clear();
            }
            bytes.put(name, b);
        }
        return b;
    }
}
