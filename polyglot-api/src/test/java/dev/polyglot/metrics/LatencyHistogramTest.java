package dev.polyglot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The log-linear latency histogram")
class LatencyHistogramTest {

    @Test
    @DisplayName("puts every value in the bucket whose bounds contain it, with no gaps between buckets")
    void bucketsTileTheRange() {
        for (int i = 0; i < LatencyHistogram.BUCKETS - 1; i++) {
            assertThat(LatencyHistogram.upperBound(i) + 1).isEqualTo(LatencyHistogram.lowerBound(i + 1));
        }
        Random random = new Random(7);
        for (int n = 0; n < 100_000; n++) {
            long value = (random.nextLong() & Long.MAX_VALUE) >>> random.nextInt(63);
            int index = LatencyHistogram.index(value);
            assertThat(value).isBetween(LatencyHistogram.lowerBound(index), LatencyHistogram.upperBound(index));
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    @DisplayName("reads percentiles no more than 12.5 % above the exact ones, and never above the maximum")
    void percentilesWithinBucketError() {
        Random random = new Random(11);
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) (Math.exp(random.nextGaussian() * 1.5 + 12)); // log-normal around 160 µs
        }
        OperationSnapshot snapshot = OperationSnapshot.fromSamples("get", 3, samples);
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        assertThat(snapshot.count()).isEqualTo(samples.length);
        assertThat(snapshot.errors()).isEqualTo(3);
        assertThat(snapshot.maxNanos()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(snapshot.totalNanos()).isEqualTo(Arrays.stream(samples).sum());
        assertWithin(snapshot.p50Nanos(), sorted[(int) Math.ceil(0.50 * sorted.length) - 1]);
        assertWithin(snapshot.p95Nanos(), sorted[(int) Math.ceil(0.95 * sorted.length) - 1]);
        assertWithin(snapshot.p99Nanos(), sorted[(int) Math.ceil(0.99 * sorted.length) - 1]);
        assertThat(snapshot.buckets().stream().mapToLong(LatencyBucket::count).sum()).isEqualTo(samples.length);
    }

    @Test
    @DisplayName("merges summaries bucket by bucket")
    void combine() {
        OperationSnapshot a = OperationSnapshot.fromSamples("get", 0, 1_000, 2_000, 3_000);
        OperationSnapshot b = OperationSnapshot.fromSamples("getAll", 1, 1_000_000);
        OperationSnapshot both = OperationSnapshot.combine("reads", java.util.List.of(a, b));
        assertThat(both.count()).isEqualTo(4);
        assertThat(both.errors()).isEqualTo(1);
        assertThat(both.maxNanos()).isEqualTo(1_000_000);
        assertThat(both.p99Nanos()).isEqualTo(1_000_000);
        assertThat(both.p50Nanos()).isBetween(2_000L, 2_250L);
        assertThat(OperationSnapshot.combine("none", java.util.List.of()).count()).isZero();
    }

    private static void assertWithin(long measured, long exact) {
        assertThat(measured).isGreaterThanOrEqualTo(exact);
        assertThat((double) measured).isCloseTo(exact, within(exact * 0.125 + 1));
    }
}
