package io.aerohadoop.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.cluster.Node;
import com.aerospike.client.exp.Exp;
import com.aerospike.client.policy.WritePolicy;
import com.aerospike.client.Info;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.SequenceFile;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The built-in tools (issue 10) under LocalJobRunner against a 3-node, RF 2 aerolite, run through
 * {@code io.aerohadoop.tools.Main} as {@code hadoop jar} runs them: a set holding every particle
 * type ({@link ParticleSet}) is counted, exported in each format and imported into another set,
 * and the copy is compared with the source field by field; TSV/CSV imports, malformed lines and
 * bad arguments.
 */
public class ToolsRoundTripTest {
    private static final String NS = ToolsCluster.SOURCE_NAMESPACE;
    private static final String SOURCE = "tools_src";
    private static final int RECORDS = 120;
    /** The export and import of one test take seconds; TTLs read at both ends may differ by that. */
    private static final long TTL_SLACK_SECONDS = 60;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static ToolsCluster cluster;
    private static SetSnapshot source;

    @BeforeClass
    public static void loadEveryParticleType() throws Exception {
        cluster = ToolsCluster.start();
        ParticleSet.load(cluster.client, NS, SOURCE, RECORDS);
        source = SetSnapshot.scan(cluster.client, NS, SOURCE);
        assertEquals(RECORDS, source.size());
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String hosts() {
        return cluster.seed();
    }

    private static Path work(String name) throws Exception {
        return TMP.newFolder(name).toPath();
    }

    /** The server's own count of a set: objects over every node, divided by the replication factor 2. */
    private static long serverObjects(String set) {
        long total = 0;
        for (Node node : cluster.client.getNodes()) {
            String answer = Info.request(node, "sets/" + NS + "/" + set);
            for (String field : answer.split(":")) {
                if (field.startsWith("objects=")) {
                    total += Long.parseLong(field.substring("objects=".length()));
                }
            }
        }
        return total / 2;
    }

    @Test
    public void countGivesTheLoadedRecordsPerSetAndPerBinAndTheServersOwnFigure() throws Exception {
        ToolRun run = ToolRun.run(work("count"), "count", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE);
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(RECORDS, serverObjects(SOURCE));
        assertEquals(run.toString(), List.of("COUNT set=" + SOURCE + " records=" + RECORDS + " server_objects=" + RECORDS),
                run.lines("COUNT set=" + SOURCE + " records="));

        Map<String, Long> expectedBins = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) {
            for (Bin bin : ParticleSet.bins(i)) {
                expectedBins.merge(bin.name, 1L, Long::sum);
            }
        }
        Map<String, Long> countedBins = new TreeMap<>();
        for (String line : run.lines("COUNT set=" + SOURCE + " bin=")) {
            String[] f = line.split(" ");
            countedBins.put(f[2].substring("bin=".length()), Long.parseLong(f[3].substring("records=".length())));
        }
        assertEquals(expectedBins, countedBins);
        assertTrue(expectedBins.get("blob") < RECORDS);
        assertEquals(RECORDS, run.summaryValue("records"));
        assertEquals(0, run.summaryValue("failures"));
        assertTrue(run.summaryValue("bytes") > 300_000);
    }

    @Test
    public void countWithAFilterCountsOnlyTheRecordsThatPassIt() throws Exception {
        String even = Exp.build(Exp.eq(Exp.intBin("parity"), Exp.val(0))).getBase64();
        ToolRun run = ToolRun.run(work("count-filter"), "count", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                "--filter", even);
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(run.toString(), List.of("COUNT set=" + SOURCE + " records=" + RECORDS / 2 + " server_objects=" + RECORDS),
                run.lines("COUNT set=" + SOURCE + " records="));
        assertEquals(List.of("COUNT set=" + SOURCE + " bin=parity records=" + RECORDS / 2),
                run.lines("COUNT set=" + SOURCE + " bin=parity "));
    }

    /**
     * export in {@code format}, import into another set of another namespace, compare with the
     * source field by field (records without a stored key keep their digest, which is unique per
     * namespace: see {@link #importIntoAnotherSetOfTheSameNamespaceRefusesRecordsKnownOnlyByTheirDigest}).
     */
    private static Path roundTrip(String format) throws Exception {
        return roundTrip(format, format);
    }

