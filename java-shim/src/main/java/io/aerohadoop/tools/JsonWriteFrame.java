package io.aerohadoop.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.ByteSink;
import io.aerohadoop.io.FrameCursor;
import io.aerohadoop.io.NameBytes;
import io.aerohadoop.io.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A typed JSON line ({@link TypedJson}) straight to one record of the write frame, with a
 * streaming parser and no objects per value: the record the object path (TypedJson.decode, the
 * target set, the writer's mapping and encoder) produces for the same line.
 *
 * <p>Only the common shape is transcoded; {@link #transcode} answers false for anything else, and
 * the caller takes the object path for that line, which then decides exactly as before: lines
 * that are malformed in any way (so the error message is the object path's), {@code $map} values
 * and repeated keys in an object (a map keeps one entry per key by Java equality), a repeated
 * {@code bins} field, names or counts beyond the frame's limits. Unit tests compare the bytes
 * with the object path's for every sample value.
 *
 * <p>Not thread-safe; one per map task.
 */
final class JsonWriteFrame {
    private static final int MAX_U16 = 0xffff;
    /** Base64 (RFC 4648 basic alphabet) character to its 6 bits, -1 for others. */
    private static final int[] BASE64 = new int[128];

    static {
        java.util.Arrays.fill(BASE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = i;
        }
    }

    private final String writerSet;
    private final String targetSet;
    private final ByteSink out = new ByteSink(4096);
    private final ByteSink bins = new ByteSink(4096);
    private final ByteSink userKey = new ByteSink(64);
    private final byte[] digest = new byte[AerospikeKey.DIGEST_LENGTH];
    private final NameBytes nameBytes = new NameBytes();
    /** Keys seen in the object being read, one list per nesting depth (reused). */
    private final List<Keys> seen = new ArrayList<>();
    private int ttl;
    /** Re-pointed at each line after a line it read to the end; null after any other. */
    private LineJsonParsers.LineParser parser;

    /**
     * @param writerSet the writer's set ({@code aerospike.output.setname}), or null
     * @param targetSet the set every record goes to (import --set), or null: each keeps its own
     */
    JsonWriteFrame(String writerSet, String targetSet) {
        this.writerSet = writerSet;
        this.targetSet = targetSet;
    }

    /** Not for the fast path: the caller takes the object path. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }

    /**
     * Transcodes one line (UTF-8, without its line break) into {@link #record()} and {@link #ttl()}.
     *
     * @return false if this line is for the object path (malformed, or a shape transcoded only
     *     there); {@link #record()} is then undefined
     */
    boolean transcode(byte[] line, int offset, int length) {
        // The object path decodes the line as UTF-8 text first; Jackson on bytes would also detect
        // UTF-16/32 and skip a byte order mark. Such lines are the object path's.
        for (int i = offset; i < offset + Math.min(4, length); i++) {
            if (line[i] == 0 || (line[i] & 0xff) >= 0xef) {
                return false;
            }
        }
        if (!LineJsonParsers.REUSABLE) {
            try (JsonParser p = LineJsonParsers.plain(line, offset, length)) {
                return parse(p) && p.nextToken() == null;
            } catch (Declined | IOException | RuntimeException e) {
                return false;
            }
        }
        try {
            LineJsonParsers.LineParser p = parser;
            if (p == null) {
                p = LineJsonParsers.create(line, offset, length);
                parser = p;
            } else {
                p.reset(line, offset, length);
            }
            if (parse(p) && onlySpaceAfter(line, p.position(), offset + length)) {
                return true;
            }
        } catch (Declined | IOException | RuntimeException e) {
            // declined below
        }
        // Read only partly (or past a value that is not the line's only one): a new parser next time.
        close();
        return false;
    }

    /** Releases the parser's buffers; the next {@link #transcode} creates a new one. */
    void close() {
        LineJsonParsers.LineParser p = parser;
        parser = null;
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                // A parser over a byte array has nothing to close that could fail.
            }
        }
    }

    /**
     * Whether only JSON whitespace follows the value: what a parser's next token at the end of
     * the line, null, means (anything else is another token, a comment or an error — the object
     * path's). Checked on the bytes so that the parser never reaches the end of its input, where
     * it would close itself.
     */
    private static boolean onlySpaceAfter(byte[] line, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The write frame record of the last successful {@link #transcode}. */
    ByteSink record() {
        return out;
    }

    /** The record's TTL as the line gives it ({@link AerospikeRecord#NEVER_EXPIRES} if none). */
    int ttl() {
        return ttl;
    }

    private boolean parse(JsonParser p) throws IOException, Declined {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw Declined.INSTANCE;
        }
        boolean haveNamespace = false;
        boolean haveDigest = false;
        boolean haveBins = false;
        boolean haveKey = false;
        String set = null;
        int generation = 0;
        int recordTtl = AerospikeRecord.NEVER_EXPIRES;
        int binCount = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.getCurrentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "namespace":
                    expect(t, JsonToken.VALUE_STRING);
                    haveNamespace = true;
                    break;
                case "set":
                    // As TypedJson.decode: null leaves the set as it was.
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.VALUE_STRING);
                        set = p.getText();
                    }
                    break;
                case "digest": {
                    expect(t, JsonToken.VALUE_STRING);
                    if (!digest(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())) {
                        byte[] d = Base64.getDecoder().decode(p.getText());
                        if (d.length != AerospikeKey.DIGEST_LENGTH) {
                            throw Declined.INSTANCE;
                        }
                        System.arraycopy(d, 0, digest, 0, d.length);
                    }
                    haveDigest = true;
                    break;
                }
                case "key":
                    userKey.clear();
                    haveKey = t != JsonToken.VALUE_NULL;
                    if (haveKey) {
                        int tag = value(p, t, userKey, 0);
                        if (tag != Values.INT && tag != Values.STRING && tag != Values.BLOB) {
                            throw Declined.INSTANCE;
                        }
                    }
                    break;
                case "generation":
                    expect(t, JsonToken.VALUE_NUMBER_INT);
                    generation = p.getIntValue();
                    // No record has it (16 bits): the object path decides, naming the key under a
                    // generation policy, which the native writer could only do by record number.
                    if (!AerospikeRecord.isRecordGeneration(generation)) {
                        throw Declined.INSTANCE;
                    }
                    break;
                case "ttl":
                    expect(t, JsonToken.VALUE_NUMBER_INT);
                    recordTtl = p.getIntValue();
                    break;
                case "bins":
                    expect(t, JsonToken.START_OBJECT);
                    if (haveBins) {
                        throw Declined.INSTANCE; // the last one would replace the first
                    }
                    haveBins = true;
                    binCount = bins(p);
                    break;
                default:
                    throw Declined.INSTANCE;
            }
        }
        // What follows the object is checked by the caller: nothing but JSON whitespace.
        if (!haveNamespace || !haveDigest || !haveBins) {
            throw Declined.INSTANCE;
        }

        // The key as the target set and the writer's mapping make it.
        if (targetSet != null && !targetSet.equals(set)) {
            set = targetSet;
        }
        String recordSet = set != null && !set.equals(writerSet) ? set : null;
        ByteSink o = out;
        o.clear();
        o.write((haveKey ? 1 : 2) | (recordSet != null ? 4 : 0));
        if (recordSet != null) {
            byte[] s = recordSet.getBytes(StandardCharsets.UTF_8);
            if (s.length > MAX_U16) {
                throw Declined.INSTANCE;
            }
            o.writeShortBE(s.length);
            o.write(s);
        }
        if (haveKey) {
            o.write(userKey.array(), 0, userKey.length());
        } else {
            o.write(digest);
        }
        o.writeIntBE(generation);
        o.writeShortBE(binCount);
        o.write(bins.array(), 0, bins.length());
        ttl = recordTtl;
        return true;
    }

    /**
     * The digest's usual text, 27 base64 characters and '=' (what the export writes), decoded into
     * {@link #digest} without a String; false for any other text, which Base64's decoder then takes.
     */
    private boolean digest(char[] chars, int from, int length) {
        if (length != 28 || chars[from + 27] != '=') {
            return false;
        }
        int acc = 0;
        int bits = 0;
        int out = 0;
        for (int i = 0; i < 27; i++) {
            int v = BASE64[chars[from + i] & 0x7f];
            if (v < 0 || chars[from + i] >= 0x80) {
                return false;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                digest[out++] = (byte) (acc >> bits);
            }
        }
        // 27 × 6 = 162 bits: 20 bytes and 2 bits, which Base64's decoder ignores too.
        return out == AerospikeKey.DIGEST_LENGTH;
    }

    /** The bins object's fields into {@link #bins}; returns their count. */
    private int bins(JsonParser p) throws IOException, Declined {
        ByteSink b = bins;
        b.clear();
        Keys names = seenAt(0);
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            if (!names.add(name)) {
                throw Declined.INSTANCE;
            }
            byte[] utf8 = nameBytes.of(name);
            if (utf8.length > MAX_U16) {
                throw Declined.INSTANCE;
            }
            b.writeShortBE(utf8.length);
            b.write(utf8);
            value(p, p.nextToken(), b, 1);
            count++;
        }
        if (count > MAX_U16) {
            throw Declined.INSTANCE;
        }
        return count;
    }

    /** One value in the frame's encoding (as WriteFrameEncoder writes the decoded value); returns its tag. */
    private int value(JsonParser p, JsonToken t, ByteSink o, int depth) throws IOException, Declined {
        // Past the frames' nesting bound the object path says what is wrong with the line (a
        // bin's value is at depth 1 here, at 0 in the frame).
        if (t == null || depth - 1 > FrameCursor.MAX_DEPTH) {
            throw Declined.INSTANCE;
        }
        switch (t) {
            case VALUE_NULL:
                o.write(Values.NIL);
                return Values.NIL;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw Declined.INSTANCE;
                }
                o.write(Values.INT);
                o.writeLongBE(p.getLongValue());
                return Values.INT;
            case VALUE_NUMBER_FLOAT:
                o.write(Values.FLOAT);
                o.writeLongBE(Double.doubleToRawLongBits(Double.parseDouble(p.getText())));
                return Values.FLOAT;
            case VALUE_STRING:
                o.write(Values.STRING);
                utf8(p, o);
                return Values.STRING;
            case VALUE_TRUE:
                o.write(Values.BOOL);
                o.write(1);
                return Values.BOOL;
            case VALUE_FALSE:
                o.write(Values.BOOL);
                o.write(0);
                return Values.BOOL;
            case START_ARRAY: {
                o.write(Values.LIST);
                int at = o.length();
                o.writeIntBE(0);
                int n = 0;
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    value(p, item, o, depth + 1);
                    n++;
                }
                o.patchIntBE(at, n);
                return Values.LIST;
            }
            case START_OBJECT:
                return object(p, o, depth);
            default:
                throw Declined.INSTANCE;
        }
    }

    /** An object: a tagged value ({"$blob": ...}) or a map of string keys. */
    private int object(JsonParser p, ByteSink o, int depth) throws IOException, Declined {
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME && p.getCurrentName().startsWith("$")) {
            int tag = tagged(p, p.getCurrentName(), p.nextToken(), o);
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw Declined.INSTANCE;
            }
            return tag;
        }
        o.write(Values.MAP);
        int at = o.length();
        o.writeIntBE(0);
        Keys keys = seenAt(depth);
        int n = 0;
        while (t == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            if (!keys.add(name)) {
                throw Declined.INSTANCE;
            }
            o.write(Values.STRING);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            o.writeIntBE(utf8.length);
            o.write(utf8);
            value(p, p.nextToken(), o, depth + 1);
            n++;
            t = p.nextToken();
        }
        if (t != JsonToken.END_OBJECT) {
            throw Declined.INSTANCE;
        }
        o.patchIntBE(at, n);
        return Values.MAP;
    }

    private static int tagged(JsonParser p, String tag, JsonToken t, ByteSink o) throws IOException, Declined {
        expect(t, JsonToken.VALUE_STRING);
        switch (tag) {
            case TypedJson.BLOB:
                writeLengthAndBytes(o, Values.BLOB, Base64.getDecoder().decode(p.getText()));
                return Values.BLOB;
            case TypedJson.HLL:
                writeLengthAndBytes(o, Values.HLL, Base64.getDecoder().decode(p.getText()));
                return Values.HLL;
            case TypedJson.GEOJSON:
                o.write(Values.GEOJSON);
                utf8(p, o);
                return Values.GEOJSON;
            case TypedJson.FLOAT: {
                double d;
                switch (p.getText()) {
                    case "NaN":
                        d = Double.NaN;
                        break;
                    case "Infinity":
                        d = Double.POSITIVE_INFINITY;
                        break;
                    case "-Infinity":
                        d = Double.NEGATIVE_INFINITY;
                        break;
                    default:
                        throw Declined.INSTANCE;
                }
                o.write(Values.FLOAT);
                o.writeLongBE(Double.doubleToRawLongBits(d));
                return Values.FLOAT;
            }
            default:
                // $map (its keys are values, equal by Java equality) and unknown tags.
                throw Declined.INSTANCE;
        }
    }

    private static void expect(JsonToken t, JsonToken wanted) throws Declined {
        if (t != wanted) {
            throw Declined.INSTANCE;
        }
    }

    /** The current string as u32 length and UTF-8 bytes, as String.getBytes(UTF_8) gives them. */
    private static void utf8(JsonParser p, ByteSink o) throws IOException {
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        int n = p.getTextLength();
        for (int i = 0; i < n; i++) {
            if (chars[from + i] >= 0x80) {
                byte[] b = new String(chars, from, n).getBytes(StandardCharsets.UTF_8);
                o.writeIntBE(b.length);
                o.write(b);
                return;
            }
        }
        o.writeIntBE(n);
        o.ensure(n);
        byte[] a = o.array();
        int at = o.length();
        for (int i = 0; i < n; i++) {
            a[at + i] = (byte) chars[from + i];
        }
        o.advance(n);
    }

    private static void writeLengthAndBytes(ByteSink o, int tag, byte[] b) {
        o.write(tag);
        o.writeIntBE(b.length);
        o.write(b);
    }



    private Keys seenAt(int depth) {
        while (seen.size() <= depth) {
            seen.add(new Keys());
        }
        Keys k = seen.get(depth);
        k.clear();
        return k;
    }

    /**
     * The keys of one object so far, to find a repeated one: a linear scan while there are few (a
     * record's handful of bins), a hash set beyond.
     */
    private static final class Keys {
        private static final int LINEAR = 16;
        private final String[] few = new String[LINEAR];
        private final Set<String> many = new HashSet<>();
        private int count;

        void clear() {
            if (count > LINEAR) {
                many.clear();
            }
            count = 0;
        }

        /** False if {@code key} was added before. */
        boolean add(String key) {
            if (count < LINEAR) {
                for (int i = 0; i < count; i++) {
                    if (few[i].equals(key)) {
                        return false;
                    }
                }
                few[count++] = key;
                return true;
            }
            if (count == LINEAR) {
                for (String k : few) {
                    many.add(k);
                }
            }
            if (!many.add(key)) {
                return false;
            }
            count++;
            return true;
        }
    }
}
