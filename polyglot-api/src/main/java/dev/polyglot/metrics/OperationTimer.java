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
 * goal (~7 ns). Counting every success exactly cannot either: an exact concurrent counter costs a
 * locked instruction (a {@code LongAdder} add, ~5 ns here) or a thread-local lookup (~3.5 ns, tried),
 * on top of the ~5 ns the sampling decision and the indirection take. So the first
 * {@value #EXACT_CALLS} calls of an operation are all timed and counted, and after that one call
 * in {@value #SAMPLE_EVERY}, picked with {@link ThreadLocalRandom} so that a periodic workload
 * cannot line up with the sampling, is timed and weighted {@value #SAMPLE_EVERY}: the successes
 * are then the weighted sample (relative standard error √(15 / n), 0.4 % at a million calls) and
 * the percentiles those of a random sample, both without bias. Failures, rare and caught anyway,
 * are counted exactly.
 */
final class OperationTimer {
    /** How many calls of an operation are all timed before sampling starts. */
    static final int EXACT_CALLS = 1024;
    /** One call in this many is timed once sampling has started; a power of two. */
    static final int SAMPLE_EVERY = 16;

    /**
     * What {@link #start()} returns for a call that is not timed: HotSpot's {@code System.nanoTime()}
     * counts from boot, so it does not return this for 292 years.
     */
    static final long NOT_TIMED = Long.MIN_VALUE;

    private final String operation;
    private final LatencyHistogram histogram = new LatencyHistogram();
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
                errors.increment();
                throw failure;
            }
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
                errors.increment();
                throw failure;
            }
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
                errors.increment();
                throw failure;
            }
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

    /**
     * Starts a call that the caller times with {@link #succeeded}/{@link #failed} around it, as the
     * per-call views do: a lambda handed to {@link #time} is scalar-replaced only while everything
     * it reaches is inlined, and inside a large callee (an in-memory document {@code get} decoding
     * with Jackson) it was not — an allocation and a call more, +25 ns there, against −13 ns
     * without one, measured with {@code MetricsOverheadBenchmark}.
     *
     * @return {@link #NOT_TIMED}, or the start time to pass on
     */
    long start() {
        return weight() == 0 ? NOT_TIMED : System.nanoTime();
    }

    /** Ends a call started with {@link #start()} that returned normally, and returns its result. */
    <R> R succeeded(long started, R result) {
        succeeded(started);
        return result;
    }

    /** As {@link #succeeded(long, Object)}, unboxed. */
    long succeeded(long started, long result) {
        succeeded(started);
        return result;
    }

    /** As {@link #succeeded(long, Object)}, unboxed. */
    boolean succeeded(long started, boolean result) {
        succeeded(started);
        return result;
    }

    /** Ends a call started with {@link #start()} that returned normally. */
    void succeeded(long started) {
        if (started != NOT_TIMED) {
            record(System.nanoTime() - started, currentWeight(), true);
        }
    }

    /** Ends a call started with {@link #start()} that threw. */
    void failed(long started) {
        if (started == NOT_TIMED) {
            errors.increment();
        } else {
            record(System.nanoTime() - started, currentWeight(), false);
        }
    }

    /** Records one call its caller timed itself (a whole transaction, say): always weight 1. */
    void record(long nanos, boolean success) {
        record(nanos, 1, success);
    }

    String operation() {
        return operation;
    }

    /** Successful calls so far: exact for the first {@value #EXACT_CALLS} calls, then estimated. */
    long successes() {
        return histogram.successes();
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
        return histogram.snapshot(operation, histogram.successes() + failures, failures);
    }

    /**
     * The weight of a timed call ending now. A call in flight when sampling starts (once, after
     * {@link #EXACT_CALLS} timings) may be weighed {@value #SAMPLE_EVERY} instead of 1: at most as
     * many calls as run at that moment, once.
     */
    private int currentWeight() {
        return sampling ? SAMPLE_EVERY : 1;
    }

    /** 0: do not time this call; otherwise the number of calls the timing stands for. */
    private int weight() {
        if (!sampling) {
            return 1;
        }
        return ThreadLocalRandom.current().nextInt(SAMPLE_EVERY) == 0 ? SAMPLE_EVERY : 0;
    }

    private void record(long nanos, int weight, boolean success) {
        if (!success) {
            errors.increment();
        }
        histogram.record(nanos, weight, success);
        if (weight == 1 && !sampling && exactTimings.incrementAndGet() >= EXACT_CALLS) {
            sampling = true;
        }
    }
}
