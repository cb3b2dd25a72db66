package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Import of TSV/CSV lines through the {@link ColumnMapping} of {@code --columns}. Lines are
 * numbered within their file (one split per file); a line that does not parse goes to the error
 * policy ({@link MalformedInput}) as "line N of file: what is wrong". Its input is
 * {@link LineBlockInputFormat}'s blocks of lines (Hadoop's per-record tracking, paid per block,
 * not per line), counted line by line as the job's input records.
 */
public final class DelimitedImportMapper extends LineBlockMapper<AerospikeKey, AerospikeRecord> {
    static final String COLUMNS = "aerohadoop.tools.import.columns";
    static final String SEPARATOR = "aerohadoop.tools.import.separator";
    static final String QUOTED = "aerohadoop.tools.import.quoted";
    static final String SKIP_HEADER = "aerohadoop.tools.import.skip.header";

    /**
     * The writer computes the digest from the set and the user key; the key object only needs a
     * well-formed one, so every record carries this placeholder (never sent: the user key wins).
     */
    private static final byte[] NO_DIGEST = new byte[AerospikeKey.DIGEST_LENGTH];

    private final AerospikeKey key = new AerospikeKey();
    private final AerospikeRecord record = new AerospikeRecord();
    private ColumnMapping columns;
    private char separator;
    private boolean quoted;
    private boolean skipHeader;
    private String namespace;
    private String set;
    private MalformedInput malformed;
    private String file;
    private Counter inputRecords;

    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
        super.setup(context);
        Configuration conf = context.getConfiguration();
        try {
            columns = ColumnMapping.parse(conf.get(COLUMNS, ""));
        } catch (UsageException e) {
            throw new IOException(e.getMessage(), e);
        }
        separator = conf.get(SEPARATOR, "\t").charAt(0);
        quoted = conf.getBoolean(QUOTED, false);
        skipHeader = conf.getBoolean(SKIP_HEADER, false);
        namespace = conf.get(io.aerohadoop.config.OutputKeys.NAMESPACE, "");
        set = new TargetSet(conf).set();
        malformed = new MalformedInput(conf, context);
        file = ((FileSplit) context.getInputSplit()).getPath().toString();
        inputRecords = context.getCounter(ImportCounters.GROUP, ImportCounters.INPUT_RECORDS);
    }

    @Override
    void line(long line, byte[] bytes, int start, int length, Context context) throws IOException, InterruptedException {
        if (line == 1 && skipHeader) {
            return;
        }
        if (length == 0) {
            return;
        }
        // As Text.toString() decodes a line: malformed UTF-8 becomes U+FFFD.
        String s = new String(bytes, start, length, StandardCharsets.UTF_8);
        inputRecords.increment(1);
        Object userKey;
        try {
            userKey = columns.fill(ColumnMapping.split(s, separator, quoted), record);
        } catch (IOException e) {
            malformed.report("line " + line + " of " + file, e.getMessage());
            return;
        }
        key.set(namespace, set, NO_DIGEST, userKey);
        context.write(key, record);
    }
}
