package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.AerospikeException;
import com.aerospike.client.Bin;
import com.aerospike.client.Host;
import com.aerospike.client.Key;
import com.aerospike.client.ResultCode;
import com.aerospike.client.policy.ClientPolicy;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** C18: an aerolite started with --user/--password lets the right password in and refuses a wrong one
 * with 65 (INVALID_CREDENTIAL). */
public class C18LoginTest {
    private static final String USER = "conformance";
    private static final String PASSWORD = "s3cret-pw";
    private static Aerolite secured;

    @BeforeClass
    public static void start() throws IOException {
        secured = Aerolite.builder().credentials(USER, PASSWORD).start();
    }

    @AfterClass
    public static void stop() {
        if (secured != null) {
            secured.close();
        }
    }

    private static ClientPolicy login(String user, String password) {
        ClientPolicy p = Clients.policy();
        p.user = user;
        p.password = password;
        return p;
    }

    @Test
    public void rightPasswordLogsInAndCanReadAndWrite() {
        try (AerospikeClient client = Clients.connect(secured.seeds(), 1, login(USER, PASSWORD))) {
            Key key = new Key(ClusterEnv.NAMESPACE, "c18", "k");
            client.put(null, key, new Bin("who", USER));
            assertEquals(USER, client.get(null, key).getString("who"));
        }
    }

    /**
     * The Java client reports a refused login as a connection failure to every seed (-8); the
     * server's code is in the per-seed reason, as {@code Error 65: ...}.
     */
    private static void assertRefusedWith65(ClientPolicy policy) {
        AerospikeException e = Errors.expectCode(ResultCode.SERVER_NOT_AVAILABLE,
                () -> new AerospikeClient(policy, Host.parseHosts(secured.seeds(), 3000)).close());
        assertTrue(e.getMessage(), e.getMessage().contains("Error " + ResultCode.INVALID_CREDENTIAL + ":"));
    }

    @Test
    public void wrongPasswordIsRefusedWith65() {
        assertRefusedWith65(login(USER, "wrong"));
    }

    @Test
    public void unknownUserIsRefusedWith65() {
        assertRefusedWith65(login("mallory", PASSWORD));
    }
}
