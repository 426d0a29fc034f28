package dev.polyglot.metrics;

import dev.polyglot.Port;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The only class that names Micrometer's types; it is loaded only after
 * {@link PortMetrics#MICROMETER_PRESENT} said Micrometer is on the classpath, so the library works
 * without it.
 */
final class MicrometerTimers {
    static final String METER_NAME = "polyglot.operation";

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

    static OperationTimer.External timer(Object registry, Port port, String adapter, String operation) {
        MeterRegistry meters = (MeterRegistry) registry;
        Timer success = timer(meters, port, adapter, operation, "success");
        Timer error = timer(meters, port, adapter, operation, "error");
        return (nanos, ok) -> (ok ? success : error).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer timer(MeterRegistry meters, Port port, String adapter, String operation, String outcome) {
        return Timer.builder(METER_NAME)
                .description("Latency of one Polyglot port operation")
                .tag("port", port.name().toLowerCase(Locale.ROOT))
                .tag("adapter", adapter)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(meters);
    }
}
