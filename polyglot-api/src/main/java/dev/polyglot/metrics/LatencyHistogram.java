package dev.polyglot.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-linear histogram of nanosecond latencies: exact below 16 ns, then 8 buckets per
 * power of two, so a percentile read from it is at most 12.5 % above the true value; fixed size
 * (488 counters) however many values are recorded. A value may stand for several calls (its
 * weight), which is how {@link OperationTimer}'s sampled timings keep the bucket counts and the
 * total an unbiased estimate of every call's.
 */
final class LatencyHistogram {
    private static final int LINEAR = 16;
    private static final int SUB_BUCKETS = 8;
    static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder successes = new LongAdder();
    private final LongAdder successNanos = new LongAdder();
    private final LongAdder errorNanos = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    void record(long nanos, boolean success) {
        record(nanos, 1, success);
    }

    /** Records one timed value standing for {@code weight} calls. */
    void record(long nanos, int weight, boolean success) {
        long value = Math.max(0, nanos);
        counts.addAndGet(index(value), weight);
        if (success) {
            successes.add(weight);
            successNanos.add(value * weight);
        } else {
            errors.add(weight);
            errorNanos.add(value * weight);
        }
        long max = maxNanos.get();
        while (value > max && !maxNanos.compareAndSet(max, value)) {
            max = maxNanos.get();
        }
    }

    /** The weighted number of successful calls. */
    long successes() {
        return successes.sum();
    }

    /** The weighted sum of the successful calls' latencies: each sum only grows, as Micrometer's timers need. */
    long successNanos() {
        return successNanos.sum();
    }

    /** The weighted sum of the failed calls' latencies. */
    long errorNanos() {
        return errorNanos.sum();
    }

    /** A snapshot counting the recorded weights as the calls. */
    OperationSnapshot snapshot(String operation) {
        return snapshot(operation, -1, errors.sum());
    }

    /**
     * A snapshot with exactly known call and error counts (the buckets and the total remain
     * estimates when values were sampled); {@code calls} -1 counts the buckets.
     */
    OperationSnapshot snapshot(String operation, long calls, long errorCount) {
        List<LatencyBucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            long count = counts.get(i);
            if (count > 0) {
                buckets.add(new LatencyBucket(lowerBound(i), upperBound(i), count));
            }
        }
        long total = successNanos.sum() + errorNanos.sum();
        long max = maxNanos.get();
        return calls < 0 ? OperationSnapshot.of(operation, buckets, errorCount, total, max)
                : OperationSnapshot.of(operation, buckets, calls, errorCount, total, max);
    }

    static int index(long nanos) {
        if (nanos < LINEAR) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - 3)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - 4) * SUB_BUCKETS + sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB_BUCKETS + 4;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub) << (exponent - 3);
    }

    static long upperBound(int index) {
        if (index == BUCKETS - 1) {
            return Long.MAX_VALUE;
        }
        return index < LINEAR ? index : lowerBound(index + 1) - 1;
    }
}
