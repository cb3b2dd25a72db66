package io.aerohadoop.hive.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The example of {@code docs/hive.md}, run statement by statement as written there, with only the
 * seed and the jar's path replaced: its last query must print what the document says it prints.
 */
public class DocExampleTest {
    private static final String START = "<!-- example:start -->";
    private static final String END = "<!-- example:end -->";

    @Test
    public void theDocumentedExampleRunsAndPrintsTheDocumentedRows() throws Exception {
        HiveFixture hive = HiveFixture.get();
        String doc = new String(Files.readAllBytes(docs()), StandardCharsets.UTF_8);
        String block = doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END));
        block = block.substring(block.indexOf("```sql") + 6, block.lastIndexOf("```"));
        String seed = hive.aerolite.seeds().split(",")[0];
        block = block.replace("127.0.0.1:3000", seed)
                .replace("/opt/aerohadoop/aerohadoop-0.1.0.jar", System.getProperty("aerohadoop.jar"));
        List<String> statements = new ArrayList<>();
        for (String s : block.split(";")) {
            if (!s.trim().isEmpty()) {
                statements.add(s.trim());
            }
        }
        hive.set("hive.fetch.task.conversion", "none");
        List<String> last = null;
        for (String s : statements) {
            last = hive.statement(s);
        }
        // The rows the document shows after the example.
        String after = doc.substring(doc.indexOf(END));
        String printed = after.substring(after.indexOf("```\n") + 4, after.indexOf("\n```", after.indexOf("```\n") + 4));
        assertEquals(List.of(printed.split("\n")), last);
        assertTrue(after.contains("`Aerospike Input: Records read` is 2, not 3"));
        assertEquals(2, hive.recordsRead());
    }

    private static Path docs() {
        // Gradle runs tests in the project directory, integration-tests/hive.
        Path p = Paths.get("../../docs/hive.md");
        return Files.exists(p) ? p : Paths.get("docs/hive.md");
    }
}
