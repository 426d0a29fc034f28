package dev.polyglot.evolution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The advisor's verdict on every port, as data, as a text report and as one self-contained HTML
 * file (inline CSS and SVG charts, nothing fetched from the network).
 */
public final class AdvisorReport {
    private final Instant takenAt;
    private final List<PortAdvice> ports;
    private final Advisor advisor;

    AdvisorReport(Instant takenAt, List<PortAdvice> ports, Advisor advisor) {
        this.takenAt = takenAt;
        this.ports = List.copyOf(ports);
        this.advisor = advisor;
    }

    /**
     * Returns when the figures were measured.
     *
     * @return the snapshot's instant
     */
    public Instant takenAt() {
        return takenAt;
    }

    /**
     * Returns the advice per configured port, in port order.
     *
     * @return the advice
     */
    public List<PortAdvice> ports() {
        return ports;
    }

    /**
     * Returns every recommendation of every port.
     *
     * @return the recommendations, in port order
     */
    public List<Recommendation> recommendations() {
        return ports.stream().flatMap(p -> p.recommendations().stream()).toList();
    }

    /**
     * Returns whether no port is over any threshold: stay where you are.
     *
     * @return true if there is nothing to recommend
     */
    public boolean stayWhereYouAre() {
        return recommendations().isEmpty();
    }

    /**
     * Renders the report as plain text: per port the adapter, its figures and the verdict.
     *
     * @return the text, ending with a line break
     */
    public String toText() {
        return ReportText.render(this);
    }

    /**
     * Renders the report as one self-contained HTML page with a latency chart per port.
     *
     * @return the HTML document
     */
    public String toHtml() {
        return ReportHtml.render(this, advisor);
    }

    /**
     * Writes {@link #toHtml()} to a file, in UTF-8, replacing it if it exists.
     *
     * @param file where to write
     * @return the file
     * @throws IOException if it cannot be written
     */
    public Path writeHtml(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AdvisorReport[" + takenAt + ", " + recommendations().size() + " recommendation(s)]";
    }
}
