package io.aerohadoop.pig;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.ReadConfig;
import io.aerohadoop.io.AerospikeKey;
import io.aerohadoop.io.AerospikeRecord;
import io.aerohadoop.mapreduce.AerospikeInputFormat;
import io.aerohadoop.mapreduce.AerospikeOutputFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.pig.Expression;
import org.apache.pig.LoadFunc;
import org.apache.pig.LoadMetadata;
import org.apache.pig.LoadPredicatePushdown;
import org.apache.pig.LoadPushDown;
import org.apache.pig.ResourceSchema;
import org.apache.pig.ResourceSchema.ResourceFieldSchema;
import org.apache.pig.ResourceStatistics;
import org.apache.pig.StoreFuncInterface;
import org.apache.pig.backend.hadoop.executionengine.mapReduceLayer.PigSplit;
import org.apache.pig.data.DataByteArray;
import org.apache.pig.data.DataType;
import org.apache.pig.data.Tuple;
import org.apache.pig.data.TupleFactory;
import org.apache.pig.impl.logicalLayer.FrontendException;
import org.apache.pig.impl.util.UDFContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pig's load and store function for Aerospike (see {@code docs/pig.md}):
 *
 * <pre>
 * A = LOAD 'aerospike://test/people' USING io.aerohadoop.pig.AerospikeStorage('name:chararray age:int k=:key');
 * STORE A INTO 'aerospike://test/copy' USING io.aerohadoop.pig.AerospikeStorage('k');
 * </pre>
 *
 * <p>Loading, the first argument lists the fields ({@link PigField}); fields without a type, or all
 * bins when it is empty, are typed from a sample of records. Pig's column pruning reaches the server
 * as the bins to send ({@code aerospike.input.binnames}); FILTER conditions on bins become a
 * server-side filter expression ({@link FilterTranslator}). Storing, the first argument names the
 * field that is the user key; every other field is a bin. The optional second argument holds
 * connection and policy options ({@link Location}).
 */
