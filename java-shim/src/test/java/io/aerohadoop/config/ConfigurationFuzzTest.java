package io.aerohadoop.config;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

/**
 * ReadConfig and WriteConfig under random values: every documented key of the direction gets
 * random strings (numbers at and past every bound, enum-like words, names with separators and
 * control characters, base64-ish text, blanks, unicode). Each configuration is either accepted or
 * refused with an {@link InvalidConfigurationException} that names one of the keys set (or the
 * password key, for a user set alone) and never shows the password; any other exception fails the
 * test with the seed and the configuration. {@code -Daerohadoop.config.seed=<n>} replays a run.
 */
public class ConfigurationFuzzTest {
    private static final int CONFIGURATIONS = 20_000;
    private static final String SECRET = "fuzz-Secret-9";
    private static final String[] WORDS = {"", " ", "0", "1", "-1", "-2", "-3", "2147483647", "2147483648",
        "-2147483649", "9223372036854775807", "9223372036854775808", "65535", "65536", "4096", "4097", "1e3", "0x10",
        "true", "false", "TRUE", "yes", "scan", "numrange", "NumRange", "partitions", "node", "record", "json", "map",
        "bin_text", "update", "replace_only", "create_only", "none", "expect_equal", "expect_greater", "a:b", "a;b",
        "a,b,,c", "127.0.0.1:3000", "[::1]:3000", "[::1", "host name", "wQ==", "kxAB", "====", "n",
        "sixteen_bytes_xx", "\u0000", "\t", "é", "日本語", "\uD83D\uDE00"};

    private static String randomValue(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return WORDS[r.nextInt(WORDS.length)];
            case 1:
                return Long.toString(r.nextLong() >> r.nextInt(64));
            case 2: {
                StringBuilder b = new StringBuilder();
                int n = r.nextInt(40);
                for (int i = 0; i < n; i++) {
                    b.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x3000) : 0x20 + r.nextInt(0x5f)));
                }
                return b.toString();
            }
            case 3:
                return WORDS[r.nextInt(WORDS.length)] + WORDS[r.nextInt(WORDS.length)];
            default:
                return Integer.toString(r.nextInt(10) - 3);
        }
    }

    private static void fuzz(String prefix, boolean read) throws Exception {
        long seed = Long.getLong("aerohadoop.config.seed", System.nanoTime());
        Random r = new Random(seed);
        List<String> keys = new ArrayList<>();
        for (String k : ConfigurationKeysTest.documentedKeys()) {
            if (k.startsWith(prefix)) {
                keys.add(k);
            }
        }
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CONFIGURATIONS; i++) {
            Configuration conf = ConfigurationKeysTest.base(prefix, 3000);
            Map<String, String> set = new LinkedHashMap<>();
            int n = 1 + r.nextInt(4);
            for (int j = 0; j < n; j++) {
                String key = keys.get(r.nextInt(keys.size()));
                String value = key.endsWith(".password") && r.nextBoolean() ? SECRET : randomValue(r);
                set.put(key, value);
                conf.set(key, value);
            }
            try {
                if (read) {
                    ReadConfig.from(conf);
                } else {
                    WriteConfig.from(conf);
                }
                accepted++;
            } catch (InvalidConfigurationException e) {
                refused++;
                String m = e.getMessage();
                String where = "seed " + seed + ", configuration " + set + ": " + m;
                assertTrue(where, e.getKey() != null && m.contains(e.getKey()));
                boolean named = set.containsKey(e.getKey())
                        // A user without password names the missing password key; operation=numrange
                        // names whichever numrange key it lacks.
                        || (e.getKey().equals(prefix + "password") && set.containsKey(prefix + "user"))
                        || (e.getKey().startsWith(prefix + "numrange.") && set.containsKey(prefix + "operation"));
                assertTrue("refusal names a key not set: " + where, named);
                assertFalse("the password shows: " + where, m.contains(SECRET)
                        || (e.getValue() != null && e.getValue().contains(SECRET)));
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", configuration " + set + ": " + e, e);
            }
        }
        System.err.printf("%s fuzz (seed %d): %d configurations, %d accepted, %d refused naming a key%n", prefix,
                seed, CONFIGURATIONS, accepted, refused);
        assertTrue(refused > CONFIGURATIONS / 2 && accepted > 0);
    }

    @Test
    public void randomInputValuesAreAcceptedOrRefusedNamingTheirKeyNeverWithAnotherException() throws Exception {
        fuzz("aerospike.input.", true);
    }

    @Test
    public void randomOutputValuesAreAcceptedOrRefusedNamingTheirKeyNeverWithAnotherException() throws Exception {
        fuzz("aerospike.output.", false);
    }
}
