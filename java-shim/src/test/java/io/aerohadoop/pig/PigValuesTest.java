package io.aerohadoop.pig;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.io.FrameCursor;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pig.data.Tuple;
import org.apache.pig.data.TupleFactory;
import org.junit.Test;

/** Pig values stored into bins: the shapes the connector cannot write are refused naming the field. */
public class PigValuesTest {
    /** 7 inside {@code depth} one-field tuples. */
    private static Object nestedTuples(int depth) throws IOException {
        Object v = 7L;
        for (int i = 0; i < depth; i++) {
            Tuple t = TupleFactory.getInstance().newTuple(1);
            t.set(0, v);
            v = t;
        }
        return v;
    }

    private static void refused(Object v, String why) {
        try {
            PigValues.toAerospike(v, "f");
            fail("stored " + v.getClass());
        } catch (IOException e) {
            assertTrue("'" + why + "' not in: " + e.getMessage(), e.getMessage().contains(why));
        }
    }

    /**
     * Tuples nest as deep as the connector writes (256 levels become 256 nested lists) and no
     * deeper; 50,000 levels (a UDF's output, say) are refused at the bound, not by a
     * StackOverflowError.
     */
    @Test
    public void tuplesNestedDeeperThanTheConnectorWritesAreRefusedNamingTheField() throws IOException {
        Object v = PigValues.toAerospike(nestedTuples(FrameCursor.MAX_DEPTH), "f");
        for (int i = 0; i < FrameCursor.MAX_DEPTH; i++) {
            assertTrue("level " + i, v instanceof List && ((List<?>) v).size() == 1);
            v = ((List<?>) v).get(0);
        }
        assertEquals(7L, v);
        refused(nestedTuples(FrameCursor.MAX_DEPTH + 1),
                "field 'f' nests tuples, bags and maps deeper than 256 (the most the connector writes and reads back)");
        refused(nestedTuples(50_000), "field 'f' nests tuples, bags and maps deeper than 256");
    }

    @Test
    public void aMapWithANullKeyIsRefusedNamingTheField() {
        Map<String, Object> m = new HashMap<>();
        m.put(null, 1L);
        refused(m, "field 'f' holds a map with a null key");
        refused(Collections.singletonMap("k", new Object()), "field 'f' holds a");
    }

    @Test
    public void aBadEscapeInALocationOptionIsRefusedNamingTheOptionAndLocation() {
        try {
            Location.parse("aerospike://test/users?bins=a%2", null, "aerospike.input.", Collections.emptySet());
            fail("parsed a bad escape");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("AerospikeStorage: option 'bins' in the location"
                    + " 'aerospike://test/users?bins=a%2' has a bad %-escape in 'a%2'"));
        }
    }
}
