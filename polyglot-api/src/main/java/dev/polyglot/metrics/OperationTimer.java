package dev.polyglot.metrics;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts every call of one operation of one port and times a sample of them into its histogram.
 *
 * <p>Why sample: two {@code System.nanoTime()} reads and a histogram update cost 40–50 ns, about
 * 12 % of an in-memory adapter's {@code get}, so timing every call cannot meet the 2 % overhead
 * goal. Counting every call and failure stays exact (one {@code LongAdder} add); the first
 * {@value #EXACT_CALLS} calls are all timed, so that a rarely used operation has real figures, and
 * after that one call in {@value #SAMPLE_EVERY}, picked with {@link ThreadLocalRandom} so that a
 * periodic workload cannot line up with the sampling, is timed and weighted {@value #SAMPLE_EVERY}.
 * Percentiles of a random sample estimate those of all calls without bias.
 */
final class OperationTimer {
    /** How many calls of an operation are all timed before sampling starts. */
    static final int EXACT_CALLS = 1024;
    /** One call in this many is timed once sampling has started; a power of two. */
    static final int SAMPLE_EVERY = 16;

    private final String operation;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final LongAdder successes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger exactTimings = new AtomicInteger();
    /** Set once {@link #EXACT_CALLS} calls were timed; a plain read on the fast path. */
    private volatile boolean sampling;

    OperationTimer(String operation) {
        this.operation = operation;
    }

    <R> R time(Supplier<R> call) {
        int weight = weight();
        if (weight == 0) {
            R result;
            try {
                result = call.get();
            } catch (Throwable failure) {
                failed();
                throw failure;
            }
            successes.increment();
            return result;
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            R result = call.get();
            success = true;
            return result;
        } finally {
            record(System.nanoTime() - start, weight, success);
        }
    }

    long timeLong(LongSupplier call) {
        int weight = weight();
        if (weight == 0) {
            long result;
            try {
                result = call.getAsLong();
            } catch (Throwable failure) {
                failed();
                throw failure;
            }
            successes.increment();
            return result;
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            long result = call.getAsLong();
            success = true;
            return result;
        } finally {
            record(System.nanoTime() - start, weight, success);
        }
    }

    void run(Runnable call) {
        int weight = weight();
        if (weight == 0) {
            try {
                call.run();
            } catch (Throwable failure) {
                failed();
                throw failure;
            }
            successes.increment();
            return;
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            call.run();
            success = true;
        } finally {
            record(System.nanoTime() - start, weight, success);
        }
    }

    /** Records one call its caller timed itself (a whole transaction, say): always weight 1. */
    void record(long nanos, boolean success) {
        record(nanos, 1, success);
    }

    String operation() {
        return operation;
    }

    /** Successful calls counted so far. */
    long successes() {
        return successes.sum();
    }

    /** Failed calls counted so far. */
    long errors() {
        return errors.sum();
    }

    /** The estimated total time of the successful calls. */
    long successNanos() {
        return histogram.successNanos();
    }

    /** The estimated total time of the failed calls. */
    long errorNanos() {
        return histogram.errorNanos();
    }

    OperationSnapshot snapshot() {
        long failures = errors.sum();
        return histogram.snapshot(operation, successes.sum() + failures, failures);
    }

    /** 0: do not time this call; otherwise the number of calls the timing stands for. */
    private int weight() {
        if (!sampling) {
            return 1;
        }
        return ThreadLocalRandom.current().nextInt(SAMPLE_EVERY) == 0 ? SAMPLE_EVERY : 0;
    }

    private void failed() {
        errors.increment();
    }

    private void record(long nanos, int weight, boolean success) {
        if (success) {
            successes.increment();
        } else {
            errors.increment();
        }
        histogram.record(nanos, weight, success);
        if (weight == 1 && !sampling && exactTimings.incrementAndGet() >= EXACT_CALLS) {
            sampling = true;
        }
    }
}
