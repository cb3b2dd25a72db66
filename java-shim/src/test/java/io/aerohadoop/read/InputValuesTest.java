package io.aerohadoop.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.InvalidConfigurationException;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.Test;

public class InputValuesTest {
    private static final AerospikeKey KEY = new AerospikeKey("test", "lines", new byte[20], null);

    private static InputValues values(String... keyValues) throws IOException {
        Configuration c = new Configuration(false);
        c.set(InputKeys.NAMESPACE, "test");
        for (int i = 0; i < keyValues.length; i += 2) {
            c.set(keyValues[i], keyValues[i + 1]);
        }
        return InputValues.of(ReadConfig.from(c));
    }

    @Test
    public void theDefaultValueIsTheDecodedRecordItself() throws IOException {
        InputValues v = values();
        Writable value = v.createValue();
        assertTrue(value instanceof AerospikeRecord);
        assertTrue(v.decodesIntoValue());
        ((AerospikeRecord) value).put("a", 1L);
        assertTrue(v.fill(KEY, (AerospikeRecord) value, value));
        assertEquals(1L, ((AerospikeRecord) value).get("a"));
    }

    @Test
    public void theValueBinsStringBecomesTheText() throws IOException {
        InputValues v = values(InputKeys.VALUE_BIN, "line");
        Text text = (Text) v.createValue();
        assertFalse(v.decodesIntoValue());
        AerospikeRecord r = new AerospikeRecord().put("line", "to be or not to be").put("n", 3L);
        assertTrue(v.fill(KEY, r, text));
        assertEquals("to be or not to be", text.toString());
        r.clear();
        r.put("line", "");
        assertTrue("an empty string is a value", v.fill(KEY, r, text));
        assertEquals(0, text.getLength());
    }

    @Test
    public void aRecordWithoutTheValueBinOrWithItNilIsSkipped() throws IOException {
        InputValues v = values(InputKeys.VALUE_BIN, "line");
        Text text = (Text) v.createValue();
        text.set("previous");
        assertFalse(v.fill(KEY, new AerospikeRecord().put("other", "x"), text));
        assertFalse(v.fill(KEY, new AerospikeRecord().put("line", null), text));
        assertEquals("the skipped record left the value alone", "previous", text.toString());
    }

    @Test
    public void aValueBinHoldingAnotherTypeFailsNamingKeyRecordAndType() throws IOException {
        InputValues v = values(InputKeys.VALUE_BIN, "line");
        Object[] others = {42L, 1.5, new byte[] {1}, Arrays.asList("a"), true};
        String[] names = {"integer", "float", "blob", "list", "boolean"};
        for (int i = 0; i < others.length; i++) {
            try {
                v.fill(KEY, new AerospikeRecord().put("line", others[i]), v.createValue());
                fail("accepted a " + names[i]);
            } catch (InvalidConfigurationException e) {
                assertEquals(InputKeys.VALUE_BIN, e.getKey());
                assertEquals("line", e.getValue());
                assertTrue(e.getMessage(), e.getMessage().contains("has a value of type " + names[i] + " in this bin, not a string"));
                assertTrue(e.getMessage(), e.getMessage().contains(KEY.toString()));
            }
        }
    }

    @Test
    public void theJsonFormatWritesEveryBinIntoOneReusedText() throws IOException {
        InputValues v = values(InputKeys.VALUE_FORMAT, "json");
        Text text = (Text) v.createValue();
        assertTrue(v.fill(KEY, new AerospikeRecord().put("line", "a \"quote\"").put("n", 3L), text));
        assertEquals("{\"line\":\"a \\\"quote\\\"\",\"n\":3}", text.toString());
        Text same = text;
        assertTrue(v.fill(KEY, new AerospikeRecord(), text));
        assertSame(same, text);
        assertEquals("{}", text.toString());
    }
}
