package dev.polyglot.metrics;

import dev.polyglot.Port;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The measured figures of every configured port at one moment, as the advisor reads them.
 *
 * @param takenAt when the figures were read
 * @param ports one snapshot per configured port, in port order
 */
public record MetricsSnapshot(Instant takenAt, List<PortSnapshot> ports) {

    /**
     * Copies the list, ordering it by port.
     *
     * @param takenAt when the figures were read
     * @param ports one snapshot per port
     * @throws IllegalArgumentException if a port appears twice or an argument is missing
     */
    public MetricsSnapshot {
        if (takenAt == null || ports == null) {
            throw new IllegalArgumentException("takenAt and ports must not be null");
        }
        ports = ports.stream().sorted(Comparator.comparing(PortSnapshot::port)).toList();
        if (ports.stream().map(PortSnapshot::port).distinct().count() != ports.size()) {
            throw new IllegalArgumentException("each port appears at most once in a snapshot");
        }
    }

    /**
     * Returns one port's figures.
     *
     * @param port the port
     * @return its figures, if it is configured
     */
    public Optional<PortSnapshot> port(Port port) {
        return ports.stream().filter(p -> p.port() == port).findFirst();
    }
}
