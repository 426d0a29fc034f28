package dev.polyglot.evolution;

import dev.polyglot.Port;
import dev.polyglot.metrics.DocumentCollectionSnapshot;
import dev.polyglot.metrics.OperationSnapshot;
import dev.polyglot.metrics.PortSnapshot;
import dev.polyglot.metrics.TransactionSnapshot;
import dev.polyglot.metrics.VectorCollectionSnapshot;
import java.util.Locale;

/** The text form of an advisor report. */
final class ReportText {
    static final String STAY = "stay where you are: no figure is over a threshold";

    private ReportText() {
    }

    static String render(AdvisorReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Polyglot advisor report, figures of ").append(report.takenAt()).append('\n');
        if (report.ports().isEmpty()) {
            out.append("\nNo port was measured (are the timing decorators off?).\n");
        }
        for (PortAdvice advice : report.ports()) {
            PortSnapshot figures = advice.figures();
            out.append('\n').append(advice.port()).append(" port on ").append(advice.adapter()).append(" — ")
                    .append(Advisor.count(figures.totalCount())).append(" operations\n");
            out.append(String.format(Locale.ROOT, "  %-16s %10s %8s %11s %11s %11s%n", "operation", "count", "errors", "p50", "p95",
                    "p99"));
            for (OperationSnapshot op : figures.operations()) {
                out.append(String.format(Locale.ROOT, "  %-16s %10s %8s %11s %11s %11s%n", op.operation(), Advisor.count(op.count()),
                        Advisor.count(op.errors()), Advisor.millis(op.p50Nanos()), Advisor.millis(op.p95Nanos()),
                        Advisor.millis(op.p99Nanos())));
            }
            extras(out, figures);
            if (advice.stay()) {
                out.append("  → ").append(STAY).append('\n');
            }
            for (Recommendation r : advice.recommendations()) {
                out.append("  → ").append(r.action().toUpperCase(Locale.ROOT)).append(": ").append(r.trigger()).append('\n');
                out.append("    ").append(r.change()).append('\n');
            }
        }
        out.append('\n');
        if (report.stayWhereYouAre()) {
            out.append("Verdict: ").append(STAY).append(".\n");
        } else {
            out.append("Verdict: ").append(report.recommendations().size()).append(" recommendation(s):\n");
            for (Recommendation r : report.recommendations()) {
                out.append("  - ").append(r.port()).append(": ").append(r.action()).append(" (").append(r.trigger()).append(")\n");
            }
        }
        return out.toString();
    }

    private static void extras(StringBuilder out, PortSnapshot figures) {
        if (figures.port() == Port.TRANSACTIONAL && figures.transactions().transactions() > 0) {
            TransactionSnapshot tx = figures.transactions();
            out.append("  transactions ").append(Advisor.count(tx.transactions())).append(", retried ")
                    .append(Advisor.count(tx.retriedTransactions())).append(" (").append(Advisor.percent(tx.retryRate()))
                    .append("), ").append(Advisor.count(tx.retries())).append(" retries, ").append(Advisor.count(tx.conflicts()))
                    .append(" gave up\n");
        }
        for (DocumentCollectionSnapshot c : figures.documentCollections()) {
            out.append("  collection ").append(c.name()).append(": ").append(Advisor.count(c.writes())).append(" writes with ")
                    .append(c.distinctKeySets()).append(" distinct key set(s), ").append(c.upcasters()).append(" upcaster(s), ")
                    .append(Advisor.count(c.upcasts())).append(" upcasts over ").append(Advisor.count(c.reads())).append(" reads\n");
        }
        for (VectorCollectionSnapshot v : figures.vectorCollections()) {
            out.append("  collection ").append(v.name()).append(": ").append(v.count() < 0 ? "?" : Advisor.count(v.count()))
                    .append(" vectors of ").append(v.dimensions()).append(" dimensions\n");
        }
    }
}
