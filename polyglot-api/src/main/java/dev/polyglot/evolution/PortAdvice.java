package dev.polyglot.evolution;

import dev.polyglot.Port;
import dev.polyglot.metrics.PortSnapshot;
import java.util.List;

/**
 * The advisor's verdict on one port: its adapter, its figures, and what (if anything) to change.
 *
 * @param figures the port's measured figures
 * @param recommendations what to change, empty when the port should stay where it is
 */
public record PortAdvice(PortSnapshot figures, List<Recommendation> recommendations) {

    /**
     * Copies the list.
     *
     * @param figures the port's figures
     * @param recommendations what to change
     * @throws IllegalArgumentException if an argument is missing
     */
    public PortAdvice {
        if (figures == null || recommendations == null) {
            throw new IllegalArgumentException("figures and recommendations must not be null");
        }
        recommendations = List.copyOf(recommendations);
    }

    /**
     * Returns the port.
     *
     * @return the port of the figures
     */
    public Port port() {
        return figures.port();
    }

    /**
     * Returns the adapter's name.
     *
     * @return the adapter of the figures
     */
    public String adapter() {
        return figures.adapter();
    }

    /**
     * Returns whether nothing on this port is over a threshold.
     *
     * @return true if there are no recommendations
     */
    public boolean stay() {
        return recommendations.isEmpty();
    }
}
