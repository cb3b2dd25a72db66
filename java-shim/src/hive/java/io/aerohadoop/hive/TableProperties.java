package io.aerohadoop.hive;

import io.aerohadoop.config.InputKeys;
import io.aerohadoop.config.OutputKeys;
import java.util.Map;
import java.util.Properties;

/**
 * The table properties of an Aerospike table and how they become job properties: the table's
 * namespace and set feed both the reader's and the writer's keys, every {@code aerospike.input.*}
 * and {@code aerospike.output.*} table property is passed through as it is (and checked by
 * {@code ReadConfig}/{@code WriteConfig}, the one parser of those keys), and the column layout
 * travels under internal keys for the input format, which plans the pushdown.
 */
public final class TableProperties {
    /** The namespace of the table's records. Required. */
    public static final String NAMESPACE = "aerospike.namespace";

    /** The set of the table's records; unset: the whole namespace (reads) and no set (writes). */
    public static final String SET = "aerospike.set";

    /** One entry per column: {@code :key}, {@code :digest}, {@code :generation}, {@code :ttl} or a bin. */
    public static final String COLUMNS_MAPPING = "aerospike.columns.mapping";

    // Internal: the table's columns, handed to the input format with the job (not for users).
    static final String JOB_COLUMNS = "aerospike.hive.columns";
    static final String JOB_COLUMN_TYPES = "aerospike.hive.column.types";
    static final String JOB_MAPPING = "aerospike.hive.columns.mapping";

    private TableProperties() {}

    /** Fills {@code job} with the read keys of the table described by {@code table}. */
    static void input(Properties table, Map<String, String> job) {
        copy(table, NAMESPACE, job, InputKeys.NAMESPACE);
        copy(table, SET, job, InputKeys.SET_NAME);
        passThrough(table, "aerospike.input.", job);
        copy(table, "columns", job, JOB_COLUMNS);
        copy(table, "columns.types", job, JOB_COLUMN_TYPES);
        copy(table, COLUMNS_MAPPING, job, JOB_MAPPING);
    }

    /** Fills {@code job} with the write keys of the table described by {@code table}. */
    static void output(Properties table, Map<String, String> job) {
        copy(table, NAMESPACE, job, OutputKeys.NAMESPACE);
        copy(table, SET, job, OutputKeys.SET_NAME);
        passThrough(table, "aerospike.output.", job);
    }

    private static void copy(Properties table, String from, Map<String, String> job, String to) {
        String v = table.getProperty(from);
        if (v != null && !v.trim().isEmpty()) {
            job.put(to, v.trim());
        }
    }

    private static void passThrough(Properties table, String prefix, Map<String, String> job) {
        for (String name : table.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                job.put(name, table.getProperty(name));
            }
        }
    }
}
