package io.aerohadoop.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parsing of info answers ({@code k=v} fields separated by {@code ;} or {@code :}). */
final class ClusterAnswers {
    private ClusterAnswers() {}

    static Map<String, String> fields(String answer, String separator) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : answer.split(separator)) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
            }
        }
        return fields;
    }

    /** A decimal count, 0 when absent or not a number (a field a server version does not report). */
    static long number(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