    /**
     * As {@link #roundTrip(String)}, into the restore namespace of {@code restoreTarget}, export given
     * {@code exportOptions} too.
     */
    private static Path roundTrip(String format, String restoreTarget, String... exportOptions) throws Exception {
        String target = "tools_rt_" + restoreTarget;
        Path work = work("rt-" + target);
        String files = work.resolve("export").toString();
        List<String> args = new ArrayList<>(List.of("export", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                "--format", format, "--output", files));
        args.addAll(List.of(exportOptions));
        ToolRun export = ToolRun.run(work, args.toArray(new String[0]));
        assertEquals(export.toString(), 0, export.exitStatus);
        assertEquals(RECORDS, export.summaryValue("records"));
        String restore = ToolsCluster.restoreNamespace(restoreTarget);
        ToolRun imported = ToolRun.run(work, "import", "--input", files, "--format", format, "--hosts", hosts(),
                "--namespace", restore, "--set", target);
        assertEquals(imported.toString(), 0, imported.exitStatus);
        assertEquals(RECORDS, imported.summaryValue("records"));
        assertEquals(0, imported.summaryValue("failures"));
        source.assertCopiedTo(SetSnapshot.scan(cluster.client, restore, target), restore, TTL_SLACK_SECONDS, false);
        return Path.of(files);
    }

    /**
     * Twelve TTLs, more than the import keeps writers open at once (8): each record still gets its
     * own; with {@code --ttl-resolution 3600} each is rounded up to a whole hour.
     */
    @Test
    public void importKeepsEachRecordsTtlWithMoreDistinctTtlsThanOpenWriters() throws Exception {
        String set = "tools_ttls";
        int records = 48;
        WritePolicy policy = new WritePolicy();
        policy.sendKey = true;
        for (int i = 0; i < records; i++) {
            policy.expiration = 1000 * (i % 12 + 1);
            cluster.client.put(policy, new Key(NS, set, (long) i), new Bin("i", (long) i));
        }
        Path work = work("ttls");
        String files = work.resolve("export").toString();
        assertEquals(0, ToolRun.run(work, "export", "--hosts", hosts(), "--namespace", NS, "--set", set,
                "--output", files).exitStatus);
        String restore = ToolsCluster.restoreNamespace("json");
        ToolRun kept = ToolRun.run(work, "import", "--input", files, "--hosts", hosts(), "--namespace", restore,
                "--set", "tools_ttls_kept");
        assertEquals(kept.toString(), 0, kept.exitStatus);
        ToolRun hours = ToolRun.run(work, "import", "--input", files, "--hosts", hosts(), "--namespace", restore,
                "--set", "tools_ttls_hours", "--ttl-resolution", "3600");
        assertEquals(hours.toString(), 0, hours.exitStatus);
        SetSnapshot source = SetSnapshot.scan(cluster.client, NS, set);
        SetSnapshot keptSet = SetSnapshot.scan(cluster.client, restore, "tools_ttls_kept");
        SetSnapshot hourSet = SetSnapshot.scan(cluster.client, restore, "tools_ttls_hours");
        assertEquals(records, source.size());
        source.assertCopiedTo(keptSet, restore, TTL_SLACK_SECONDS, false);
        for (Map.Entry<String, SetSnapshot.Entry> e : source.entries.entrySet()) {
            int ttl = e.getValue().record.getTimeToLive();
            int expected = (ttl + 3599) / 3600 * 3600;
            int actual = hourSet.entries.get(e.getKey()).record.getTimeToLive();
            assertTrue(e.getKey() + ": TTL " + ttl + " rounded to the hour is " + expected + ", found " + actual,
                    Math.abs(expected - actual) <= TTL_SLACK_SECONDS);
        }
    }

