package io.aerohadoop.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/** Building a test configuration and asserting its refusal, for the read and write configuration tests. */
final class ConfigCases {
    /** ReadConfig.from or WriteConfig.from. */
    interface Parser {
        void parse(Configuration c) throws IOException;
    }

    private ConfigCases() {}

    /**
     * A configuration with nothing but {@code namespaceKey=test} and the pairs given; a null value
     * unsets its key.
     */
    static Configuration conf(String namespaceKey, String... keyValues) {
        Configuration c = new Configuration(false);
        c.set(namespaceKey, "test");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                c.unset(keyValues[i]);
            } else {
                c.set(keyValues[i], keyValues[i + 1]);
            }
        }
        return c;
    }

    /** Asserts {@code c} is refused naming {@code key} and, when given, {@code value}, saying {@code why}. */
    static InvalidConfigurationException refused(Parser parser, Configuration c, String key, String value, String why)
            throws IOException {
        try {
            parser.parse(c);
        } catch (InvalidConfigurationException e) {
            assertEquals(e.getMessage(), key, e.getKey());
            assertTrue(e.getMessage(), e.getMessage().contains(key));
            if (value != null) {
                assertEquals(value, e.getValue());
                assertTrue(e.getMessage(), e.getMessage().contains("'" + value + "'"));
            }
            assertTrue("'" + why + "' not in: " + e.getMessage(), e.getMessage().contains(why));
            return e;
        }
        fail("accepted " + key + "=" + c.get(key));
        throw new AssertionError();
    }
}
