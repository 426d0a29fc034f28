package dev.polyglot.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-linear histogram of nanosecond latencies: exact below 16 ns, then 8 buckets per
 * power of two, so a percentile read from it is at most 12.5 % above the true value; fixed size
 * (488 counters) however many values are recorded.
 */
final class LatencyHistogram {
    private static final int LINEAR = 16;
    private static final int SUB_BUCKETS = 8;
    static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder totalNanos = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    void record(long nanos, boolean success) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(index(value));
        totalNanos.add(value);
        if (!success) {
            errors.increment();
        }
        long max = maxNanos.get();
        while (value > max && !maxNanos.compareAndSet(max, value)) {
            max = maxNanos.get();
        }
    }

    OperationSnapshot snapshot(String operation) {
        List<LatencyBucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            long count = counts.get(i);
            if (count > 0) {
                buckets.add(new LatencyBucket(lowerBound(i), upperBound(i), count));
            }
        }
        return OperationSnapshot.of(operation, buckets, errors.sum(), totalNanos.sum(), maxNanos.get());
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
