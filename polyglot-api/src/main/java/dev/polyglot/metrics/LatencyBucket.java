package dev.polyglot.metrics;

/**
 * One bucket of a latency histogram: how many operations took from {@code lowerNanos} to
 * {@code upperNanos} nanoseconds, both inclusive.
 *
 * @param lowerNanos the smallest latency in the bucket
 * @param upperNanos the largest latency in the bucket
 * @param count how many operations fell into it
 */
public record LatencyBucket(long lowerNanos, long upperNanos, long count) {

    /**
     * Checks the bounds and count.
     *
     * @param lowerNanos the smallest latency in the bucket
     * @param upperNanos the largest latency in the bucket
     * @param count how many operations fell into it
     * @throws IllegalArgumentException if a bound or the count is negative or the bounds are reversed
     */
    public LatencyBucket {
        if (lowerNanos < 0 || upperNanos < lowerNanos || count < 0) {
            throw new IllegalArgumentException("invalid latency bucket [" + lowerNanos + ", " + upperNanos + "] x " + count);
        }
    }
}
