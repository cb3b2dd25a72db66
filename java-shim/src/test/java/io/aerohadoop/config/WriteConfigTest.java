package io.aerohadoop.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteConfigTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static Configuration conf(String... keyValues) {
        return ConfigCases.conf(OutputKeys.NAMESPACE, keyValues);
    }

    /** Asserts {@code c} is refused naming {@code key} and, when given, {@code value}. */
    private static InvalidConfigurationException refused(Configuration c, String key, String value, String why)
            throws IOException {
        return ConfigCases.refused(WriteConfig::from, c, key, value, why);
    }

    @Test
    public void defaultsAreThoseOfTheDocumentation() throws IOException {
        WriteConfig c = WriteConfig.from(conf());
        assertEquals("localhost:3000", c.seeds());
        assertEquals(OutputKeys.HOST, c.seedKey());
        assertNull(c.user());
        assertNull(c.password());
        assertEquals("test", c.namespace());
        assertNull(c.set());
        assertNull(c.binName());
        assertNull(c.keyName());
        assertEquals(30_000, c.timeoutMs());
        assertEquals(2, c.retries());
        assertEquals(WriteConfig.WriteMode.UPDATE, c.writeMode());
        assertEquals(0, c.ttl());
        assertEquals(WriteConfig.GenerationPolicy.NONE, c.generationPolicy());
        assertTrue(c.sendKey());
        assertFalse(c.durableDelete());
        assertEquals(5000, c.batchSize());
        assertEquals(4, c.inflight());
        assertEquals(-1, c.errorsMax());
    }

    @Test
    public void thePredecessorKeysKeepTheirMeaning() throws IOException {
        WriteConfig c = WriteConfig.from(conf(OutputKeys.HOST, "db1", OutputKeys.PORT, "4000",
                OutputKeys.SET_NAME, "words", OutputKeys.BIN_NAME, "count", OutputKeys.KEY_NAME, "word"));
        assertEquals("db1:4000", c.seeds());
        assertEquals("words", c.set());
        assertEquals("count", c.binName());
        assertEquals("word", c.keyName());
    }

    @Test
    public void everyNewKeyIsRead() throws IOException {
        WriteConfig c = WriteConfig.from(conf(OutputKeys.HOSTS, "a:3100,b", OutputKeys.HOST, "ignored",
                OutputKeys.TIMEOUT_MS, "1500", OutputKeys.RETRIES, "0", OutputKeys.WRITE_MODE, "Replace_Only",
                OutputKeys.TTL, "-2", OutputKeys.GENERATION_POLICY, "expect_greater", OutputKeys.SEND_KEY, "false",
                OutputKeys.DURABLE_DELETE, "TRUE", OutputKeys.BATCH_SIZE, "1", OutputKeys.INFLIGHT, "16",
                OutputKeys.ERRORS_MAX, "250"));
        assertEquals("a:3100,b:3000", c.seeds());
        assertEquals(OutputKeys.HOSTS, c.seedKey());
        assertEquals(1500, c.timeoutMs());
        assertEquals(0, c.retries());
        assertEquals(WriteConfig.WriteMode.REPLACE_ONLY, c.writeMode());
        assertEquals(3, c.writeMode().code());
        assertEquals(-2, c.ttl());
        assertEquals(WriteConfig.GenerationPolicy.EXPECT_GREATER, c.generationPolicy());
        assertEquals(2, c.generationPolicy().code());
        assertFalse(c.sendKey());
        assertTrue(c.durableDelete());
        assertEquals(1, c.batchSize());
        assertEquals(16, c.inflight());
        assertEquals(250, c.errorsMax());
    }

    @Test
    public void writeModeCodesAreTheNativeWritersNumbers() {
        int i = 0;
        for (WriteConfig.WriteMode m : WriteConfig.WriteMode.values()) {
            assertEquals(m.name(), i++, m.code());
        }
        assertEquals(0, WriteConfig.GenerationPolicy.NONE.code());
        assertEquals(1, WriteConfig.GenerationPolicy.EXPECT_EQUAL.code());
    }

    @Test
    public void theNamespaceIsRequired() throws IOException {
        refused(conf(OutputKeys.NAMESPACE, null), OutputKeys.NAMESPACE, null, "is not set");
        refused(conf(OutputKeys.NAMESPACE, "  "), OutputKeys.NAMESPACE, null, "is not set");
    }

    @Test
    public void namesLongerThanTheServerAllowsAreRefused() throws IOException {
        refused(conf(OutputKeys.BIN_NAME, "a_bin_name_of_16"), OutputKeys.BIN_NAME, "a_bin_name_of_16",
                "16 bytes long; a bin name has at most 15");
        refused(conf(OutputKeys.KEY_NAME, "ключ_ключ"), OutputKeys.KEY_NAME, "ключ_ключ", "17 bytes long");
        String set64 = new String(new char[64]).replace('\0', 's');
        refused(conf(OutputKeys.SET_NAME, set64), OutputKeys.SET_NAME, set64, "at most 63");
        refused(conf(OutputKeys.NAMESPACE, "ns:x"), OutputKeys.NAMESPACE, "ns:x", "contains ':'");
    }

    @Test
    public void theKeyBinCannotBeTheValueBin() throws IOException {
        refused(conf(OutputKeys.BIN_NAME, "v", OutputKeys.KEY_NAME, "v"), OutputKeys.KEY_NAME, "v",
                "is also aerospike.output.binname");
    }

    @Test
    public void malformedValuesAreRefusedNamingKeyAndValue() throws IOException {
        refused(conf(OutputKeys.WRITE_MODE, "upsert"), OutputKeys.WRITE_MODE, "upsert",
                "must be one of update, update_only, replace, replace_only, create_only");
        refused(conf(OutputKeys.GENERATION_POLICY, "equal"), OutputKeys.GENERATION_POLICY, "equal",
                "must be one of none, expect_equal, expect_greater");
        refused(conf(OutputKeys.SEND_KEY, "yes"), OutputKeys.SEND_KEY, "yes", "must be true or false");
        refused(conf(OutputKeys.DURABLE_DELETE, "1"), OutputKeys.DURABLE_DELETE, "1", "must be true or false");
        refused(conf(OutputKeys.TTL, "-3"), OutputKeys.TTL, "-3", "must be at least -2");
        refused(conf(OutputKeys.TTL, "1d"), OutputKeys.TTL, "1d", "not a whole number");
        refused(conf(OutputKeys.BATCH_SIZE, "0"), OutputKeys.BATCH_SIZE, "0", "must be at least 1");
        refused(conf(OutputKeys.INFLIGHT, "0"), OutputKeys.INFLIGHT, "0", "must be at least 1");
        refused(conf(OutputKeys.RETRIES, "-1"), OutputKeys.RETRIES, "-1", "must be at least 0");
        refused(conf(OutputKeys.TIMEOUT_MS, "0"), OutputKeys.TIMEOUT_MS, "0", "must be at least 1");
        refused(conf(OutputKeys.ERRORS_MAX, "-2"), OutputKeys.ERRORS_MAX, "-2", "must be -1");
        refused(conf(OutputKeys.ERRORS_MAX, "many"), OutputKeys.ERRORS_MAX, "many", "not a whole number");
        refused(conf(OutputKeys.PORT, "70000"), OutputKeys.PORT, "70000", "");
        refused(conf(OutputKeys.HOSTS, "a:b"), OutputKeys.HOSTS, "a:b", "");
    }

    @Test
    public void aUserNeedsAPasswordAndAPasswordAUser() throws IOException {
        refused(conf(OutputKeys.USER, "alice"), OutputKeys.PASSWORD, null, "user 'alice'");
        InvalidConfigurationException e = refused(conf(OutputKeys.PASSWORD, "s3cret"), OutputKeys.PASSWORD, null,
                "aerospike.output.user is not");
        assertFalse("the password leaked: " + e.getMessage(), e.getMessage().contains("s3cret"));
        WriteConfig c = WriteConfig.from(conf(OutputKeys.USER, "alice", OutputKeys.PASSWORD, "s3cret"));
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
        provider.createCredentialEntry(OutputKeys.PASSWORD, "from-the-keystore".toCharArray());
        provider.flush();

        Configuration c = conf(OutputKeys.USER, "alice", OutputKeys.PASSWORD, "clear-text-is-second");
        c.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, path);
        WriteConfig config = WriteConfig.from(c);
        assertEquals("from-the-keystore", config.password());
        assertFalse(config.toString().contains("from-the-keystore"));
    }
}
