package io.aerohadoop.hive;

import io.aerohadoop.hive.ColumnMapping.Column;
import io.aerohadoop.io.AerospikeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.serde2.AbstractSerDe;
import org.apache.hadoop.hive.serde2.SerDeException;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoFactory;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * Rows of an Aerospike table: each column is a bin or a metadata field of the record, as
 * {@code aerospike.columns.mapping} says ({@link ColumnMapping}); values convert as
 * {@code docs/hive.md} ("Types") lists, through Hive's standard Java object inspectors.
 *
 * <p>On writes the {@code :key} column is the user key (else the {@code :digest} column addresses
 * the record), {@code :generation} is the generation the writer's generation policy checks, and
 * {@code :ttl} is not written ({@code aerospike.output.ttl} applies); a NULL bin column deletes the bin.
 */
public final class AerospikeSerDe extends AbstractSerDe {
    private ColumnMapping mapping;
    private List<TypeInfo> types;
    private ObjectInspector inspector;
    private final List<Object> row = new ArrayList<>();
    private final AerospikeRow out = new AerospikeRow();

    @Override
    public void initialize(Configuration conf, Properties tableProperties, Properties partitionProperties)
            throws SerDeException {
        super.initialize(conf, tableProperties, partitionProperties);
        List<String> names = getColumnNames();
        types = getColumnTypes();
        try {
            mapping = ColumnMapping.parse(names, properties.getProperty(TableProperties.COLUMNS_MAPPING));
            for (int i = 0; i < names.size(); i++) {
                HiveTypes.check(mapping.column(i), types.get(i));
            }
        } catch (IllegalArgumentException e) {
            throw new SerDeException(e.getMessage(), e);
        }
        inspector = TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(
                TypeInfoFactory.getStructTypeInfo(names, types));
    }

    /** The table's column mapping, for the predicate handler. */
    ColumnMapping mapping() {
        return mapping;
    }

    /** The table's column types, in column order. */
    List<TypeInfo> types() {
        return types;
    }

    @Override
    public ObjectInspector getObjectInspector() {
        return inspector;
    }

    @Override
    public Class<? extends Writable> getSerializedClass() {
        return AerospikeRow.class;
    }

    @Override
    public Object deserialize(Writable blob) throws SerDeException {
        if (!(blob instanceof AerospikeRow)) {
            throw new SerDeException("AerospikeSerDe reads AerospikeRow values, not "
                    + (blob == null ? "null" : blob.getClass().getName()));
        }
        AerospikeRow r = (AerospikeRow) blob;
        row.clear();
        for (int i = 0; i < types.size(); i++) {
            row.add(ReadConversion.column(mapping.column(i), types.get(i), r.key(), r.record()));
        }
        return row;
    }

    @Override
    public Writable serialize(Object obj, ObjectInspector oi) throws SerDeException {
        if (!(oi instanceof StructObjectInspector)) {
            throw new SerDeException("AerospikeSerDe writes rows (structs), not " + oi.getTypeName());
        }
        StructObjectInspector s = (StructObjectInspector) oi;
        List<? extends StructField> fields = s.getAllStructFieldRefs();
        if (fields.size() != types.size()) {
            throw new SerDeException("a row of " + fields.size() + " values for a table of " + types.size() + " columns");
        }
        out.record().clear();
        Writable key = null;
        byte[] digest = null;
        for (int i = 0; i < fields.size(); i++) {
            Column c = mapping.column(i);
            StructField f = fields.get(i);
            Object v = WriteConversion.column(c, s.getStructFieldData(obj, f), f.getFieldObjectInspector());
            switch (c.kind) {
                case KEY:
                    key = keyWritable(v);
                    break;
                case DIGEST:
                    digest = digest(c, v);
                    break;
                case GENERATION:
                    out.record().setGeneration(v == null ? 0 : generation(c, (Long) v));
                    break;
                case TTL:
                    // aerospike.output.ttl applies to every written record, as in the output format.
                    break;
                default:
                    out.record().put(c.bin, v);
            }
        }
        if (key == null && digest != null) {
            // The writer takes a key without user key by its digest; namespace and set come from its configuration.
            key = new AerospikeKey("", null, digest, null);
        }
        if (key == null) {
            Column k = mapping.keyColumn();
            Column d = mapping.digestColumn();
            throw new SerDeException(k == null && d == null
                    ? "the table maps no column to :key or :digest, so rows cannot be written: add a :key column to "
                            + TableProperties.COLUMNS_MAPPING
                    : "a row has NULL in " + (k != null ? k.describe() : "") + (k != null && d != null ? " and " : "")
                            + (d != null ? d.describe() : "") + ": a written record needs its key");
        }
        out.setWriteKey(key);
        return out;
    }

    private static Writable keyWritable(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long) {
            return new LongWritable((Long) v);
        }
        if (v instanceof byte[]) {
            return new BytesWritable((byte[]) v);
        }
        return new Text((String) v);
    }

    /**
     * A :generation column's value, as {@code AerospikeRecord} carries it (an {@code int}). A
     * {@code bigint} past that is refused rather than cut to another number; whether an int is a
     * generation (0 to 65535, 16 bits on the server) matters only under a generation policy, and
     * the writer's mapping checks it then, naming the key.
     */
    private static int generation(Column c, long g) throws SerDeException {
        if (g != (int) g) {
            throw new SerDeException(c.describe() + " holds " + g + ", which is no record generation (0 to 65535)");
        }
        return (int) g;
    }

    private static byte[] digest(Column c, Object v) throws SerDeException {
        if (v == null) {
            return null;
        }
        byte[] d;
        if (v instanceof String) {
            String hex = (String) v;
            d = new byte[hex.length() / 2];
            for (int i = 0; i < d.length; i++) {
                int hi = Character.digit(hex.charAt(2 * i), 16);
                int lo = Character.digit(hex.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw new SerDeException(c.describe() + ": '" + hex + "' is not a hexadecimal digest");
                }
                d[i] = (byte) (hi << 4 | lo);
            }
            if (hex.length() % 2 != 0) {
                d = new byte[0];
            }
        } else {
            d = (byte[]) v;
        }
        if (d.length != AerospikeKey.DIGEST_LENGTH) {
            throw new SerDeException(c.describe() + ": a digest has " + AerospikeKey.DIGEST_LENGTH + " bytes, not "
                    + (v instanceof String ? "the " + ((String) v).length() + " hex digits" : d.length + " bytes") + " given");
        }
        return d;
    }
}
