package io.aerohadoop.tools;

/** Counter names of the import tool's own group (the writer's are in "Aerospike Output"). */
final class ImportCounters {
    static final String GROUP = "Aerospike Import";
    /** Lines or records taken from the input files. */
    static final String INPUT_RECORDS = "Input records";
    /** Malformed lines skipped under aerospike.output.errors.max. */
    static final String MALFORMED = "Malformed input skipped";

    private ImportCounters() {}
}
