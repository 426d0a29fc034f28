package dev.polyglot.evolution;

import dev.polyglot.metrics.OperationSnapshot;
import dev.polyglot.metrics.PortSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The HTML form of an advisor report: one page, inline CSS, and per port an inline SVG chart of
 * p50/p95/p99 per operation on a logarithmic axis, with the rule's threshold marked.
 */
final class ReportHtml {
    private static final int WIDTH = 760;
    private static final int LABEL = 130;
    private static final int ROW = 30;
    private static final int TOP = 28;
    private static final double MIN_NANOS = 1_000;          // the axis starts at 1 µs
    private static final String[] COLORS = {"#9ecae1", "#4292c6", "#08519c"};

    private ReportHtml() {
    }

    static String render(AdvisorReport report, Advisor advisor) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Polyglot advisor report</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:820px;color:#222}\n")
                .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}\n")
                .append("table{border-collapse:collapse;font-size:.9em}td,th{padding:2px 10px;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}\n")
                .append(".stay{color:#1a7f37}.move{color:#b35900;font-weight:600}.note{color:#555;font-size:.9em}\n")
                .append("svg text{font-size:11px;font-family:inherit}\n</style>\n</head>\n<body>\n");
        html.append("<h1>Polyglot advisor report</h1>\n<p class=\"note\">Figures of ").append(escape(report.takenAt().toString()))
                .append(". Percentiles come from a log-linear histogram (at most 12.5 % high).</p>\n");
        if (report.stayWhereYouAre()) {
            html.append("<p class=\"stay\"><strong>Verdict:</strong> ").append(escape(ReportText.STAY)).append(".</p>\n");
        } else {
            html.append("<p class=\"move\"><strong>Verdict:</strong> ").append(report.recommendations().size())
                    .append(" recommendation(s).</p>\n<ul>\n");
            for (Recommendation r : report.recommendations()) {
                html.append("<li><strong>").append(escape(r.port().toString())).append("</strong>: ").append(escape(r.action()))
                        .append(" — ").append(escape(r.trigger())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        for (PortAdvice advice : report.ports()) {
            section(html, advice, advisor.chartThreshold(advice.port()));
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void section(StringBuilder html, PortAdvice advice, Duration threshold) {
        PortSnapshot figures = advice.figures();
        html.append("<h2>").append(escape(advice.port().toString())).append(" port on ").append(escape(advice.adapter()))
                .append("</h2>\n");
        if (advice.stay()) {
            html.append("<p class=\"stay\">").append(escape(ReportText.STAY)).append("</p>\n");
        }
        for (Recommendation r : advice.recommendations()) {
            html.append("<p class=\"move\">").append(escape(r.action())).append(": ").append(escape(r.trigger()))
                    .append("<br><span class=\"note\">").append(escape(r.change())).append("</span></p>\n");
        }
        if (figures.operations().isEmpty()) {
            html.append("<p class=\"note\">No operation ran on this port.</p>\n");
            return;
        }
        html.append(chart(figures.operations(), threshold));
        html.append("<table>\n<tr><th>operation</th><th>count</th><th>errors</th><th>p50</th><th>p95</th><th>p99</th></tr>\n");
        for (OperationSnapshot op : figures.operations()) {
            html.append("<tr><td>").append(escape(op.operation())).append("</td><td>").append(Advisor.count(op.count()))
                    .append("</td><td>").append(Advisor.count(op.errors())).append("</td><td>").append(Advisor.millis(op.p50Nanos()))
                    .append("</td><td>").append(Advisor.millis(op.p95Nanos())).append("</td><td>")
                    .append(Advisor.millis(op.p99Nanos())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    static String chart(List<OperationSnapshot> operations, Duration threshold) {
        double maxNanos = MIN_NANOS * 10;
        for (OperationSnapshot op : operations) {
            maxNanos = Math.max(maxNanos, op.p99Nanos());
        }
        if (!threshold.isZero()) {
            maxNanos = Math.max(maxNanos, threshold.toNanos());
        }
        double decades = Math.ceil(Math.log10(maxNanos / MIN_NANOS));
        int plot = WIDTH - LABEL - 20;
        int height = TOP + operations.size() * ROW + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"latency per operation\">\n");
        for (int d = 0; d <= decades; d++) {
            double x = LABEL + plot * d / decades;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, TOP - 6, x,
                    height - 6));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>%n", x,
                    TOP - 10, tick(MIN_NANOS * Math.pow(10, d))));
        }
        int y = TOP;
        for (OperationSnapshot op : operations) {
            svg.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 17).append("\" text-anchor=\"end\">")
                    .append(escape(op.operation())).append("</text>\n");
            long[] values = {op.p50Nanos(), op.p95Nanos(), op.p99Nanos()};
            String[] names = {"p50", "p95", "p99"};
            for (int i = 0; i < 3; i++) {
                double width = Math.max(1, plot * position(values[i], decades));
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"7\" fill=\"%s\"><title>%s %s %s</title></rect>%n", LABEL,
                        y + 4 + i * 8, width, COLORS[i], escape(op.operation()), names[i], Advisor.millis(values[i])));
            }
            y += ROW;
        }
        if (!threshold.isZero()) {
            double x = LABEL + plot * position(threshold.toNanos(), decades);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" fill=\"#d62728\">threshold %s</text>%n",
                    x, TOP - 4, x, height - 6, x + 3, height - 8, Advisor.millis(threshold.toNanos())));
        }
        svg.append("<text x=\"").append(WIDTH - 10).append("\" y=\"").append(height - 1)
                .append("\" text-anchor=\"end\" fill=\"#666\">bars: p50, p95, p99 (log scale)</text>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double position(long nanos, double decades) {
        if (nanos <= MIN_NANOS) {
            return 0;
        }
        return Math.min(1, Math.log10(nanos / MIN_NANOS) / decades);
    }

    private static String tick(double nanos) {
        if (nanos < 1e6) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
        if (nanos < 1e9) {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f s", nanos / 1e9);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
