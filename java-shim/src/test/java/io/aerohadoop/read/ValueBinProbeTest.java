package io.aerohadoop.read;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.exp.Exp;
import org.junit.Test;

public class ValueBinProbeTest {
    @Test
    public void theProbeFilterIsExactlyWhatTheJavaClientEncodes() {
        for (String bin : new String[] {"line", "x", "fifteen_chars__", "ünï"}) {
            String expected = Exp.build(Exp.eq(Exp.binType(bin), Exp.val(3))).getBase64();
            assertEquals(bin, expected, ValueBinProbe.stringBinFilter(bin));
        }
    }
}
