package io.aerohadoop.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.io.GeoJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import org.junit.Test;

/** The TSV/CSV column mapping of import: spec errors name the column, fields parse to their types. */
public class ColumnMappingTest {
    @Test
    public void fieldsBecomeBinsOfTheirTypesAndTheKeyColumnTheUserKey() throws Exception {
        ColumnMapping m = ColumnMapping.parse("_key:int, name ,age:int,score:float,ok:bool,pic:blob,where:geojson,"
                + "tags:json,_skip");
        AerospikeRecord r = new AerospikeRecord();
        Object key = m.fill(Arrays.asList("42", "Ada", "36", "1", "TRUE", "AAE=", "{\"type\":\"Point\"}",
                "[1,{\"$blob\":\"AQ==\"}]", "ignored"), r);
        assertEquals(42L, key);
        assertEquals("Ada", r.get("name"));
        assertEquals(36L, r.get("age"));
        assertEquals(1.0, r.get("score"));
        assertEquals(Boolean.TRUE, r.get("ok"));
        assertArrayEquals(new byte[] {0, 1}, (byte[]) r.get("pic"));
        assertEquals(new GeoJson("{\"type\":\"Point\"}"), r.get("where"));
        assertEquals(2, ((java.util.List<?>) r.get("tags")).size());
        assertEquals(7, r.bins().size());
        assertFalse(r.bins().containsKey("_skip"));
    }

    @Test
    public void emptyFieldsWriteNoBinExceptStrings() throws Exception {
        ColumnMapping m = ColumnMapping.parse("_key,s,n:int");
        AerospikeRecord r = new AerospikeRecord();
        assertEquals("k", m.fill(Arrays.asList("k", "", ""), r));
        assertEquals(Collections.singletonMap("s", ""), r.bins());
    }

    @Test
    public void badFieldsNameTheirColumnAndValue() throws Exception {
        ColumnMapping m = ColumnMapping.parse("_key:int,n:int,f:float,b:bool");
        String[][] cases = {
            {"expected 4 fields, found 3", "1", "2", "3.0"},
            {"column 2 (n:int): 'x' is not a 64-bit integer", "1", "x", "1", "true"},
            {"column 3 (f:float): 'one' is not a number", "1", "2", "one", "true"},
            {"column 4 (b:bool): 'yes' is not true or false", "1", "2", "1", "yes"},
            {"column 1 (_key) is empty", "", "2", "1", "true"},
        };
        for (String[] c : cases) {
            try {
                m.fill(Arrays.asList(c).subList(1, c.length), new AerospikeRecord());
                fail("accepted " + Arrays.toString(c));
            } catch (IOException e) {
                assertEquals(c[0], e.getMessage());
            }
        }
    }

    @Test
    public void badSpecsAreRefusedNamingTheColumn() {
        String[][] cases = {
            {"a,b", "--columns: no _key column (the column holding each record's user key)"},
            {"_key,_key:int", "--columns: column 2 ('_key:int'): a second _key column"},
            {"_key:float", "--columns: column 1 ('_key:float'): a user key is a string, an int or a blob"},
            {"_key,x:date", "--columns: column 2 ('x:date'): unknown type 'date'"
                + " (string, int, float, bool, blob, geojson, json)"},
            {"_key,,b", "--columns: column 2 ('') has no name"},
            {"_key,a,a", "--columns: column 3 ('a'): bin 'a' appears twice"},
            {"_key,abcdefghijklmnop", "--columns: column 2 ('abcdefghijklmnop'): a bin name has at most 15 bytes"},
        };
        for (String[] c : cases) {
            try {
                ColumnMapping.parse(c[0]);
                fail("accepted " + c[0]);
            } catch (UsageException e) {
                assertEquals(c[1], e.getMessage());
            }
        }
    }

    @Test
    public void csvQuotingFollowsRfc4180AndTsvSplitsAtEveryTab() throws Exception {
        assertEquals(Arrays.asList("a", "b, \"c\"", "", "d"), ColumnMapping.split("a,\"b, \"\"c\"\"\",,d", ',', true));
        assertEquals(Arrays.asList("", ""), ColumnMapping.split(",", ',', true));
        assertEquals(Arrays.asList("a\"b", "", "c"), ColumnMapping.split("a\"b\t\tc", '\t', false));
        try {
            ColumnMapping.split("a,\"open", ',', true);
            fail("accepted an open quote");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not closed"));
        }
        try {
            ColumnMapping.split("\"a\"b,c", ',', true);
            fail("accepted text after a quoted field");
        } catch (IOException e) {
            assertEquals("text after a quoted field at character 4", e.getMessage());
        }
    }
}
