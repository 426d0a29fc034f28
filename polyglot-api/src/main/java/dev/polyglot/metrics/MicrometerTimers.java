package dev.polyglot.metrics;

import dev.polyglot.Port;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The only class that names Micrometer's types; it is loaded only after
 * {@link PortMetrics#MICROMETER_PRESENT} said Micrometer is on the classpath, so the library works
 * without it.
 */
final class MicrometerTimers {
    static final String METER_NAME = "polyglot.operation";

    /** Per registry (weakly, so a dropped registry is collected), the figures behind each operation's timers. */
    private static final Map<MeterRegistry, Map<String, SharedTimers>> SHARED = new WeakHashMap<>();

    private MicrometerTimers() {
    }

    /** Checks the registry's type; the global registry when none is given. */
    static Object registry(@Nullable Object registry) {
        if (registry == null) {
            return Metrics.globalRegistry;
        }
        if (!(registry instanceof MeterRegistry)) {
            throw new IllegalArgumentException("meter registry must be an io.micrometer.core.instrument.MeterRegistry, not "
                    + registry.getClass().getName());
        }
        return registry;
    }

    /**
     * Adds the operation's figures to its two Micrometer timers (outcomes {@code success} and
     * {@code error}). The timers are views ({@link FunctionTimer}) of the operation's counts and
     * totals (estimated from the sampled calls), so nothing is recorded into Micrometer on the call path.
     * Every live {@link PortMetrics} with the same port, adapter and operation on one registry
     * adds to the same two timers, as it would with recording timers; a registry holds a meter
     * id once.
     */
    static void register(Object registry, Port port, String adapter, OperationTimer timer) {
        MeterRegistry meters = (MeterRegistry) registry;
        String key = port + "\u0000" + adapter + "\u0000" + timer.operation();
        SharedTimers shared;
        synchronized (SHARED) {
            shared = SHARED.computeIfAbsent(meters, r -> new HashMap<>()).computeIfAbsent(key, k -> new SharedTimers());
        }
        if (shared.add(timer)) {
            register(meters, port, adapter, timer.operation(), shared, "success", SharedTimers::successes,
                    SharedTimers::successNanos);
            register(meters, port, adapter, timer.operation(), shared, "error", SharedTimers::errors, SharedTimers::errorNanos);
        }
    }

    private static void register(MeterRegistry meters, Port port, String adapter, String operation, SharedTimers shared,
            String outcome, ToLongFunction<SharedTimers> count, ToLongFunction<SharedTimers> totalNanos) {
        FunctionTimer.builder(METER_NAME, shared, count, t -> totalNanos.applyAsLong(t), TimeUnit.NANOSECONDS)
                .description("Latency of one Polyglot port operation (estimated from a random sample of calls; errors counted exactly)")
                .tag("port", port.name().toLowerCase(Locale.ROOT))
                .tag("adapter", adapter)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(meters);
    }

    /**
     * The sums over the live timers of one operation. Timers are held weakly: the figures of a
     * {@code PortMetrics} nobody uses any more leave the sums with it (a counter reset, to
     * Micrometer's backends).
     */
    private static final class SharedTimers {
        private final Set<OperationTimer> timers = Collections.newSetFromMap(new WeakHashMap<>());

        /** Adds a timer; true if it is the first, so the meters are still to be registered. */
        synchronized boolean add(OperationTimer timer) {
            boolean first = timers.isEmpty();
            timers.add(timer);
            return first;
        }

        synchronized long successes() {
            return sum(OperationTimer::successes);
        }

        synchronized long errors() {
            return sum(OperationTimer::errors);
        }

        synchronized long successNanos() {
            return sum(OperationTimer::successNanos);
        }

        synchronized long errorNanos() {
            return sum(OperationTimer::errorNanos);
        }

        private long sum(ToLongFunction<OperationTimer> figure) {
            long sum = 0;
            for (OperationTimer timer : timers) {
                sum += figure.applyAsLong(timer);
            }
            return sum;
        }
    }
}
