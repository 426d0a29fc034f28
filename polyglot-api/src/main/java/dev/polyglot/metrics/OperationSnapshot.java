package dev.polyglot.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency summary of one operation of one port, such as the Cache port's {@code get}: how
 * often it ran, how often it failed, and its latency percentiles (read from a log-linear
 * histogram, so at most 12.5 % above the true value and never above the maximum).
 *
 * <p>The decorators time and count all of an operation's first 1,024 calls; after that they time
 * one call in 16, chosen at random, and let it stand for 16, so that measuring costs a few
 * nanoseconds a call. From then on {@code count} (successes estimated, failures always exact),
 * the buckets, the percentiles and the total are unbiased estimates from that sample (the count's
 * relative standard error is √(15 / n): 1.2 % at 100,000 calls, 0.4 % at a million), and the
 * maximum is the largest sampled latency.
 *
 * @param operation the operation's name, such as {@code get} or {@code search}
 * @param count how many times it ran
 * @param errors how many of those threw
 * @param totalNanos the sum of all latencies
 * @param p50Nanos the median latency
 * @param p95Nanos the 95th percentile
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest latency
 * @param buckets the non-empty histogram buckets, by latency
 */
public record OperationSnapshot(String operation, long count, long errors, long totalNanos, long p50Nanos, long p95Nanos,
        long p99Nanos, long maxNanos, List<LatencyBucket> buckets) {

    /**
     * Copies the buckets.
     *
     * @param operation the operation's name
     * @param count how many times it ran
     * @param errors how many of those threw
     * @param totalNanos the sum of all latencies
     * @param p50Nanos the median latency
     * @param p95Nanos the 95th percentile
     * @param p99Nanos the 99th percentile
     * @param maxNanos the largest latency
     * @param buckets the non-empty histogram buckets
     * @throws IllegalArgumentException if the name is blank or a figure is negative
     */
    public OperationSnapshot {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation name must not be blank");
        }
        if (count < 0 || errors < 0 || errors > count || totalNanos < 0 || p50Nanos < 0 || p95Nanos < 0 || p99Nanos < 0
                || maxNanos < 0) {
            throw new IllegalArgumentException("operation " + operation + " has negative or inconsistent figures");
        }
        buckets = List.copyOf(buckets);
    }

    /**
     * Builds a summary from histogram buckets, computing the percentiles; the buckets' counts are
     * the number of calls.
     *
     * @param operation the operation's name
     * @param buckets the histogram buckets, any order
     * @param errors how many operations threw
     * @param totalNanos the sum of all latencies
     * @param maxNanos the largest latency
     * @return the summary
     */
    public static OperationSnapshot of(String operation, Collection<LatencyBucket> buckets, long errors, long totalNanos,
            long maxNanos) {
        return of(operation, buckets, -1, errors, totalNanos, maxNanos);
    }

    /**
     * Builds a summary from the buckets of sampled latencies and a number of calls known apart
     * from them, computing the percentiles from the buckets.
     *
     * @param operation the operation's name
     * @param buckets the histogram buckets, any order
     * @param count how many times the operation ran; -1 for the buckets' total
     * @param errors how many operations threw
     * @param totalNanos the (estimated) sum of all latencies
     * @param maxNanos the largest (sampled) latency
     * @return the summary
     */
    public static OperationSnapshot of(String operation, Collection<LatencyBucket> buckets, long count, long errors,
            long totalNanos, long maxNanos) {
        List<LatencyBucket> sorted = new ArrayList<>(buckets);
        sorted.removeIf(b -> b.count() == 0);
        sorted.sort((a, b) -> Long.compare(a.lowerNanos(), b.lowerNanos()));
        long timed = 0;
        for (LatencyBucket bucket : sorted) {
            timed += bucket.count();
        }
        long calls = count < 0 ? timed : count;
        return new OperationSnapshot(operation, calls, Math.min(errors, calls), totalNanos,
                percentile(sorted, timed, 0.50, maxNanos), percentile(sorted, timed, 0.95, maxNanos),
                percentile(sorted, timed, 0.99, maxNanos), maxNanos, sorted);
    }

    /**
     * Builds a summary from individual latencies, through the same histogram the decorators use;
     * for tests and tools that have raw samples.
     *
     * @param operation the operation's name
     * @param errors how many of the samples were failures
     * @param nanos the latencies in nanoseconds
     * @return the summary
     */
    public static OperationSnapshot fromSamples(String operation, long errors, long... nanos) {
        LatencyHistogram histogram = new LatencyHistogram();
        long failures = errors;
        for (long sample : nanos) {
            histogram.record(sample, failures-- <= 0);
        }
        return histogram.snapshot(operation);
    }

    /**
     * Merges the summaries of several operations into one, bucket by bucket, such as every read
     * operation of a cache.
     *
     * @param operation the merged summary's name
     * @param parts the summaries to merge
     * @return the merged summary (empty if there are none)
     */
    public static OperationSnapshot combine(String operation, Collection<OperationSnapshot> parts) {
        Map<Long, LatencyBucket> merged = new TreeMap<>();
        long count = 0;
        long errors = 0;
        long total = 0;
        long max = 0;
        for (OperationSnapshot part : parts) {
            count += part.count();
            errors += part.errors();
            total += part.totalNanos();
            max = Math.max(max, part.maxNanos());
            for (LatencyBucket bucket : part.buckets()) {
                merged.merge(bucket.lowerNanos(), bucket,
                        (a, b) -> new LatencyBucket(a.lowerNanos(), a.upperNanos(), a.count() + b.count()));
            }
        }
        return of(operation, merged.values(), count, errors, total, max);
    }

    /**
     * Returns the 99th percentile in milliseconds.
     *
     * @return p99 / 1e6
     */
    public double p99Millis() {
        return p99Nanos / 1e6;
    }

    /**
     * Returns the mean latency in nanoseconds, 0 when nothing ran.
     *
     * @return the mean
     */
    public double meanNanos() {
        return count == 0 ? 0 : (double) totalNanos / count;
    }

    private static long percentile(List<LatencyBucket> sorted, long count, double quantile, long maxNanos) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (LatencyBucket bucket : sorted) {
            seen += bucket.count();
            if (seen >= rank) {
                return Math.min(bucket.upperNanos(), Math.max(maxNanos, bucket.lowerNanos()));
            }
        }
        return maxNanos;
    }
}