    @Test
    public void importIntoAnotherSetOfTheSameNamespaceRefusesRecordsKnownOnlyByTheirDigest() throws Exception {
        Path work = work("same-ns");
        String files = work.resolve("export").toString();
        assertEquals(0, ToolRun.run(work, "export", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                "--output", files).exitStatus);
        long keyless = source.entries.values().stream().filter(e -> e.userKey == null).count();
        assertEquals(RECORDS / 5, keyless);
        String target = "tools_same_ns";
        ToolRun run = ToolRun.run(work, "import", "--input", files, "--hosts", hosts(), "--namespace", NS, "--set", target,
                "--errors-max", Long.toString(keyless));
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(RECORDS - keyless, run.summaryValue("records"));
        assertEquals(keyless, run.summaryValue("failures"));
        SetSnapshot copied = SetSnapshot.scan(cluster.client, NS, target);
        assertEquals(RECORDS - keyless, copied.size());
        for (Map.Entry<String, SetSnapshot.Entry> e : copied.entries.entrySet()) {
            SetSnapshot.Entry original = source.entries.get(e.getKey());
            assertTrue(e.getKey(), original.userKey != null);
            assertEquals(original.record.bins.keySet(), e.getValue().record.bins.keySet());
        }
    }

    @Test
    public void jsonLinesExportThenImportKeepsKeysDigestsTtlsAndEveryBin() throws Exception {
        roundTrip("json");
    }

    @Test
    public void avroExportThenImportKeepsKeysDigestsTtlsAndEveryBinInSnappyBlocksByDefault() throws Exception {
        assertAvroCodec(roundTrip("avro"), "snappy");
    }

    @Test
    public void avroWithDeflateBlocksExportsAndImportsTheSameRecords() throws Exception {
        assertAvroCodec(roundTrip("avro", "avro_deflate", "--avro-codec", "deflate"), "deflate");
    }

    private static void assertAvroCodec(Path files, String codec) throws IOException {
        int checked = 0;
        for (File part : parts(files, "part-m-")) {
            try (org.apache.avro.file.DataFileStream<Object> in = new org.apache.avro.file.DataFileStream<>(
                    Files.newInputStream(part.toPath()), new org.apache.avro.generic.GenericDatumReader<>())) {
                assertEquals(part.toString(), codec, in.getMetaString("avro.codec"));
                checked++;
            }
        }
        assertTrue("no part files in " + files, checked > 0);
    }

    @Test
    public void sequenceFileExportThenImportKeepsKeysDigestsTtlsAndEveryBin() throws Exception {
        roundTrip("seq");
    }

    @Test
    public void exportedFilesCarryEachRecordsDigestGenerationAndTtl() throws Exception {
        Path work = work("export-fields");
        Path seq = work.resolve("seq");
        Path json = work.resolve("json");
        assertEquals(0, ToolRun.run(work, "export", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                "--format", "seq", "--output", seq.toString()).exitStatus);
        assertEquals(0, ToolRun.run(work, "export", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                "--output", json.toString()).exitStatus);

        // SequenceFiles: (AerospikeKey, AerospikeRecord) as the reader gave them.
        Map<String, AerospikeRecord> fromSeq = new HashMap<>();
        Map<String, AerospikeKey> keys = new HashMap<>();
        Configuration conf = new Configuration();
        for (File part : parts(seq, "part-m-")) {
            try (SequenceFile.Reader in = new SequenceFile.Reader(conf,
                    SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(part.getPath())))) {
                AerospikeKey key = new AerospikeKey();
                AerospikeRecord record = new AerospikeRecord();
                while (in.next(key, record)) {
                    String id = SetSnapshot.identity(key.digest(), key.userKey());
                    fromSeq.put(id, AerospikeRecord.copyOf(record));
                    keys.put(id, AerospikeKey.copyOf(key));
                }
            }
        }
        assertEquals(source.entries.keySet(), fromSeq.keySet());
        for (Map.Entry<String, SetSnapshot.Entry> e : source.entries.entrySet()) {
            AerospikeRecord r = fromSeq.get(e.getKey());
            assertArrayEquals(e.getValue().digest, keys.get(e.getKey()).digest());
            assertEquals(SOURCE, keys.get(e.getKey()).set());
            assertEquals("generation of " + e.getKey(), e.getValue().record.generation, r.generation());
            int ttl = e.getValue().record.getTimeToLive();
            assertTrue("TTL of " + e.getKey(), ttl == -1 ? r.ttl() == -1 : Math.abs(ttl - r.ttl()) <= TTL_SLACK_SECONDS);
        }

