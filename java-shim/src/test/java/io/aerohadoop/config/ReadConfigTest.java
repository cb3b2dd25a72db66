package io.aerohadoop.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.exp.Exp;
import com.aerospike.client.exp.Expression;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReadConfigTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static Configuration conf(String... keyValues) {
        return ConfigCases.conf(InputKeys.NAMESPACE, keyValues);
    }

    /** Asserts {@code c} is refused naming {@code key} and, when given, {@code value}. */
    private static InvalidConfigurationException refused(Configuration c, String key, String value, String why)
            throws IOException {
        return ConfigCases.refused(ReadConfig::from, c, key, value, why);
    }

    @Test
    public void defaultsAreThoseOfTheDocumentation() throws IOException {
        ReadConfig c = ReadConfig.from(conf());
        assertEquals("localhost:3000", c.seeds());
        assertEquals("test", c.namespace());
        assertNull(c.set());
        assertTrue(c.bins().isEmpty());
        assertTrue(c.projection().isEmpty());
        assertEquals(ReadConfig.Operation.SCAN, c.operation());
        assertEquals(ReadConfig.SplitMode.PARTITIONS, c.splitMode());
        assertEquals(0, c.splitCount());
        assertEquals(0, c.partitionFirst());
        assertEquals(4095, c.partitionLast());
        assertNull(c.filterExp());
        assertEquals(ReadConfig.ValueFormat.RECORD, c.valueFormat());
        assertNull(c.user());
        assertNull(c.password());
        assertEquals(30_000, c.timeoutMs());
        assertEquals(5, c.retries());
        assertEquals(500, c.retryBackoffMs());
        assertEquals(0, c.recordsPerSecond());
        assertEquals(64L << 20, c.memoryLimitBytes());
    }

    @Test
    public void predecessorKeysKeepTheirMeaning() throws IOException {
        ReadConfig c = ReadConfig.from(conf(
                InputKeys.HOST, "db1.example.com",
                InputKeys.PORT, "3100",
                InputKeys.SET_NAME, "people",
                InputKeys.BIN_NAMES, "name, age,,name",
                InputKeys.OPERATION, "numrange",
                InputKeys.NUMRANGE_BIN, "age",
                InputKeys.NUMRANGE_BEGIN, "-5",
                InputKeys.NUMRANGE_END, "65"));
        assertEquals("db1.example.com:3100", c.seeds());
        assertEquals("people", c.set());
        assertEquals(Arrays.asList("name", "age"), c.bins());
        assertEquals(ReadConfig.Operation.NUMRANGE, c.operation());
        assertEquals("age", c.rangeBin());
        assertEquals(-5, c.rangeBegin());
        assertEquals(65, c.rangeEnd());
    }

    @Test
    public void hostsOverrideHostAndPortAndAcceptIpv6AndDefaultPorts() throws IOException {
        ReadConfig c = ReadConfig.from(conf(InputKeys.HOST, "ignored", InputKeys.PORT, "1",
                InputKeys.HOSTS, " a:3000, b ,[::1]:4000,[fe80::1]"));
        assertEquals("a:3000,b:3000,[::1]:4000,[fe80::1]:3000", c.seeds());
        assertEquals(InputKeys.HOSTS, c.seedKey());
        ReadConfig v6 = ReadConfig.from(conf(InputKeys.HOST, "::1", InputKeys.PORT, "3010"));
        assertEquals("[::1]:3010", v6.seeds());
        assertEquals(InputKeys.HOST, v6.seedKey());
        assertEquals("aerospike.input.host=::1, aerospike.input.port=3010", v6.seedSource());
    }

    @Test
    public void badHostsAreRefusedNamingTheKeyAndTheEntry() throws IOException {
        refused(conf(InputKeys.PORT, "http"), InputKeys.PORT, "http", "port 'http' is not a number in 1..65535");
        refused(conf(InputKeys.PORT, "70000"), InputKeys.PORT, "70000", "not a number in 1..65535");
        refused(conf(InputKeys.PORT, "0"), InputKeys.PORT, "0", "not a number in 1..65535");
        refused(conf(InputKeys.HOST, "a b"), InputKeys.HOST, "a b", "not a host name");
        refused(conf(InputKeys.HOSTS, "a:1,b:x"), InputKeys.HOSTS, "a:1,b:x", "'b:x': port 'x'");
        refused(conf(InputKeys.HOSTS, "::1:3000"), InputKeys.HOSTS, "::1:3000", "IPv6 address in brackets");
        refused(conf(InputKeys.HOSTS, "[::1"), InputKeys.HOSTS, "[::1", "no closing ']'");
        refused(conf(InputKeys.HOSTS, ",,"), InputKeys.HOSTS, ",,", "no host given");
        refused(conf(InputKeys.HOSTS, ":3000"), InputKeys.HOSTS, ":3000", "no valid host name");
    }

    @Test
    public void aMissingNamespaceIsRefusedNamingTheKey() throws IOException {
        InvalidConfigurationException e = refused(conf(InputKeys.NAMESPACE, null), InputKeys.NAMESPACE, null,
                "is not set");
        assertNull(e.getValue());
        refused(conf(InputKeys.NAMESPACE, "   "), InputKeys.NAMESPACE, null, "is not set");
    }

    @Test
    public void namesLongerThanTheServerAllowsAreRefused() throws IOException {
        String ns32 = String.join("", Collections.nCopies(32, "n"));
        refused(conf(InputKeys.NAMESPACE, ns32), InputKeys.NAMESPACE, ns32, "32 bytes long; a namespace name has at most 31");
        String set64 = String.join("", Collections.nCopies(64, "s"));
        refused(conf(InputKeys.SET_NAME, set64), InputKeys.SET_NAME, set64, "at most 63");
        refused(conf(InputKeys.BIN_NAMES, "ok,sixteen_bytes_xy"), InputKeys.BIN_NAMES, "ok,sixteen_bytes_xy",
                "'sixteen_bytes_xy' is 16 bytes long; a bin name has at most 15");
        refused(conf(InputKeys.SET_NAME, "a:b"), InputKeys.SET_NAME, "a:b", "contains ':'");
        // Multi-byte characters count in bytes, as the server counts them.
        String bin = "ééééééééé"; // 9 characters, 18 bytes
        refused(conf(InputKeys.VALUE_BIN, bin), InputKeys.VALUE_BIN, bin, "18 bytes long");
    }

    @Test
    public void unknownEnumValuesAreRefusedListingTheChoices() throws IOException {
        refused(conf(InputKeys.SPLIT_MODE, "diagonal"), InputKeys.SPLIT_MODE, "diagonal",
                "must be one of partitions, node");
        refused(conf(InputKeys.OPERATION, "query"), InputKeys.OPERATION, "query", "must be one of scan, numrange");
        refused(conf(InputKeys.VALUE_FORMAT, "xml"), InputKeys.VALUE_FORMAT, "xml", "must be one of record, json, map");
        refused(conf(InputKeys.VALUE_FORMAT, "bin_text"), InputKeys.VALUE_FORMAT, "bin_text", "must be one of record, json, map");
        assertEquals(ReadConfig.SplitMode.NODE, ReadConfig.from(conf(InputKeys.SPLIT_MODE, " NODE ")).splitMode());
        assertEquals(ReadConfig.ValueFormat.JSON, ReadConfig.from(conf(InputKeys.VALUE_FORMAT, "json")).valueFormat());
        assertEquals(ReadConfig.ValueFormat.MAP, ReadConfig.from(conf(InputKeys.VALUE_FORMAT, "map")).valueFormat());
    }

    @Test
    public void aPartitionRangeIsARangeOrOneIdWithinTheNamespacesPartitions() throws IOException {
        ReadConfig half = ReadConfig.from(conf(InputKeys.PARTITIONS, " 2048 - 4095 ", InputKeys.SPLITS, "2048"));
        assertEquals(2048, half.partitionFirst());
        assertEquals(4095, half.partitionLast());
        assertEquals(2048, half.partitionCount());
        assertTrue(half.toString(), half.toString().contains("partitions=2048-4095"));
        ReadConfig one = ReadConfig.from(conf(InputKeys.PARTITIONS, "17"));
        assertEquals(17, one.partitionFirst());
        assertEquals(17, one.partitionLast());
        refused(conf(InputKeys.PARTITIONS, "10-9"), InputKeys.PARTITIONS, "10-9", "the range is empty: 10 is after 9");
        refused(conf(InputKeys.PARTITIONS, "0-4096"), InputKeys.PARTITIONS, "0-4096", "partition 4096 does not exist");
        refused(conf(InputKeys.PARTITIONS, "a-b"), InputKeys.PARTITIONS, "a-b", "not a partition range");
        refused(conf(InputKeys.PARTITIONS, "0-1", InputKeys.SPLITS, "3"), InputKeys.SPLITS, "3",
                "more splits than the 2 partition(s) of aerospike.input.partitions=0-1");
    }

    @Test
    public void numrangeNeedsItsBinAndAnOrderedRange() throws IOException {
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BEGIN, "0", InputKeys.NUMRANGE_END, "1"),
                InputKeys.NUMRANGE_BIN, null, "needs the integer bin");
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_END, "1"),
                InputKeys.NUMRANGE_BEGIN, null, "is not set");
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN, "1"),
                InputKeys.NUMRANGE_END, null, "is not set");
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN, "1e3",
                InputKeys.NUMRANGE_END, "5"), InputKeys.NUMRANGE_BEGIN, "1e3", "not a 64-bit integer");
        InvalidConfigurationException e = refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n",
                InputKeys.NUMRANGE_BEGIN, "700", InputKeys.NUMRANGE_END, "600"), InputKeys.NUMRANGE_BEGIN, "700",
                "greater than aerospike.input.numrange.end=600");
        assertTrue(e.getMessage().contains("600"));
        ReadConfig single = ReadConfig.from(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n",
                InputKeys.NUMRANGE_BEGIN, "7", InputKeys.NUMRANGE_END, "7"));
        assertEquals(7, single.rangeBegin());
        assertEquals(7, single.rangeEnd());
    }

    @Test
    public void numrangeKeysAreIgnoredByAScan() throws IOException {
        ReadConfig c = ReadConfig.from(conf(InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN, "9",
                InputKeys.NUMRANGE_END, "1"));
        assertEquals(ReadConfig.Operation.SCAN, c.operation());
        assertNull(c.rangeBin());
    }

    @Test
    public void splitCountsMustFitTheMode() throws IOException {
        refused(conf(InputKeys.SPLITS, "0"), InputKeys.SPLITS, "0", "must be at least 1");
        refused(conf(InputKeys.SPLITS, "-2"), InputKeys.SPLITS, "-2", "must be at least 1");
        refused(conf(InputKeys.SPLITS, "four"), InputKeys.SPLITS, "four", "not a whole number");
        refused(conf(InputKeys.SPLITS, "4097"), InputKeys.SPLITS, "4097", "more splits than the 4096 partitions");
        refused(conf(InputKeys.SPLITS, "3", InputKeys.SPLIT_MODE, "node"), InputKeys.SPLITS, "3",
                "does not apply to aerospike.input.split.mode=node");
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN, "1",
                InputKeys.NUMRANGE_END, "3", InputKeys.SPLITS, "4"), InputKeys.SPLITS, "4",
                "more sub-ranges than values in [1, 3]");
        refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN, "1",
                InputKeys.NUMRANGE_END, "3", InputKeys.SPLIT_MODE, "node"), InputKeys.SPLIT_MODE, "node",
                "cannot be combined with aerospike.input.operation=numrange");
        assertEquals(4096, ReadConfig.from(conf(InputKeys.SPLITS, "4096")).splitCount());
        assertEquals(3, ReadConfig.from(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n",
                InputKeys.NUMRANGE_BEGIN, "1", InputKeys.NUMRANGE_END, "3", InputKeys.SPLITS, "3")).splitCount());
        // The full long range holds more values than any int count: no overflow in the check.
        assertEquals(1000, ReadConfig.from(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n",
                InputKeys.NUMRANGE_BEGIN, Long.toString(Long.MIN_VALUE), InputKeys.NUMRANGE_END,
                Long.toString(Long.MAX_VALUE), InputKeys.SPLITS, "1000")).splitCount());
        // But no more sub-ranges than partitions: each is a query over all of them.
        for (String many : new String[] {"4097", Integer.toString(Integer.MAX_VALUE)}) {
            refused(conf(InputKeys.OPERATION, "numrange", InputKeys.NUMRANGE_BIN, "n", InputKeys.NUMRANGE_BEGIN,
                    Long.toString(Long.MIN_VALUE), InputKeys.NUMRANGE_END, Long.toString(Long.MAX_VALUE),
                    InputKeys.SPLITS, many), InputKeys.SPLITS, many,
                    "more sub-ranges than 4096 (each is a query over every partition)");
        }
    }

    @Test
    public void numericKeysAreRangeChecked() throws IOException {
        refused(conf(InputKeys.TIMEOUT_MS, "0"), InputKeys.TIMEOUT_MS, "0", "must be at least 1");
        refused(conf(InputKeys.TIMEOUT_MS, "30s"), InputKeys.TIMEOUT_MS, "30s", "not a whole number");
        refused(conf(InputKeys.RETRIES, "-1"), InputKeys.RETRIES, "-1", "must be at least 0");
        refused(conf(InputKeys.RETRY_BACKOFF_MS, "-1"), InputKeys.RETRY_BACKOFF_MS, "-1", "must be at least 0");
        refused(conf(InputKeys.RECORDS_PER_SECOND, "-10"), InputKeys.RECORDS_PER_SECOND, "-10", "must be at least 0");
        refused(conf(InputKeys.MEMORY_LIMIT_MB, "0"), InputKeys.MEMORY_LIMIT_MB, "0", "must be between 1 and 65536");
        refused(conf(InputKeys.TIMEOUT_MS, "3000000000"), InputKeys.TIMEOUT_MS, "3000000000", "must be at least 1");
        ReadConfig c = ReadConfig.from(conf(InputKeys.TIMEOUT_MS, "250", InputKeys.RETRIES, "0",
                InputKeys.RETRY_BACKOFF_MS, "0", InputKeys.RECORDS_PER_SECOND, "1000", InputKeys.MEMORY_LIMIT_MB, "8"));
        assertEquals(250, c.timeoutMs());
        assertEquals(0, c.retries());
        assertEquals(0, c.retryBackoffMs());
        assertEquals(1000, c.recordsPerSecond());
        assertEquals(8L << 20, c.memoryLimitBytes());
    }

    @Test
    public void theValueBinMakesTheValueTextAndIsAllTheServerIsAskedFor() throws IOException {
        ReadConfig c = ReadConfig.from(conf(InputKeys.VALUE_BIN, "line"));
        assertEquals(ReadConfig.ValueFormat.BIN_TEXT, c.valueFormat());
        assertEquals("line", c.valueBin());
        assertEquals(Collections.singletonList("line"), c.projection());
        ReadConfig withBins = ReadConfig.from(conf(InputKeys.VALUE_BIN, "line", InputKeys.BIN_NAMES, "n,line"));
        assertEquals(Collections.singletonList("line"), withBins.projection());
        assertEquals(Arrays.asList("n", "line"), withBins.bins());
        refused(conf(InputKeys.VALUE_BIN, "line", InputKeys.VALUE_FORMAT, "json"), InputKeys.VALUE_FORMAT, "json",
                "cannot be combined with aerospike.input.value.bin=line");
        refused(conf(InputKeys.VALUE_BIN, "line", InputKeys.BIN_NAMES, "a,b"), InputKeys.BIN_NAMES, "a,b",
                "does not include aerospike.input.value.bin=line");
    }

    @Test
    public void theFilterMustBeBase64OfOneExpression() throws IOException {
        String good = Exp.build(Exp.and(Exp.gt(Exp.intBin("n"), Exp.val(10)),
                Exp.eq(Exp.stringBin("s"), Exp.val("x")))).getBase64();
        assertEquals(good, ReadConfig.from(conf(InputKeys.FILTER_EXP, good)).filterExp());
        refused(conf(InputKeys.FILTER_EXP, "not base64!"), InputKeys.FILTER_EXP, "not base64!",
                "not base64 as Expression.getBase64() prints it");
        byte[] bytes = Expression.fromBase64(good).getBytes();
        String truncated = java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, bytes.length - 2));
        refused(conf(InputKeys.FILTER_EXP, truncated), InputKeys.FILTER_EXP, truncated,
                "not an encoded filter expression: truncated");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        String trailing = java.util.Base64.getEncoder().encodeToString(longer);
        refused(conf(InputKeys.FILTER_EXP, trailing), InputKeys.FILTER_EXP, trailing, "1 byte(s) after the end");
    }

    @Test
    public void aUserNeedsAPasswordAndAPasswordAUser() throws IOException {
        refused(conf(InputKeys.USER, "alice"), InputKeys.PASSWORD, null, "user 'alice'");
        InvalidConfigurationException e = refused(conf(InputKeys.PASSWORD, "s3cret"), InputKeys.PASSWORD, null,
                "aerospike.input.user is not");
        assertFalse("the password leaked: " + e.getMessage(), e.getMessage().contains("s3cret"));
        ReadConfig c = ReadConfig.from(conf(InputKeys.USER, "alice", InputKeys.PASSWORD, "s3cret"));
        assertEquals("alice", c.user());
        assertEquals("s3cret", c.password());
        assertFalse(c.toString(), c.toString().contains("s3cret"));
        assertTrue(c.toString(), c.toString().contains("password=<hidden>"));
    }

    @Test
    public void thePasswordComesFromACredentialProviderWhenOneHoldsIt() throws Exception {
        File store = new File(tmp.getRoot(), "creds.jceks");
        String path = "jceks://file" + store.getAbsolutePath();
        Configuration providerConf = new Configuration(false);
        providerConf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, path);
        CredentialProvider provider = CredentialProviderFactory.getProviders(providerConf).get(0);
        provider.createCredentialEntry(InputKeys.PASSWORD, "from-the-keystore".toCharArray());
        provider.flush();

        Configuration c = conf(InputKeys.USER, "alice", InputKeys.PASSWORD, "clear-text-is-second");
        c.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, path);
        ReadConfig config = ReadConfig.from(c);
        assertEquals("from-the-keystore", config.password());
        assertFalse(config.toString().contains("from-the-keystore"));
    }

    @Test
    public void toStringShowsTheSettingsForLogs() throws IOException {
        String s = ReadConfig.from(conf(InputKeys.SET_NAME, "people", InputKeys.VALUE_BIN, "line",
                InputKeys.SPLITS, "12")).toString();
        assertTrue(s, s.contains("seeds=localhost:3000"));
        assertTrue(s, s.contains("set=people"));
        assertTrue(s, s.contains("value=text of bin line"));
        assertTrue(s, s.contains("splits=12"));
    }
}
