package io.aerohadoop.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * The jar's Main-Class: {@code hadoop jar aerohadoop-<version>.jar <tool> [generic options] [options]},
 * or {@code java -cp aerohadoop-<version>.jar:$(hadoop classpath) io.aerohadoop.tools.Main <tool> ...}.
 * Each tool runs through {@link ToolRunner}, so Hadoop's generic options (-D, -conf, -libjars, -files,
 * -archives) work as for any Hadoop tool.
 */
public final class Main {
    static final String COMMAND = "hadoop jar " + jarName();

    private Main() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(new Configuration(), args, System.out, System.err));
    }

    /** Runs one tool; the exit status is 0 on success, 1 if the job failed, 2 for bad arguments. */
    public static int run(Configuration conf, String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(usage());
            return args.length == 0 ? AerospikeTool.USAGE : AerospikeTool.OK;
        }
        AerospikeTool tool = tool(args[0].toLowerCase(Locale.ROOT), out, err);
        if (tool == null) {
            err.println("unknown tool '" + args[0] + "'");
            err.print(usage());
            return AerospikeTool.USAGE;
        }
        return ToolRunner.run(conf, tool, Arrays.copyOfRange(args, 1, args.length));
    }

    private static AerospikeTool tool(String name, PrintStream out, PrintStream err) {
        switch (name) {
            case "count": return new CountTool(out, err);
            case "export": return new ExportTool(out, err);
            case "import": return new ImportTool(out, err);
            case "copy": return new CopyTool(out, err);
            default: return null;
        }
    }

    private static String usage() {
        return "Usage: " + COMMAND + " <tool> [generic options] [options]\n\n"
                + "Tools:\n"
                + "  count   records per set and per bin, with the server's own figures\n"
                + "  export  a namespace or set to JSON lines, Avro or SequenceFiles\n"
                + "  import  export files, TSV or CSV into a set\n"
                + "  copy    a set to another set, namespace or cluster\n\n"
                + "'" + COMMAND + " <tool> --help' describes a tool's options; docs/tools.md has examples.\n";
    }

    private static String jarName() {
        String version = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
        return "aerohadoop-" + (version == null ? "<version>" : version) + ".jar";
    }
}
