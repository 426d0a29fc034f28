package dev.polyglot.examples.assistant;

import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.PolyglotException;
import dev.polyglot.evolution.Advisor;
import dev.polyglot.evolution.AdvisorReport;
import dev.polyglot.metrics.MetricsSnapshot;
import dev.polyglot.metrics.OperationSnapshot;
import dev.polyglot.metrics.PortSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Runs the example "AI assistant backend" on the configured stores: a realistic workload, a
 * per-port summary, and the advisor's report (text here, HTML in a file).
 *
 * <pre>
 * ./mvnw -q -pl polyglot-examples -am compile exec:java                          # embedded default
 * ./mvnw -q -pl polyglot-examples -am compile exec:java -Dexec.args="--stage 1"  # PostgreSQL for everything
 * </pre>
 */
public final class AssistantApp {

    /**
     * The Vector port's URI on the embedded default; {@code ${tempDir}} becomes a fresh temporary
     * directory.
     */
    public static final String HNSW_IN_TEMP_DIR = "hnsw:" + StageEnvironment.TEMP_DIR + "/vectors";

    /**
     * The Vector port's URI on the embedded default (no {@code --stage}): an HNSW index
     * ({@code polyglot-vector}) in a temporary directory, as an application would start.
     */
    public static final String DEFAULT_VECTOR_URI = HNSW_IN_TEMP_DIR;

    private static final int EMBEDDING_DIMENSIONS = 256;

    private AssistantApp() {
    }

    /**
     * Runs the example; see {@code --help} for the options.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        ExampleOptions options;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(ExampleOptions.USAGE);
                return;
            }
            options = ExampleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            if (options.migrate() != null) {
                migrate(options, System.out);
            } else {
                run(options, System.out);
            }
        } catch (PolyglotException | IllegalArgumentException e) {
            // configuration and start-up problems: the message says what to fix, no stack trace needed
            System.err.println();
            System.err.println("The example could not run: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("The example could not run: " + e);
            System.exit(1);
        }
    }

    /** What one run did and measured, for the tests. */
    record RunResult(Workload.Result workload, MetricsSnapshot metrics, AdvisorReport report, Path htmlReport,
            Properties configuration) {}

    static RunResult run(ExampleOptions options, PrintStream out) throws IOException {
        out.println("Polyglot example: an AI assistant backend on four ports");
        try (StageEnvironment environment = StageEnvironment.open(options, out)) {
            out.println("Configuration (" + environment.description() + "):");
            for (Port port : Port.values()) {
                String uri = environment.properties().getProperty(port.uriProperty());
                if (uri != null) {
                    out.println("  " + port.uriProperty() + " = " + dev.polyglot.spi.StoreUri.parse(uri));
                }
            }
            try (Polyglot polyglot = Polyglot.fromProperties(environment.properties())) {
                AssistantBackend backend = new AssistantBackend(polyglot, new HashingEmbedder(EMBEDDING_DIMENSIONS),
                        Clock.systemUTC());
                out.println();
                out.println("Workload: " + String.format(Locale.ROOT, "%,d", options.size()) + " chat messages (seed "
                        + options.seed() + ")");
                Workload.Result result = new Workload(backend, options.seed(), options.size(), out).run();
                out.println();
                printWorkload(out, result, backend.indexedMessages());
                MetricsSnapshot metrics = polyglot.metrics();
                printSummary(out, metrics);
                AdvisorReport report = Advisor.withDefaults().advise(metrics);
                out.println();
                out.print(report.toText());
                Path html = report.writeHtml(options.report());
                out.println();
                out.println("HTML report: " + html.toAbsolutePath());
                return new RunResult(result, metrics, report, html, environment.properties());
            }
        }
    }

    /**
     * The {@code --migrate} mode: starts the stage-4 servers (PostgreSQL, Redis, MongoDB, an HNSW
     * directory), seeds the old stores on PostgreSQL and moves the chosen ports, each under a
     * concurrent writer.
     */
    static List<MigrationDemo.PortMove> migrate(ExampleOptions options, PrintStream out) throws IOException {
        MigrationDemo.Target which = options.migrate() == null ? MigrationDemo.Target.ALL : options.migrate();
        out.println("Polyglot example: moving ports to new stores under a concurrent writer (" + which.name().toLowerCase(Locale.ROOT)
                + ", " + String.format(Locale.ROOT, "%,d", options.size()) + " records per port)");
        ExampleOptions stage4 = new ExampleOptions(4, null, options.size(), options.report(), options.seed(), null);
        try (StageEnvironment environment = StageEnvironment.open(stage4, out);
                MigrationDemo demo = new MigrationDemo(environment.properties().getProperty(Port.TRANSACTIONAL.uriProperty()),
                        environment.properties(), options.size(), options.seed(), out)) {
            List<MigrationDemo.PortMove> moves = demo.run(which);
            out.println();
            out.println("Summary:");
            for (MigrationDemo.PortMove move : moves) {
                out.printf(Locale.ROOT, "  %-30s copied %,d, verification: missing %d, extra %d, different %d; writer: %,d operations, "
                        + "%d errors; phases %s%n", move.port(), move.backfill().copied(), move.verification().missingCount(),
                        move.verification().extraCount(), move.verification().differentCount(), move.writerOperations(),
                        move.writerErrors().size(), String.join(", ", move.phases()));
            }
            return moves;
        }
    }

    private static void printWorkload(PrintStream out, Workload.Result r, long indexed) {
        out.printf(Locale.ROOT, "Did: %,d users, %,d conversations, %,d messages stored (%,d indexed for search), "
                + "%,d rejected by the rate limit, %,d tool results stored, %,d searches (%,d led to a conversation), "
                + "%,d cents billed, %,d audit entries%n",
                r.users(), r.conversations(), r.messages(), indexed, r.rateLimited(), r.toolCalls(), r.searches(), r.searchHits(),
                r.billedCents(), r.auditEntries());
    }

    private static void printSummary(PrintStream out, MetricsSnapshot metrics) {
        out.println();
        out.println("Per-port summary (all operations; the three busiest by time):");
        for (PortSnapshot port : metrics.ports()) {
            long errors = port.operations().stream().mapToLong(OperationSnapshot::errors).sum();
            out.printf(Locale.ROOT, "  %-13s on %-11s %,9d operations, %,d errors%n", port.port(), port.adapter(), port.totalCount(),
                    errors);
            port.operations().stream()
                    .sorted(Comparator.comparingLong(OperationSnapshot::totalNanos).reversed())
                    .limit(3)
                    .forEach(op -> out.printf(Locale.ROOT, "      %-14s %,8d   p50 %8.3f ms   p95 %8.3f ms   p99 %8.3f ms%n",
                            op.operation(), op.count(), op.p50Nanos() / 1e6, op.p95Nanos() / 1e6, op.p99Nanos() / 1e6));
        }
    }
}
