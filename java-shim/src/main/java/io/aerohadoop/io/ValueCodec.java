package io.aerohadoop.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.WritableUtils;

/**
 * The Writable encoding of one bin value (and of user keys): a tag byte ({@link Values}) and its
 * payload, lengths and counts as Hadoop vints, strings as UTF-8. Lists and maps nest, at most
 * {@link FrameCursor#MAX_DEPTH} deep as everywhere in the connector: deeper is refused both ways,
 * so that corrupt bytes are an {@code IOException}, not a {@code StackOverflowError}.
 */
final class ValueCodec {
    private ValueCodec() {}

    static void write(DataOutput out, Object v) throws IOException {
        write(out, v, 0);
    }

    private static void write(DataOutput out, Object v, int depth) throws IOException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw new IOException("lists and maps nested deeper than " + FrameCursor.MAX_DEPTH
                    + " (the most the connector writes and reads back)");
        }
        int tag = Values.tagOf(v);
        out.writeByte(tag);
        switch (tag) {
            case Values.NIL:
                break;
            case Values.INT:
                out.writeLong(((Number) v).longValue());
                break;
            case Values.FLOAT:
                out.writeDouble(((Number) v).doubleValue());
                break;
            case Values.STRING:
                writeString(out, (String) v);
                break;
            case Values.BLOB:
                writeBytes(out, (byte[]) v);
                break;
            case Values.BOOL:
                out.writeBoolean((Boolean) v);
                break;
            case Values.LIST: {
                List<?> list = (List<?>) v;
                WritableUtils.writeVInt(out, list.size());
                for (Object e : list) {
                    write(out, e, depth + 1);
                }
                break;
            }
            case Values.MAP: {
                Map<?, ?> map = (Map<?, ?>) v;
                WritableUtils.writeVInt(out, map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    write(out, e.getKey(), depth + 1);
                    write(out, e.getValue(), depth + 1);
                }
                break;
            }
            case Values.GEOJSON:
                writeString(out, ((GeoJson) v).json());
                break;
            case Values.HLL:
                writeBytes(out, ((HyperLogLog) v).bytes());
                break;
            default:
                throw new IllegalStateException("tag " + tag);
        }
    }

    static Object read(DataInput in) throws IOException {
        return read(in, 0);
    }

    private static Object read(DataInput in, int depth) throws IOException {
        if (depth > FrameCursor.MAX_DEPTH) {
            throw new IOException("corrupt AerospikeRecord data: lists and maps nested deeper than "
                    + FrameCursor.MAX_DEPTH);
        }
        int tag = in.readUnsignedByte();
        switch (tag) {
            case Values.NIL:
                return null;
            case Values.INT:
                return in.readLong();
            case Values.FLOAT:
                return in.readDouble();
            case Values.STRING:
                return readString(in);
            case Values.BLOB:
                return readBytes(in);
            case Values.BOOL:
                return in.readBoolean();
            case Values.LIST: {
                int n = readCount(in);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(in, depth + 1));
                }
                return list;
            }
            case Values.MAP: {
                int n = readCount(in);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = read(in, depth + 1);
                    map.put(k, read(in, depth + 1));
                }
                return map;
            }
            case Values.GEOJSON:
                return new GeoJson(readString(in));
            case Values.HLL:
                return new HyperLogLog(readBytes(in));
            default:
                throw new IOException("corrupt AerospikeRecord data: unknown value tag " + tag);
        }
    }

    static void writeString(DataOutput out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInput in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        WritableUtils.writeVInt(out, b.length);
        out.write(b);
    }

    /**
     * A length-prefixed byte string. The length is the data's own claim: the array grows as the
     * bytes arrive (from {@value #FIRST_CHUNK} bytes, doubling), so a corrupt length ends in an
     * {@code EOFException} where the data does, not in an allocation of up to 2 GB.
     */
    private static byte[] readBytes(DataInput in) throws IOException {
        int n = readCount(in);
        byte[] b = new byte[Math.min(n, FIRST_CHUNK)];
        int have = 0;
        while (true) {
            in.readFully(b, have, b.length - have);
            have = b.length;
            if (have == n) {
                return b;
            }
            b = Arrays.copyOf(b, (int) Math.min(n, 2L * have));
        }
    }

    private static final int FIRST_CHUNK = 1 << 16;

    static int readCount(DataInput in) throws IOException {
        int n = WritableUtils.readVInt(in);
        if (n < 0) {
            throw new IOException("corrupt AerospikeRecord data: negative length " + n);
        }
        return n;
    }
}
