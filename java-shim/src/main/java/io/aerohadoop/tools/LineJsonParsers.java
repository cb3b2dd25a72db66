package io.aerohadoop.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.JsonReadContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jackson's UTF-8 byte parser, re-pointed at one line after another. Creating and closing a
 * parser per line (its context, text buffer, symbol table child, buffers from and back to the
 * recycler) cost about a sixth of the JSON import's time, and the Jackson Hadoop ships (2.12)
 * cannot re-target a parser to new input. A parser that has read a value to its end is back in
 * its root context with no token pending; {@link LineParser#reset} then puts it in the state its
 * constructor leaves for the new line. After a line it did not read to the end (an error, or a
 * shape the caller declined) the caller closes it and asks for a new one.
 *
 * <p>The input is UTF-8 without a byte order mark: the caller checks that, which is what the
 * factory's encoding detection would find for it.
 *
 * <p>{@link #reset} sets protected fields of Jackson's parser, and the Jackson on a job's
 * classpath is whatever Hadoop, Hive or Spark brings (2.12 to 2.17 here). So {@link #REUSABLE}
 * checks once, on sample lines, that a re-pointed parser reads exactly as a new one; if not (or if
 * this Jackson lacks a field), callers take a new plain parser per line, as before.
 */
final class LineJsonParsers {
    private static final Logger LOG = LoggerFactory.getLogger(LineJsonParsers.class);
    private static final JsonFactory PLAIN = new JsonFactory();
    private static final Factory FACTORY = newFactory();
    /** Whether {@link #create} and {@link LineParser#reset} work with this Jackson. */
    static final boolean REUSABLE = FACTORY != null && probe();

    private LineJsonParsers() {}

    /** A new parser over {@code line[offset, offset + length)}; only if {@link #REUSABLE}. */
    static LineParser create(byte[] line, int offset, int length) throws IOException {
        return (LineParser) FACTORY.createParser(line, offset, length);
    }

    /** Jackson's own parser over {@code line[offset, offset + length)}, for one line. */
    static JsonParser plain(byte[] line, int offset, int length) throws IOException {
        return PLAIN.createParser(line, offset, length);
    }

    private static Factory newFactory() {
        try {
            return new Factory();
        } catch (LinkageError e) {
            LOG.info("JSON import: a new parser per line (this Jackson, {}, has no re-pointable parser: {})",
                    PLAIN.version(), e.toString());
            return null;
        }
    }

    /**
     * Reads sample lines with one parser re-pointed between them, and each with a new plain
     * parser: the same tokens, texts and end positions, or false.
     */
    private static boolean probe() {
        String[] samples = {
            "{\"namespace\":\"test\",\"bins\":{\"a\":[1,-2.5e3,\"x\\u00e9\",true,null],\"b\":{\"c\":\"d\"}}}",
            "  {\"bins\":{\"s\":\"\u00e9\u4e2d\",\"n\":12345678901234,\"e\":{},\"l\":[[]]},\"namespace\":\"t\"} ",
            "{\"a\":\"" + "y".repeat(300) + "\",\"b\":0.1}",
        };
        try {
            LineParser reused = null;
            for (int i = 0; i < samples.length; i++) {
                byte[] utf8 = samples[i].getBytes(StandardCharsets.UTF_8);
                byte[] padded = new byte[utf8.length + 2 * i + 3];
                System.arraycopy(utf8, 0, padded, i + 1, utf8.length);
                if (reused == null) {
                    reused = create(padded, i + 1, utf8.length);
                } else {
                    reused.reset(padded, i + 1, utf8.length);
                }
                String expected;
                try (JsonParser fresh = plain(padded, i + 1, utf8.length)) {
                    expected = tokens(fresh);
                }
                String got = tokens(reused);
                if (!got.equals(expected)) {
                    LOG.info("JSON import: a new parser per line (a re-pointed parser of this Jackson, {}, read {} as {}, "
                            + "a new one as {})", PLAIN.version(), samples[i], got, expected);
                    return false;
                }
            }
            reused.close();
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.info("JSON import: a new parser per line (this Jackson, {}, failed a re-pointed parser: {})",
                    PLAIN.version(), e.toString());
            return false;
        }
    }

    /** One value's tokens with their texts, and the byte offset after it; stops at the value's end. */
    private static String tokens(JsonParser p) throws IOException {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        do {
            JsonToken t = p.nextToken();
            if (t == null) {
                return s.append("<end of input>").toString();
            }
            s.append(t).append('=').append(p.getText()).append(' ');
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
        } while (depth > 0);
        return s.append("@").append(p.getCurrentLocation().getByteOffset()).toString();
    }

    /** The factory's settings (features, symbol table, read constraints) with a re-pointable parser. */
    private static final class Factory extends JsonFactory {
        private static final long serialVersionUID = 1L;

        @Override
        protected LineParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
            return new LineParser(ctxt, _parserFeatures, _objectCodec, _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
                    data, offset, offset + len);
        }
    }

    /** The parser; {@link #reset} only after a value read to its end. */
    static final class LineParser extends UTF8StreamJsonParser {
        @SuppressWarnings("deprecation") // the constructor 2.12 has; its successors add an argument
        LineParser(IOContext ctxt, int features, ObjectCodec codec, ByteQuadsCanonicalizer symbols, byte[] data,
                int start, int end) {
            super(ctxt, features, null, codec, symbols, data, start, end, false);
        }

        /** Points the parser at {@code line[offset, offset + length)} as a new parser over it starts. */
        void reset(byte[] line, int offset, int length) {
            _inputBuffer = line;
            _inputPtr = offset;
            _inputEnd = offset + length;
            _currInputProcessed = -offset;
            _currInputRow = 1;
            _currInputRowStart = offset;
            _parsingContext = JsonReadContext.createRootContext(null);
            _currToken = null;
            _nextToken = null;
            _tokenIncomplete = false;
            _nameCopied = false;
            _binaryValue = null;
            _numTypesValid = NR_UNKNOWN;
            _textBuffer.resetWithEmpty();
        }

        /** The offset of the next unread byte. */
        int position() {
            return _inputPtr;
        }
    }
}
