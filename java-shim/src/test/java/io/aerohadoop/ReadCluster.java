package io.aerohadoop;

import com.aerospike.client.AerospikeClient;
import com.aerospike.client.Bin;
import com.aerospike.client.Host;
import com.aerospike.client.Key;
import com.aerospike.client.Value;
import com.aerospike.client.policy.ClientPolicy;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.query.IndexType;
import io.aerohadoop.config.InputKeys;
import io.aerohadoop.io.GeoJson;
import io.aerohadoop.io.HyperLogLog;
import io.aerohadoop.testing.Aerolite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A 3-node aerolite loaded through the official Java client, with what each record should read
 * back as through the connector: the independent side of the read-path tests.
 */
public final class ReadCluster implements AutoCloseable {
    public static final String NAMESPACE = "test";
    public static final String PEOPLE = "people";
    public static final String LINES = "lines";
    public static final String TYPES = "types";
    public static final String MIXED = "mixed";
    /** One record written twice, the second time with a TTL of {@link #TTL_SECONDS}. */
    public static final String AGING = "aging";
    public static final int TTL_SECONDS = 1000;
    public static final int PEOPLE_COUNT = 1000;
    public static final int LINE_COUNT = 300;
    /** Records of the lines set without a line bin. */
    public static final int LINELESS_COUNT = 20;
    public static final String GEO = "{\"type\":\"Point\",\"coordinates\":[-122.5,37.25]}";
    public static final byte[] HLL = {0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    public final Aerolite aerolite;
    public final AerospikeClient client;
    /** Expected bins of every loaded record, by digest in hex. */
    public final Map<String, Map<String, Object>> people = new HashMap<>();
    /** User key of the people records written with sendKey, by digest in hex. */
    public final Map<String, String> peopleKeys = new HashMap<>();
    public final List<String> lines = new ArrayList<>();
    public final Map<String, Map<String, Object>> types = new HashMap<>();

    private ReadCluster(Aerolite aerolite, AerospikeClient client) {
        this.aerolite = aerolite;
        this.client = client;
    }

    public static ReadCluster start() throws IOException {
        Aerolite a = Aerolite.builder().nodes(3).replicationFactor(1).start();
        try {
            ClientPolicy policy = new ClientPolicy();
            policy.timeout = 5_000;
            List<Host> hosts = new ArrayList<>();
            for (int port : a.ports()) {
                hosts.add(new Host("127.0.0.1", port));
            }
            ReadCluster c = new ReadCluster(a, new AerospikeClient(policy, hosts.toArray(new Host[0])));
            c.load();
            return c;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Host, port and namespace of this cluster, for reading {@code set} (null: the whole namespace). */
    public Configuration conf(String set) {
        Configuration conf = new Configuration(false);
        conf.set(InputKeys.HOST, "127.0.0.1");
        conf.setInt(InputKeys.PORT, aerolite.port(0));
        conf.set(InputKeys.NAMESPACE, NAMESPACE);
        if (set != null) {
            conf.set(InputKeys.SET_NAME, set);
        }
        conf.setInt(InputKeys.TIMEOUT_MS, 5_000);
        return conf;
    }

    public static String hex(byte[] digest) {
        StringBuilder s = new StringBuilder();
        for (byte b : digest) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    private void load() {
        WritePolicy plain = new WritePolicy();
        WritePolicy sendKey = new WritePolicy();
        sendKey.sendKey = true;
        for (int i = 0; i < PEOPLE_COUNT; i++) {
            Key key = new Key(NAMESPACE, PEOPLE, "user-" + i);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("k", (long) i);
            attrs.put("nested", Arrays.asList((long) i, "x"));
            Map<String, Object> bins = new LinkedHashMap<>();
            bins.put("n", (long) i);
            bins.put("name", i % 7 == 0 ? "名前-" + i : "name-" + i);
            bins.put("score", i * 0.5);
            bins.put("flag", i % 2 == 0);
            bins.put("tags", Arrays.asList((long) i, "t" + i));
            bins.put("attrs", attrs);
            bins.put("raw", new byte[] {(byte) i, 1});
            List<Bin> list = new ArrayList<>();
            for (Map.Entry<String, Object> e : bins.entrySet()) {
                list.add(new Bin(e.getKey(), Value.get(e.getValue())));
            }
            boolean stored = i % 3 == 0;
            client.put(stored ? sendKey : plain, key, list.toArray(new Bin[0]));
            people.put(hex(key.digest), bins);
            if (stored) {
                peopleKeys.put(hex(key.digest), "user-" + i);
            }
        }
        client.createIndex(null, NAMESPACE, PEOPLE, "people_n", "n", IndexType.NUMERIC).waitTillComplete(50, 10_000);

        for (int i = 0; i < LINE_COUNT; i++) {
            String line = "line " + i + " of the \"corpus\": to be or not to be, that is the question " + (i % 11);
            lines.add(line);
            client.put(plain, new Key(NAMESPACE, LINES, i), new Bin("line", line), new Bin("no", (long) i));
        }
        for (int i = 0; i < LINELESS_COUNT; i++) {
            client.put(plain, new Key(NAMESPACE, LINES, "header-" + i), new Bin("no", (long) -i));
        }

        client.put(plain, new Key(NAMESPACE, MIXED, 1), new Bin("line", "a string"));
        client.put(plain, new Key(NAMESPACE, MIXED, 2), new Bin("line", 42L));

        Key aging = new Key(NAMESPACE, AGING, 1);
        client.put(plain, aging, new Bin("v", 1L));
        WritePolicy ttl = new WritePolicy();
        ttl.expiration = TTL_SECONDS;
        client.put(ttl, aging, new Bin("v", 2L));

        Key t = new Key(NAMESPACE, TYPES, "every-type");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("int", -7L);
        expected.put("float", Double.NEGATIVE_INFINITY);
        expected.put("str", "");
        expected.put("blob", new byte[0]);
        expected.put("bool", Boolean.FALSE);
        expected.put("list", Arrays.asList(Arrays.asList(), null, 1.5));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1L, "int key");
        map.put("s", Arrays.asList(true));
        expected.put("map", map);
        expected.put("geo", new GeoJson(GEO));
        expected.put("hll", new HyperLogLog(HLL));
        client.put(sendKey, t,
                new Bin("int", -7L),
                new Bin("float", Double.NEGATIVE_INFINITY),
                new Bin("str", ""),
                new Bin("blob", new byte[0]),
                new Bin("bool", false),
                new Bin("list", Value.get(Arrays.asList(Arrays.asList(), null, 1.5))),
                new Bin("map", Value.get(map)),
                new Bin("geo", Value.getAsGeoJSON(GEO)),
                new Bin("hll", Value.getAsHLL(HLL)));
        types.put(hex(t.digest), expected);
    }

    @Override
    public void close() {
        client.close();
        aerolite.close();
    }
}
