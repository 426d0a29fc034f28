package dev.polyglot.evolution;

import dev.polyglot.Port;

/**
 * One thing the advisor recommends, with the measured figure that triggered it.
 *
 * @param rule the rule that fired
 * @param action what to do, such as "move the Cache port to Redis"
 * @param change the configuration change and dependency it takes, or what to look at
 * @param trigger the figure against its threshold, such as "cache read p99 14.2 ms > 10 ms (5,000 reads)"
 * @param measured the measured value (in {@code unit})
 * @param threshold the threshold it passed (in {@code unit})
 * @param unit the unit of both, such as {@code ms}, {@code vectors} or {@code %}
 */
public record Recommendation(AdviceRule rule, String action, String change, String trigger, double measured, double threshold,
        String unit) {

    /**
     * Checks the fields.
     *
     * @param rule the rule that fired
     * @param action what to do
     * @param change the configuration change
     * @param trigger the figure against its threshold
     * @param measured the measured value
     * @param threshold the threshold
     * @param unit the unit
     * @throws IllegalArgumentException if a text is blank or the rule missing
     */
    public Recommendation {
        if (rule == null || action == null || action.isBlank() || change == null || trigger == null || trigger.isBlank()
                || unit == null) {
            throw new IllegalArgumentException("a recommendation needs a rule, an action and its trigger");
        }
    }

    /**
     * Returns the port the recommendation is about.
     *
     * @return the rule's port
     */
    public Port port() {
        return rule.port();
    }
}