public class AerospikeStorage extends LoadFunc
        implements StoreFuncInterface, LoadMetadata, LoadPushDown, LoadPredicatePushdown {
    private static final Logger LOG = LoggerFactory.getLogger(AerospikeStorage.class);
    private static final String INPUT = "aerospike.input.";
    private static final String OUTPUT = "aerospike.output.";
    /** Options of the storage function that are not configuration keys. */
    static final String SAMPLE = "sample";
    private static final Set<String> EXTRA = Collections.singleton(SAMPLE);
    private static final int DEFAULT_SAMPLE = 100;

    // UDFContext properties: what the script's client decided, for the task's copy of this object.
    private static final String FIELDS = "aerohadoop.pig.fields";
    private static final String REQUIRED = "aerohadoop.pig.required";
    private static final String FILTER = "aerohadoop.pig.filter";
    private static final String STORE_FIELDS = "aerohadoop.pig.store.fields";

    private final String spec;
    private final String options;
    private String signature;
    private String storeSignature;

    private List<PigField> fields;
    private int[] required;
    private RecordReader<AerospikeKey, Writable> reader;
    private RecordWriter<Writable, AerospikeRecord> writer;
    private List<String> storeFields;
    private int keyIndex;
    private final TupleFactory tuples = TupleFactory.getInstance();

    /** Every bin, typed from a sample (loading only). */
    public AerospikeStorage() {
        this("", null);
    }

    /** @param spec loading: the fields; storing: the user key field */
    public AerospikeStorage(String spec) {
        this(spec, null);
    }

    /** @param options {@code option=value} pairs separated by blanks (docs/pig.md) */
    public AerospikeStorage(String spec, String options) {
        this.spec = spec == null ? "" : spec;
        this.options = options;
    }

    // ---- loading -------------------------------------------------------------------------------

    @Override
    public String relativeToAbsolutePath(String location, Path curDir) {
        return location;
    }

    @Override
    public void setUDFContextSignature(String signature) {
        this.signature = signature;
    }

    private Properties loadProperties() {
        return UDFContext.getUDFContext().getUDFProperties(getClass(), new String[] {signature});
    }

    @Override
    public void setLocation(String location, Job job) throws IOException {
        Location loc = Location.parse(location, options, INPUT, EXTRA);
        loc.apply(job.getConfiguration(), INPUT, EXTRA);
        List<PigField> resolved = fields(loc, job);
        int[] req = required(resolved);
        Set<String> bins = new LinkedHashSet<>();
        for (int i : req) {
            if (resolved.get(i).kind == PigField.Kind.BIN) {
                bins.add(resolved.get(i).bin);
            }
        }
        // The reader hands this function records, whatever a SET in the script says.
        job.getConfiguration().unset(InputKeys.VALUE_BIN);
        job.getConfiguration().set(InputKeys.VALUE_FORMAT, "record");
        if (bins.isEmpty()) {
            // Only metadata wanted: the input format has no "no bins" read; all bins travel.
            job.getConfiguration().unset(InputKeys.BIN_NAMES);
        } else {
            job.getConfiguration().set(InputKeys.BIN_NAMES, String.join(",", bins));
        }
        String filter = loadProperties().getProperty(FILTER);
        if (filter != null) {
            String before = job.getConfiguration().get(InputKeys.FILTER_EXP);
            job.getConfiguration().set(InputKeys.FILTER_EXP, FilterTranslator.and(before, filter));
        }
    }

    /** The fields after sampling: computed once in the client, then read from the UDFContext. */
    private List<PigField> fields(Location loc, Job job) throws IOException {
        if (fields != null) {
            return fields;
        }
        String stored = loadProperties().getProperty(FIELDS);
        if (stored != null) {
            fields = PigField.parseList(stored);
            return fields;
        }
        int limit = DEFAULT_SAMPLE;
        String sample = loc.options.get(SAMPLE);
        if (sample != null) {
            try {
                limit = Integer.parseInt(sample);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw new IOException("AerospikeStorage: option sample=" + sample + " is not a record count of 1 or more");
            }
        }
        fields = SchemaSampler.resolve(job.getConfiguration(), PigField.parseList(spec), limit);
        loadProperties().setProperty(FIELDS, PigField.specList(fields));
        return fields;
    }

    private int[] required(List<PigField> resolved) {
        if (required != null) {
            return required;
        }
        String stored = loadProperties().getProperty(REQUIRED);
        if (stored == null) {
            int[] all = new int[resolved.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        required = stored.isEmpty() ? new int[0] : Arrays.stream(stored.split(",")).mapToInt(Integer::parseInt).toArray();
        return required;
    }

    @Override
    public InputFormat<AerospikeKey, Writable> getInputFormat() {
        return new AerospikeInputFormat();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void prepareToRead(RecordReader reader, PigSplit split) {
        this.reader = reader;
    }

    @Override
    public Tuple getNext() throws IOException {
        AerospikeKey key;
        AerospikeRecord record;
        try {
            if (!reader.nextKeyValue()) {
                return null;
            }
            key = reader.getCurrentKey();
            record = (AerospikeRecord) reader.getCurrentValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
        int[] req = required(fields);
        Tuple t = tuples.newTuple(req.length);
        for (int i = 0; i < req.length; i++) {
            PigField f = fields.get(req[i]);
            t.set(i, value(f, key, record));
        }
        return t;
    }

    private static Object value(PigField f, AerospikeKey key, AerospikeRecord record) throws IOException {
        switch (f.kind) {
            case BIN:
                return PigValues.toPig(record.get(f.bin), f);
            case KEY:
                return PigValues.toPig(key.userKey(), f);
            case DIGEST:
                return new DataByteArray(key.digest());
            case GENERATION:
                return record.generation();
            case TTL:
                return record.ttl();
            default:
                throw new IllegalStateException(f.kind.toString());
        }
    }

    @Override
    public ResourceSchema getSchema(String location, Job job) throws IOException {
        Location loc = Location.parse(location, options, INPUT, EXTRA);
        Job copy = Job.getInstance(job.getConfiguration());
        loc.apply(copy.getConfiguration(), INPUT, EXTRA);
        // Checked here, in the script's client: Pig reports a failed getSplits only as "Job in
        // state DEFINE", without the key at fault.
        ReadConfig.from(copy.getConfiguration());
        List<PigField> resolved = fields(loc, copy);
        ResourceFieldSchema[] schema = new ResourceFieldSchema[resolved.size()];
        for (int i = 0; i < schema.length; i++) {
            schema[i] = new ResourceFieldSchema().setName(resolved.get(i).name).setType(resolved.get(i).type);
        }
        return new ResourceSchema().setFields(schema);
    }

    @Override
    public ResourceStatistics getStatistics(String location, Job job) {
        return null;
    }

    @Override
    public String[] getPartitionKeys(String location, Job job) {
        return null;
    }

    @Override
    public void setPartitionFilter(Expression partitionFilter) {
        // No partition keys, so Pig never calls this.
    }

    @Override
    public List<OperatorSet> getFeatures() {
        return Collections.singletonList(OperatorSet.PROJECTION);
    }

    @Override
    public RequiredFieldResponse pushProjection(RequiredFieldList requiredFieldList) throws FrontendException {
        if (requiredFieldList == null || requiredFieldList.getFields() == null) {
            return new RequiredFieldResponse(false);
        }
        List<String> indexes = new ArrayList<>();
        for (RequiredField f : requiredFieldList.getFields()) {
            indexes.add(Integer.toString(f.getIndex()));
        }
        loadProperties().setProperty(REQUIRED, String.join(",", indexes));
        required = null;
        LOG.info("projection pushed down: fields {}", requiredFieldList);
        return new RequiredFieldResponse(true);
    }

    @Override
    public List<String> getPredicateFields(String location, Job job) throws IOException {
        List<String> names = new ArrayList<>();
        for (PigField f : fields(Location.parse(location, options, INPUT, EXTRA), job)) {
            if (FilterTranslator.filterable(f)) {
                names.add(f.name);
            }
        }
        return names;
    }

    @Override
    public List<Expression.OpType> getSupportedExpressionTypes() {
        return FilterTranslator.SUPPORTED;
    }

    @Override
    public void setPushdownPredicate(Expression predicate) throws IOException {
        String stored = loadProperties().getProperty(FIELDS);
        if (fields == null && stored == null) {
            // Pig asks for the predicate fields first; without them nothing is known to translate.
            return;
        }
        String exp = FilterTranslator.translate(predicate, fields != null ? fields : PigField.parseList(stored));
        if (exp != null) {
            loadProperties().setProperty(FILTER, exp);
            LOG.info("filter pushed down to the server: {}", predicate);
        }
    }

    // ---- storing -------------------------------------------------------------------------------

    @Override
    public String relToAbsPathForStoreLocation(String location, Path curDir) {
        return location;
    }

    @Override
    public OutputFormat<Writable, AerospikeRecord> getOutputFormat() {
        return new AerospikeOutputFormat<>();
    }

    @Override
    public void setStoreFuncUDFContextSignature(String signature) {
        this.storeSignature = signature;
    }

    private Properties storeProperties() {
        return UDFContext.getUDFContext().getUDFProperties(getClass(), new String[] {storeSignature});
    }

    @Override
    public void setStoreLocation(String location, Job job) throws IOException {
        Location.parse(location, options, OUTPUT, Collections.emptySet()).apply(job.getConfiguration(), OUTPUT,
                Collections.emptySet());
        // What putNext hands the writer; Pig's own default (Text) would read as a scalar value
        // and make the output format ask for aerospike.output.binname.
        job.setOutputKeyClass(Writable.class);
        job.setOutputValueClass(AerospikeRecord.class);
    }

    @Override
    public void checkSchema(ResourceSchema schema) throws IOException {
        if (schema == null) {
            throw new IOException("AerospikeStorage: STORE needs a relation with a schema (field names are the bin names)");
        }
        List<String> names = new ArrayList<>();
        for (ResourceFieldSchema f : schema.getFields()) {
            names.add(f.getName());
        }
        keyField(names);
        storeProperties().setProperty(STORE_FIELDS, String.join(",", names));
    }

    private int keyField(List<String> names) throws IOException {
        String key = spec.trim();
        if (key.isEmpty()) {
            throw new IOException("AerospikeStorage: STORE needs the user key field: USING AerospikeStorage('field')");
        }
        int i = names.indexOf(key);
        if (i < 0) {
            throw new IOException("AerospikeStorage: the key field '" + key + "' is not in the stored relation " + names);
        }
        Set<String> unique = new HashSet<>(names);
        if (unique.size() != names.size() || unique.contains(null)) {
            throw new IOException("AerospikeStorage: the stored fields " + names + " need distinct names (the bin names)");
        }
        return i;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void prepareToWrite(RecordWriter writer) throws IOException {
        this.writer = writer;
        String stored = storeProperties().getProperty(STORE_FIELDS);
        if (stored == null) {
            throw new IOException("AerospikeStorage: STORE needs a relation with a schema (field names are the bin names)");
        }
        storeFields = Arrays.asList(stored.split(",", -1));
        keyIndex = keyField(storeFields);
    }

    @Override
    public void putNext(Tuple t) throws IOException {
        if (t.size() != storeFields.size()) {
            throw new IOException("AerospikeStorage: a tuple of " + t.size() + " fields for the schema " + storeFields);
        }
        Writable key = userKey(t.get(keyIndex), storeFields.get(keyIndex));
        AerospikeRecord record = new AerospikeRecord();
        for (int i = 0; i < storeFields.size(); i++) {
            if (i != keyIndex) {
                record.put(storeFields.get(i), PigValues.toAerospike(t.get(i), storeFields.get(i)));
            }
        }
        try {
            writer.write(key, record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        }
    }

    private static Writable userKey(Object v, String field) throws IOException {
        if (v instanceof String) {
            return new Text((String) v);
        } else if (v instanceof Integer || v instanceof Long) {
            return new LongWritable(((Number) v).longValue());
        } else if (v instanceof DataByteArray) {
            return new BytesWritable(((DataByteArray) v).get());
        }
        throw new IOException("AerospikeStorage: the key field '" + field + "' holds "
                + (v == null ? "null" : "a " + DataType.findTypeName(v))
                + "; a user key is a chararray, int, long or bytearray");
    }

    @Override
    public void cleanupOnFailure(String location, Job job) {
        // Writes are by key and idempotent; what a failed job stored stays (docs/pig.md).
    }

    @Override
    public void cleanupOnSuccess(String location, Job job) {
        // Nothing to commit: records are stored as they are written.
    }
}
