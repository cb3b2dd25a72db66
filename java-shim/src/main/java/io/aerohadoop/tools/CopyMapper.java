package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Mapper;

/** Copy: each record read is written to the target set, its bins renamed as {@code --rename} says. */
public final class CopyMapper extends Mapper<AerospikeKey, AerospikeRecord, AerospikeKey, AerospikeRecord> {
    /** {@code old=new,old=new}. */
    static final String RENAME = "aerohadoop.tools.copy.rename";

    private TargetSet target;
    private Map<String, String> rename;
    private final List<Map.Entry<String, Object>> renamed = new ArrayList<>();

    @Override
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        target = new TargetSet(conf);
        try {
            rename = parseRename(conf.get(RENAME, ""));
        } catch (UsageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Parses {@code old=new,...}; errors name the entry. */
    static Map<String, String> parseRename(String spec) throws UsageException {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec.trim().isEmpty()) {
            return map;
        }
        for (String entry : spec.split(",", -1)) {
            int eq = entry.indexOf('=');
            String from = eq < 0 ? "" : entry.substring(0, eq).trim();
            String to = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (from.isEmpty() || to.isEmpty()) {
                throw new UsageException("--rename: '" + entry + "' is not old=new");
            }
            if (to.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15) {
                throw new UsageException("--rename: '" + to + "' is longer than 15 bytes, the limit of a bin name");
            }
            if (map.put(from, to) != null) {
                throw new UsageException("--rename: bin '" + from + "' is renamed twice");
            }
        }
        if (new java.util.HashSet<>(map.values()).size() != map.size()) {
            throw new UsageException("--rename: two bins get the same new name");
        }
        return map;
    }

    @Override
    protected void map(AerospikeKey key, AerospikeRecord record, Context context) throws IOException, InterruptedException {
        target.apply(key);
        if (!rename.isEmpty()) {
            renamed.clear();
            renamed.addAll(record.bins().entrySet());
            Map<String, Object> bins = new LinkedHashMap<>();
            for (Map.Entry<String, Object> bin : renamed) {
                bins.put(rename.getOrDefault(bin.getKey(), bin.getKey()), bin.getValue());
            }
            if (bins.size() != renamed.size()) {
                throw new IOException("renaming the bins of " + key + " (" + record.bins().keySet() + ") with " + rename
                        + " gives two bins one name");
            }
            record.bins().clear();
            record.bins().putAll(bins);
        }
        context.write(key, record);
    }
}
