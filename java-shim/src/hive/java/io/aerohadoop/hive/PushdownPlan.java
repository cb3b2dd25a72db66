package io.aerohadoop.hive;

import io.aerohadoop.filter.Filter;
import io.aerohadoop.filter.FilterPacker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.SerializationUtilities;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.plan.TableScanDesc;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * What a query pushes to the server, worked out again where the splits are planned from the
 * predicate Hive accepted at compile time ({@link AerospikeStorageHandler#decomposePredicate}),
 * which Hive hands the input format serialized in {@code hive.io.filter.expr.serialized}.
 */
final class PushdownPlan {
    /** The pushed filter, or null when nothing is pushed. */
    final Filter filter;
    /** Integer ranges an index query could serve, best first. */
    final List<IndexRange> ranges;
    /** The user keys the filter pins down (a batch get serves them), or null. */
    final List<Object> keys;

    private PushdownPlan(Filter filter) {
        this.filter = filter;
        this.ranges = filter == null ? Collections.emptyList() : IndexRange.candidates(filter);
        this.keys = KeyLookup.keys(filter);
    }

    static PushdownPlan of(Configuration job) {
        String serialized = job.get(TableScanDesc.FILTER_EXPR_CONF_STR);
        String columns = job.get(TableProperties.JOB_COLUMNS);
        String types = job.get(TableProperties.JOB_COLUMN_TYPES);
        if (serialized == null || serialized.isEmpty() || columns == null || types == null) {
            return new PushdownPlan(null);
        }
        ExprNodeGenericFuncDesc expr = SerializationUtilities.deserializeExpression(serialized);
        List<String> names = Arrays.asList(columns.split(","));
        List<TypeInfo> typeInfos = TypeInfoUtils.getTypeInfosFromTypeString(types);
        ColumnMapping mapping = ColumnMapping.parse(names, job.get(TableProperties.JOB_MAPPING));
        // After decomposePredicate this is the pushed part, which translates whole. When the handler
        // pushed nothing (or a predicate it could not hand back), Hive still passes the whole
        // predicate here as a hint and keeps evaluating all of it: any conjunct the server applies
        // then only removes records Hive would drop anyway.
        PredicateTranslator translator = new PredicateTranslator(mapping, names, typeInfos);
        List<Filter> parts = new ArrayList<>();
        for (ExprNodeDesc c : PredicateTranslator.conjuncts(expr)) {
            Filter f = translator.translate(c);
            if (f != null) {
                parts.add(f);
            }
        }
        return new PushdownPlan(parts.isEmpty() ? null : Filter.and(parts));
    }

    /**
     * The filter to send: the pushed one, AND-ed with the table's own {@code aerospike.input.filter.exp}
     * when it has one (null if neither).
     */
    String filterExp(String configured) {
        return filter == null ? configured : FilterPacker.and(configured, FilterPacker.base64(filter));
    }
}
