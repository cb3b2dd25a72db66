package io.aerohadoop.tools;

import io.aerohadoop.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A tool's own arguments, after {@code ToolRunner}'s {@code GenericOptionsParser} has taken the
 * generic ones (-D, -conf, -libjars, -files, -archives). Options are {@code --name value},
 * {@code --name=value} or a bare {@code --flag}; anything else is refused naming it. A hand-written
 * parser rather than commons-cli: the jar compiles against Hadoop's shaded client API, in which
 * commons-cli is relocated, so its classes cannot appear in our signatures.
 */
final class ToolArgs {
    /** One option: its name without dashes, whether it takes a value, and its help text. */
    static final class Option {
        final String name;
        final String valueName;
        final String help;

        private Option(String name, String valueName, String help) {
            this.name = name;
            this.valueName = valueName;
            this.help = help;
        }

        static Option value(String name, String valueName, String help) {
            return new Option(name, valueName, help);
        }

        static Option flag(String name, String help) {
            return new Option(name, null, help);
        }

        boolean takesValue() {
            return valueName != null;
        }
    }

    private final Map<String, String> values;
    private final boolean help;
    /** Configuration key → the option that set it, so configuration errors name the option. */
    private final Map<String, String> keyOptions = new HashMap<>();

    private ToolArgs(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    static ToolArgs parse(List<Option> options, String[] args) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : options) {
            byName.put(o.name, o);
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (options are --name value; generic"
                        + " options such as -D key=value go before them)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = byName.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (values.containsKey(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            if (o.takesValue()) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value (" + o.valueName + ")");
                    }
                    value = args[++i];
                }
                if (value.trim().isEmpty()) {
                    throw new UsageException("--" + name + " is empty; it needs " + o.valueName);
                }
            } else if (value != null) {
                throw new UsageException("--" + name + " takes no value");
            }
            values.put(name, o.takesValue() ? value.trim() : "true");
        }
        return new ToolArgs(values, help);
    }

    boolean help() {
        return help;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String def) {
        return values.getOrDefault(name, def);
    }

    /** The value of {@code --name}; fails naming the option if it is not given. */
    String required(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    /** The value of {@code --name} as one of {@code allowed} (lower case), or {@code def}. */
    String choice(String name, String def, String... allowed) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new UsageException("--" + name + ": '" + v + "' is not one of " + String.join(", ", allowed));
    }

    /** Sets {@code key} to the option's value, if given, remembering which option set it. */
    void copyTo(Configuration conf, String name, String key) {
        String v = values.get(name);
        if (v != null) {
            conf.set(key, v);
            keyOptions.put(key, name);
        }
    }

    /** Sets {@code key} to {@code value} on behalf of option {@code name}. */
    void set(Configuration conf, String name, String key, String value) {
        conf.set(key, value);
        keyOptions.put(key, name);
    }

    /** A configuration error as a usage error naming the option that set the key, if one did. */
    UsageException explain(InvalidConfigurationException e) {
        String option = keyOptions.get(e.getKey());
        return new UsageException(option == null ? e.getMessage() : "--" + option + ": " + e.getMessage());
    }

    /** The help text of {@code options}, one per line. */
    static String describe(List<Option> options) {
        StringBuilder s = new StringBuilder();
        List<String> heads = new ArrayList<>();
        int width = 0;
        for (Option o : options) {
            String head = "  --" + o.name + (o.takesValue() ? " <" + o.valueName + ">" : "");
            heads.add(head);
            width = Math.max(width, head.length());
        }
        for (int i = 0; i < options.size(); i++) {
            String head = heads.get(i);
            s.append(head);
            for (int pad = head.length(); pad < width + 2; pad++) {
                s.append(' ');
            }
            s.append(options.get(i).help).append('\n');
        }
        return s.toString();
    }
}
