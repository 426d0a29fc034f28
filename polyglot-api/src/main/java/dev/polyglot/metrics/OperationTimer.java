package dev.polyglot.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Times one operation of one port into its histogram and, when there is one, a Micrometer timer. */
final class OperationTimer {

    /** The Micrometer side of a timer; an interface of ours so this class never names Micrometer's types. */
    interface External {
        void record(long nanos, boolean success);
    }

    private final String operation;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final @Nullable External external;

    OperationTimer(String operation, @Nullable External external) {
        this.operation = operation;
        this.external = external;
    }

    <R> R time(Supplier<R> call) {
        long start = System.nanoTime();
        boolean success = false;
        try {
            R result = call.get();
            success = true;
            return result;
        } finally {
            record(System.nanoTime() - start, success);
        }
    }

    long timeLong(LongSupplier call) {
        long start = System.nanoTime();
        boolean success = false;
        try {
            long result = call.getAsLong();
            success = true;
            return result;
        } finally {
            record(System.nanoTime() - start, success);
        }
    }

    void run(Runnable call) {
        long start = System.nanoTime();
        boolean success = false;
        try {
            call.run();
            success = true;
        } finally {
            record(System.nanoTime() - start, success);
        }
    }

    void record(long nanos, boolean success) {
        histogram.record(nanos, success);
        External timer = external;
        if (timer != null) {
            timer.record(nanos, success);
        }
    }

    String operation() {
        return operation;
    }

    OperationSnapshot snapshot() {
        return histogram.snapshot(operation);
    }
}