        // JSON lines: typed values a JSON reader can tell apart.
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (File part : parts(json, "part-m-")) {
            for (String line : Files.readAllLines(part.toPath())) {
                lines.add(mapper.readTree(line));
            }
        }
        assertEquals(RECORDS, lines.size());
        int seen = 0;
        for (JsonNode line : lines) {
            byte[] digest = Base64.getDecoder().decode(line.get("digest").asText());
            JsonNode key = line.get("key");
            Object userKey = key == null ? null : key.isIntegralNumber() ? (Object) key.asLong()
                    : key.isTextual() ? key.asText() : Base64.getDecoder().decode(key.get("$blob").asText());
            SetSnapshot.Entry e = source.entries.get(SetSnapshot.identity(digest, userKey));
            assertArrayEquals(e.digest, digest);
            assertEquals(e.record.generation, line.get("generation").asInt());
            JsonNode bins = line.get("bins");
            long n = bins.get("n").asLong();
            if (n % 8 == 3) {
                // 2.0 stays a float: written with a fraction.
                assertTrue(bins.get("f").toString(), bins.get("f").isDouble());
                assertEquals("2.0", bins.get("f").toString());
                seen++;
            } else if (n % 8 == 0) {
                assertEquals("NaN", bins.get("f").get("$float").asText());
            }
            assertTrue(bins.get("geo").get("$geojson").asText().contains("Point"));
            assertTrue(bins.get("map").has("$map"));
            assertEquals("not a blob", bins.get("dollar").get("$map").get(0).get(1).asText());
            if (bins.has("blob")) {
                assertTrue(bins.get("blob").has("$blob"));
            }
        }
        assertEquals(RECORDS / 8, seen);
    }

    /** The partition a digest belongs to, as the server computes it: its first 12 bits, little-endian. */
    private static int partitionOf(byte[] digest) {
        return ((digest[0] & 0xff) | ((digest[1] & 0xff) << 8)) & 4095;
    }

    /** The digests of a JSON lines export, base64 as written. */
    private static List<String> exportedDigests(Path dir) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> digests = new ArrayList<>();
        for (File part : parts(dir, "part-m-")) {
            for (String line : Files.readAllLines(part.toPath())) {
                digests.add(mapper.readTree(line).get("digest").asText());
            }
        }
        return digests;
    }

    @Test
    public void exportingTwoPartitionHalvesGivesDisjointFilesWhoseUnionIsTheWholeSet() throws Exception {
        Path work = work("export-halves");
        Map<String, Integer> seen = new HashMap<>();
        long exported = 0;
        for (String range : List.of("0-2047", "2048-4095")) {
            Path dir = work.resolve("part-" + range);
            ToolRun run = ToolRun.run(work, "export", "--hosts", hosts(), "--namespace", NS, "--set", SOURCE,
                    "--partitions", range, "--splits", "3", "--output", dir.toString());
            assertEquals(run.toString(), 0, run.exitStatus);
            int first = Integer.parseInt(range.split("-")[0]);
            int last = Integer.parseInt(range.split("-")[1]);
            List<String> digests = exportedDigests(dir);
            assertEquals(digests.size(), run.summaryValue("records"));
            assertTrue(range + " holds some of the " + RECORDS + " records", digests.size() > 0 && digests.size() < RECORDS);
            exported += digests.size();
            for (String d : digests) {
                int p = partitionOf(Base64.getDecoder().decode(d));
                assertTrue(d + " is in partition " + p + ", outside " + range, p >= first && p <= last);
                assertEquals("exported twice: " + d, null, seen.put(d, p));
            }
        }
        assertEquals(RECORDS, exported);
        List<String> all = source.entries.values().stream().map(e -> Base64.getEncoder().encodeToString(e.digest))
                .sorted().collect(Collectors.toList());
        assertEquals(all, seen.keySet().stream().sorted().collect(Collectors.toList()));
    }

    private static List<File> parts(Path dir, String prefix) {
        File[] files = dir.toFile().listFiles((d, name) -> name.startsWith(prefix));
        assertTrue("no " + prefix + " files in " + dir, files != null && files.length > 0);
        return List.of(files);
    }

    private static Path tsv(Path work, String... lines) throws Exception {
        Path file = work.resolve("people.tsv");
        Files.write(file, List.of(lines));
        return file;
    }

    private static final String[] PEOPLE = {
        "id\tname\tage\tscore\tactive\ttags\tphoto\tignored",
        "1\tAda\t36\t99.5\ttrue\t[\"x\",1]\tAAEC\tzzz",
        "2\tBob\t41\t2\tfalse\t{\"k\":{\"$blob\":\"AQ==\"}}\t\tzzz",
        "3\tCy\tforty\t1.5\ttrue\t[]\t\tzzz",
        "4\tDee\t22\t7.25\tfalse\t[]\t\tzzz",
        "5\tEve\t30\t1\ttrue\tnull",
    };
    private static final String PEOPLE_COLUMNS = "_key:int,name,age:int,score:float,active:bool,tags:json,photo:blob,_skip";

    /**
     * JSON lines for the import's error policy: a record with a $map bin and one that names a bin
     * twice (both left to the object path by the fast one: the map keeps its typed key, the last
     * value wins), a blank line (skipped, not counted) and an unfinished record on line 3.
     */
    private static final String DIGEST = Base64.getEncoder().encodeToString(new byte[20]);
    private static final String[] JSON_LINES = {
        "{\"namespace\":\"test\",\"digest\":\"" + DIGEST + "\",\"key\":1,\"generation\":1,\"ttl\":-1,"
                + "\"bins\":{\"n\":\"one\",\"m\":{\"$map\":[[2,\"two\"]]}}}",
        "",
        "{\"namespace\":\"test\",\"digest\":\"" + DIGEST + "\",\"key\":2,\"bins\":{\"n\":\"broken\"",
        "{\"namespace\":\"test\",\"digest\":\"" + DIGEST + "\",\"key\":3,\"ttl\":-1,"
                + "\"bins\":{\"n\":\"three\",\"n\":\"three again\",\"i\":3}}",
    };

    @Test
    public void jsonImportFailsAtAMalformedLineNamingItWhenNoErrorsAreAllowed() throws Exception {
        Path work = work("json-fail");
        Path file = work.resolve("records.jsonl");
        Files.write(file, List.of(JSON_LINES));
        try (JobFailures failures = JobFailures.capture()) {
            ToolRun run = ToolRun.run(work, "import", "--format", "json", "--input", file.toString(), "--hosts", hosts(),
                    "--namespace", NS, "--set", "tools_json_fail");
            assertEquals(run.toString(), 1, run.exitStatus);
            assertTrue(run.out, run.out.contains("status=FAILED"));
            String why = failures.awaitMessages(10_000);
            assertTrue(why, why.contains("line 3 of file:" + file + ": "));
        }
    }

    @Test
    public void jsonImportSkipsAndCountsMalformedLinesAndWritesTheObjectPathsRecords() throws Exception {
        Path work = work("json-skip");
        Path file = work.resolve("records.jsonl");
        Files.write(file, List.of(JSON_LINES));
        String set = "tools_json_skip";
        java.io.StringWriter jobLog = new java.io.StringWriter();
        ToolRun run = runLoggingCounters(work, jobLog, "import", "--format", "json", "--input", file.toString(),
                "--hosts", hosts(), "--namespace", NS, "--set", set, "--errors-max", "1");
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(2, run.summaryValue("records"));
        assertEquals(1, run.summaryValue("failures"));
        // The lines arrive in one block; the job's input records are still its lines, the blank one too.
        assertTrue(jobLog.toString(), jobLog.toString().contains("Map input records=" + JSON_LINES.length));
        StoredRecords stored = StoredRecords.scan(cluster.client, set);
        assertEquals(2, stored.byKey.size());
        com.aerospike.client.Record one = stored.byKey.get(1L);
        assertEquals("one", one.getString("n"));
        SetSnapshot.assertDeepEquals("m", Map.of(2L, "two"), one.bins.get("m"));
        com.aerospike.client.Record three = stored.byKey.get(3L);
        assertEquals("three again", three.getString("n"));
        assertEquals(3L, three.getLong("i"));
        assertEquals(-1, three.getTimeToLive());
    }

    @Test
    public void tsvImportFailsAtAMalformedLineNamingItWhenNoErrorsAreAllowed() throws Exception {
        Path work = work("tsv-fail");
        Path file = tsv(work, PEOPLE);
        try (JobFailures failures = JobFailures.capture()) {
            ToolRun run = ToolRun.run(work, "import", "--format", "tsv", "--input", file.toString(), "--hosts", hosts(),
                    "--namespace", NS, "--set", "tools_tsv_fail", "--columns", PEOPLE_COLUMNS, "--skip-header");
            assertEquals(run.toString(), 1, run.exitStatus);
            assertTrue(run.out, run.out.contains("status=FAILED"));
            String why = failures.awaitMessages(10_000);
            assertTrue(why, why.contains("line 4 of file:" + file + ": column 3 (age:int): 'forty' is not a 64-bit integer"));
        }
    }

    /** Runs a tool, with the job's counters, as the job client logs them at the end, in {@code jobLog}. */
    private static ToolRun runLoggingCounters(Path work, java.io.StringWriter jobLog, String... args) throws Exception {
        org.apache.log4j.WriterAppender counters = new org.apache.log4j.WriterAppender(new org.apache.log4j.SimpleLayout(), jobLog);
        org.apache.log4j.Logger.getLogger(org.apache.hadoop.mapreduce.Job.class).addAppender(counters);
        try {
            return ToolRun.run(work, args);
        } finally {
            org.apache.log4j.Logger.getLogger(org.apache.hadoop.mapreduce.Job.class).removeAppender(counters);
        }
    }

    @Test
    public void tsvImportSkipsAndCountsMalformedLinesWithinTheErrorBudget() throws Exception {
        Path work = work("tsv-skip");
        Path file = tsv(work, PEOPLE);
        String set = "tools_tsv_skip";
        java.io.StringWriter jobLog = new java.io.StringWriter();
        ToolRun run = runLoggingCounters(work, jobLog, "import", "--format", "tsv", "--input", file.toString(),
                "--hosts", hosts(), "--namespace", NS, "--set", set, "--columns", PEOPLE_COLUMNS, "--skip-header",
                "--errors-max", "2", "--ttl", "-1");
        assertEquals(run.toString(), 0, run.exitStatus);
        assertEquals(3, run.summaryValue("records"));
        // Read in one block of lines; the job's input records are still its lines, the header too.
        assertTrue(jobLog.toString(), jobLog.toString().contains("Map input records=" + PEOPLE.length));
        // Line 4 ('forty') and line 6 (6 fields of 8) were skipped.
        assertEquals(2, run.summaryValue("failures"));
        StoredRecords stored = StoredRecords.scan(cluster.client, set);
        assertEquals(Map.of(1L, 36L, 2L, 41L, 4L, 22L), stored.longBin("age"));
        com.aerospike.client.Record ada = stored.byKey.get(1L);
        assertEquals("Ada", ada.getString("name"));
        assertEquals(99.5, ada.getDouble("score"), 0);
        assertEquals(Boolean.TRUE, ada.bins.get("active"));
        SetSnapshot.assertDeepEquals("tags", List.of("x", 1L), ada.bins.get("tags"));
        assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) ada.bins.get("photo"));
        assertEquals(-1, ada.getTimeToLive());
        com.aerospike.client.Record bob = stored.byKey.get(2L);
        assertEquals(2.0, bob.bins.get("score"));
        assertTrue("an empty blob field writes no bin", !bob.bins.containsKey("photo"));
        assertTrue("_skip columns write no bin", !bob.bins.containsKey("ignored") && !bob.bins.containsKey("_skip"));
        SetSnapshot.assertDeepEquals("tags", Map.of("k", new byte[] {1}), bob.bins.get("tags"));
    }

    @Test
    public void csvImportHonoursQuotesAndColumnTypes() throws Exception {
        Path work = work("csv");
        Path file = work.resolve("cities.csv");
        Files.write(file, List.of(
                "paris,\"Paris, \"\"the city\"\"\",2102650,\"{\"\"type\"\":\"\"Point\"\",\"\"coordinates\"\":[2.35,48.85]}\"",
                "oslo,Oslo,709037,\"{\"\"type\"\":\"\"Point\"\",\"\"coordinates\"\":[10.75,59.91]}\""));
        String set = "tools_csv";
        ToolRun run = ToolRun.run(work, "import", "--format", "csv", "--input", file.toString(), "--hosts", hosts(),
                "--namespace", NS, "--set", set, "--columns", "_key,name,population:int,where:geojson", "--ttl", "0");
        assertEquals(run.toString(), 0, run.exitStatus);
        StoredRecords stored = StoredRecords.scan(cluster.client, set);
        assertEquals(2, stored.size());
        assertEquals("Paris, \"the city\"", stored.byKey.get("paris").getString("name"));
        assertEquals(709037L, stored.byKey.get("oslo").getLong("population"));
        assertEquals("{\"type\":\"Point\",\"coordinates\":[10.75,59.91]}",
                stored.byKey.get("oslo").getGeoJSONString("where"));
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    public void everyBadArgumentIsRefusedNamingIt() throws Exception {
        Path work = work("bad-args");
        String out = work.resolve("out").toString();
        Files.createDirectories(work.resolve("exists"));
        String closed = "127.0.0.1:" + closedPort();
        String[][] cases = {
            {"--frobnicate", "export", "--hosts", hosts(), "--namespace", NS, "--output", out, "--frobnicate", "1"},
            {"--output is required", "export", "--hosts", hosts(), "--namespace", NS},
            {"--namespace is required", "export", "--hosts", hosts(), "--output", out},
            {"--format: 'xml' is not one of json, avro, seq", "export", "--namespace", NS, "--format", "xml", "--output", out},
            {"--avro-codec applies to --format avro only", "export", "--namespace", NS, "--avro-codec", "snappy", "--output",
                out},
            {"--avro-codec: 'zstd' is not one of deflate, snappy, null", "export", "--namespace", NS, "--format", "avro",
                "--avro-codec", "zstd", "--output", out},
            {"--output: " + work.resolve("exists") + " already exists", "export", "--namespace", NS, "--output",
                work.resolve("exists").toString()},
            {"--splits", "export", "--namespace", NS, "--splits", "0", "--output", out},
            {"--partitions: invalid aerospike.input.partitions='0-4096': partition 4096 does not exist", "export",
                "--namespace", NS, "--partitions", "0-4096", "--output", out},
            {"--partitions: invalid aerospike.input.partitions='2048-2047': the range is empty", "export",
                "--namespace", NS, "--partitions", "2048-2047", "--output", out},
            {"--partitions: invalid aerospike.input.partitions='half'", "count", "--namespace", NS, "--partitions", "half"},
            {"--filter", "count", "--namespace", NS, "--filter", "%%%"},
            {"--hosts", "count", "--namespace", NS, "--hosts", "127.0.0.1:99999"},
            // The job's connect at submission (getSplits, checkOutputSpecs), which joins the tool's own
            // connect in flight for a local job (LocalJobConnections): one refusal, naming --hosts.
            {"cannot connect to the cluster at " + closed, "export", "--namespace", NS, "--hosts", closed, "--output", out},
            {"cannot connect to the cluster at " + closed, "import", "--input", work.toString(), "--namespace", NS,
                "--hosts", closed},
            {"--columns: no _key column", "import", "--format", "tsv", "--input", work.toString(), "--namespace", NS,
                "--columns", "a,b"},
            {"--columns: column 2 ('b:decimal'): unknown type 'decimal'", "import", "--format", "tsv", "--input",
                work.toString(), "--namespace", NS, "--columns", "_key,b:decimal"},
            {"--columns applies to tsv and csv input only", "import", "--input", work.toString(), "--namespace", NS,
                "--columns", "_key"},
            {"--ttl: 'keep' needs input that carries TTLs", "import", "--format", "csv", "--input", work.toString(),
                "--namespace", NS, "--columns", "_key", "--ttl", "keep"},
            {"--ttl: 'soon' is neither", "import", "--input", work.toString(), "--namespace", NS, "--ttl", "soon"},
            {"--write-mode", "import", "--input", work.toString(), "--namespace", NS, "--write-mode", "upsert"},
            {"--errors-max", "import", "--input", work.toString(), "--namespace", NS, "--errors-max", "-5"},
            {work.resolve("missing") + " does not exist", "import", "--input",
                work.resolve("missing").toString(), "--namespace", NS},
            {"--rename: 'a' is not old=new", "copy", "--namespace", NS, "--set", SOURCE, "--to-set", "x", "--rename", "a"},
            {"--to-set: the target is the source set", "copy", "--namespace", NS, "--set", SOURCE},
            {"--set is required", "copy", "--namespace", NS},
            {"unknown tool 'rowcounter'", "rowcounter"},
            {"--namespace needs a value", "count", "--namespace"},
            {"unexpected argument 'stray'", "count", "--namespace", NS, "stray"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            ToolRun run = ToolRun.run(work, args);
            assertEquals(String.join(" ", args) + "\n" + run, 2, run.exitStatus);
            assertTrue("expected '" + c[0] + "' for " + String.join(" ", args) + "\n" + run, run.err.contains(c[0]));
            assertTrue(run.out, run.lines("SUMMARY").isEmpty());
        }
    }

    @Test
    public void helpDescribesEveryOptionOfEachTool() throws Exception {
        Path work = work("help");
        Map<String, List<String>> options = Map.of(
                "count", List.of("--hosts", "--namespace", "--set", "--filter", "--splits", "--partitions", "--output"),
                "export", List.of("--hosts", "--namespace", "--set", "--filter", "--bins", "--splits", "--partitions",
                        "--format", "--avro-codec", "--output"),
                "import", List.of("--input", "--format", "--hosts", "--namespace", "--set", "--columns", "--separator",
                        "--skip-header", "--ttl", "--ttl-resolution", "--write-mode", "--errors-max"),
                "copy", List.of("--hosts", "--namespace", "--set", "--filter", "--bins", "--partitions", "--to-hosts", "--to-namespace",
                        "--to-set", "--rename", "--ttl", "--write-mode", "--errors-max"));
        for (Map.Entry<String, List<String>> tool : options.entrySet()) {
            ToolRun run = ToolRun.run(work, tool.getKey(), "--help");
            assertEquals(run.toString(), 0, run.exitStatus);
            assertTrue(run.out, run.out.startsWith("Usage: hadoop jar aerohadoop-"));
            List<String> missing = tool.getValue().stream().filter(o -> !run.out.contains("  " + o + " ")
                    && !run.out.contains("  " + o + "\n")).collect(Collectors.toList());
            assertEquals(tool.getKey() + " --help:\n" + run.out, List.of(), missing);
        }
        ToolRun all = ToolRun.run(work, "--help");
        for (String tool : options.keySet()) {
            assertTrue(all.out, all.out.contains("  " + tool + " "));
        }
    }

    @Test
    public void theJarsMainClassRunsATool() throws Exception {
        Path work = work("java-cp");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(System.getProperty("aerohadoop.jar"))) {
            assertEquals("io.aerohadoop.tools.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        List<String> args = new ArrayList<>();
        args.add("count");
        args.addAll(List.of(LocalJobs.asOptions(work)));
        args.addAll(List.of("--hosts", hosts(), "--namespace", NS, "--set", SOURCE));
        ChildJvm.Result run = ChildJvm.run(work, 120, "io.aerohadoop.tools.Main", args);
        assertEquals(run.output, 0, run.exitStatus);
        assertTrue(run.output, run.output.contains("COUNT set=" + SOURCE + " records=" + RECORDS + " server_objects="
                + RECORDS + "\n"));
        assertTrue(run.output, run.output.contains("SUMMARY tool=count records=" + RECORDS + " "));
    }
}
