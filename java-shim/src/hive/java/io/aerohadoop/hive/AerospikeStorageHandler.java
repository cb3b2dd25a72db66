package io.aerohadoop.hive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.ql.metadata.DefaultStorageHandler;
import org.apache.hadoop.hive.ql.metadata.HiveStoragePredicateHandler;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDescUtils;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.plan.TableDesc;
import org.apache.hadoop.hive.serde2.AbstractSerDe;
import org.apache.hadoop.hive.serde2.Deserializer;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code STORED BY 'io.aerohadoop.hive.AerospikeStorageHandler'}: a Hive table over an Aerospike
 * namespace and set, read and written through the connector's old-API formats. Table properties
 * and the session's {@code aerospike.input.*}/{@code aerospike.output.*} settings configure it
 * ({@code docs/hive.md}); the query's predicate is pushed to the server as far as it can be.
 */
public class AerospikeStorageHandler extends DefaultStorageHandler implements HiveStoragePredicateHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AerospikeStorageHandler.class);

    @Override
    public Class<? extends InputFormat> getInputFormatClass() {
        return AerospikeHiveInputFormat.class;
    }

    @Override
    public Class<? extends OutputFormat> getOutputFormatClass() {
        return AerospikeHiveOutputFormat.class;
    }

    @Override
    public Class<? extends AbstractSerDe> getSerDeClass() {
        return AerospikeSerDe.class;
    }

    @Override
    public void configureInputJobProperties(TableDesc table, Map<String, String> job) {
        TableProperties.input(table.getProperties(), job);
    }

    @Override
    public void configureOutputJobProperties(TableDesc table, Map<String, String> job) {
        TableProperties.output(table.getProperties(), job);
    }

    @Override
    public void configureTableJobProperties(TableDesc table, Map<String, String> job) {
        TableProperties.input(table.getProperties(), job);
        TableProperties.output(table.getProperties(), job);
    }

    /**
     * Splits the query's predicate into its top-level conjuncts: those the server can evaluate
     * ({@link PredicateTranslator}) are pushed, the rest stay with Hive as the residual. Hive drops
     * the pushed part from its own filter, so what is pushed is exactly what the server applies.
     */
    @Override
    public DecomposedPredicate decomposePredicate(JobConf job, Deserializer deserializer, ExprNodeDesc predicate) {
        if (!(deserializer instanceof AerospikeSerDe)) {
            return null;
        }
        AerospikeSerDe serde = (AerospikeSerDe) deserializer;
        PredicateTranslator translator = new PredicateTranslator(serde.mapping(), serde.getColumnNames(), serde.types());
        List<ExprNodeDesc> pushed = new ArrayList<>();
        List<ExprNodeDesc> residual = new ArrayList<>();
        for (ExprNodeDesc c : PredicateTranslator.conjuncts(predicate)) {
            (translator.translate(c) != null ? pushed : residual).add(c);
        }
        if (pushed.isEmpty()) {
            LOG.info("Aerospike pushdown: nothing of {} can be pushed", predicate.getExprString());
            return null;
        }
        ExprNodeDesc pushedExpr = ExprNodeDescUtils.mergePredicates(pushed);
        ExprNodeDesc residualExpr = residual.isEmpty() ? null : ExprNodeDescUtils.mergePredicates(residual);
        if (!(pushedExpr instanceof ExprNodeGenericFuncDesc)
                || (residualExpr != null && !(residualExpr instanceof ExprNodeGenericFuncDesc))) {
            // A bare boolean column as the residual cannot be handed back: Hive keeps it all.
            return null;
        }
        DecomposedPredicate d = new DecomposedPredicate();
        d.pushedPredicate = (ExprNodeGenericFuncDesc) pushedExpr;
        d.residualPredicate = (ExprNodeGenericFuncDesc) residualExpr;
        LOG.info("Aerospike pushdown: pushed {}, residual {}", pushedExpr.getExprString(),
                residualExpr == null ? "none" : residualExpr.getExprString());
        return d;
    }
}
