package dev.polyglot.examples.assistant;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The command line: {@code [--stage 0..4 | --config file.properties | --migrate [document|vector|cache|all]]
 * [--size messages] [--report file.html] [--seed n]}.
 *
 * @param stage 0 for the embedded default, 1 to 4 for the stages; ignored with a config file
 * @param config a properties file with {@code polyglot.*.uri} for real servers, or null
 * @param size how many chat messages the workload sends
 * @param report where the HTML report goes
 * @param seed the workload's random seed
 * @param migrate with {@code --migrate}, which ports to move to their new stores instead of running the workload
 */
record ExampleOptions(int stage, @Nullable Path config, int size, Path report, long seed,
        MigrationDemo.@Nullable Target migrate) {

    static final int DEFAULT_SIZE = 1_000;

    static final String USAGE = """
            usage: AssistantApp [--stage 0|1|2|3|4 | --config file.properties | --migrate [document|vector|cache|all]]
                                [--size messages] [--report file.html] [--seed n]
              (no option)   embedded default: in-memory Transactional, Document and Cache; vectors at AssistantApp.DEFAULT_VECTOR_URI
              --stage 1     everything on an embedded PostgreSQL
              --stage 2     stage 1, with the Cache port on an embedded Redis
              --stage 3     stage 2, with the Document port on an in-JVM MongoDB (mongo-java-server)
              --stage 4     stage 3, with the Vector port on an HNSW index in a temporary directory
              --config f    polyglot.*.uri from a properties file, for real servers (${tempDir} is a fresh temporary directory)
              --migrate p   move a port to its new store under a concurrent writer, phase by phase, on embedded servers:
                            document (PostgreSQL JSONB -> MongoDB), vector (PostgreSQL exact scan -> HNSW),
                            cache (PostgreSQL -> Redis) or all (the default)
              --size n      chat messages to send (default 1000); with --migrate, records per port
              --report f    where to write the HTML report (default: polyglot-report.html in the temporary directory)
            """;

    static ExampleOptions parse(String... args) {
        int stage = 0;
        Path config = null;
        int size = DEFAULT_SIZE;
        Path report = Path.of(System.getProperty("java.io.tmpdir"), "polyglot-report.html");
        long seed = 42;
        MigrationDemo.Target migrate = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--stage" -> stage = intValue(arg, value(args, ++i, arg), 0, 4);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--size" -> size = intValue(arg, value(args, ++i, arg), 1, 10_000_000);
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = intValue(arg, value(args, ++i, arg), 0, Integer.MAX_VALUE);
                case "--migrate" -> {
                    boolean named = i + 1 < args.length && !args[i + 1].startsWith("--");
                    migrate = named ? MigrationDemo.Target.parse(args[++i]) : MigrationDemo.Target.ALL;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (config != null && stage != 0) {
            throw new IllegalArgumentException("--stage and --config exclude each other: a config file names every store itself\n"
                    + USAGE);
        }
        if (migrate != null && (config != null || stage != 0)) {
            throw new IllegalArgumentException("--migrate starts its own servers; it excludes --stage and --config\n" + USAGE);
        }
        return new ExampleOptions(stage, config, size, report, seed, migrate);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    private static int intValue(String option, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", got \"" + text + "\"\n"
                + USAGE);
    }
}
