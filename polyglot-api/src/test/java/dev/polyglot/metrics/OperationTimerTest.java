package dev.polyglot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.polyglot.Port;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An operation timer")
class OperationTimerTest {

    @Test
    @DisplayName("times every one of an operation's first 1,024 calls")
    void timesTheFirstCallsExactly() {
        OperationTimer timer = new OperationTimer("get");
        for (int i = 0; i < OperationTimer.EXACT_CALLS; i++) {
            timer.time(() -> "v");
        }
        OperationSnapshot snapshot = timer.snapshot();
        assertThat(snapshot.count()).isEqualTo(OperationTimer.EXACT_CALLS);
        assertThat(bucketTotal(snapshot)).isEqualTo(OperationTimer.EXACT_CALLS);
    }

    @Test
    @DisplayName("then counts every failure exactly and estimates the rest from a weighted random sample")
    void samplesAfterwards() {
        OperationTimer timer = new OperationTimer("get");
        int calls = 200_000;
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            if (i % 100 == 99) {
                failures++;
                assertThatThrownBy(() -> timer.run(() -> {
                    throw new IllegalStateException("boom");
                })).hasMessage("boom");
            } else if (i % 2 == 0) {
                timer.time(() -> "v");
            } else {
                timer.timeLong(() -> 1L);
            }
        }
        OperationSnapshot snapshot = timer.snapshot();
        assertThat(snapshot.errors()).isEqualTo(failures);
        // 1,024 exact timings, then ~12,400 samples weighted 16: the estimate's standard error is
        // sqrt(15 n) ~ 1,700 calls, so 5 % (10,000) is more than five standard errors
        assertThat((double) snapshot.count()).isCloseTo(calls, within(calls * 0.05));
        assertThat((double) timer.successes()).isCloseTo(calls - failures, within(calls * 0.05));
        assertThat((double) bucketTotal(snapshot)).isCloseTo(calls, within(calls * 0.05));
        assertThat(snapshot.totalNanos()).isPositive();
        assertThat(snapshot.p99Nanos()).isGreaterThanOrEqualTo(snapshot.p50Nanos()).isLessThanOrEqualTo(snapshot.maxNanos());
    }

    @Test
    @DisplayName("counts and samples the same way when the caller times around the call itself")
    void startSucceededFailed() {
        OperationTimer timer = new OperationTimer("get");
        int calls = 100_000;
        int failures = 0;
        for (int i = 0; i < calls; i++) {
            long started = timer.start();
            if (i % 50 == 0) {
                failures++;
                timer.failed(started);
            } else if (i % 2 == 0) {
                assertThat(timer.succeeded(started, 7L)).isEqualTo(7L);
            } else {
                assertThat(timer.succeeded(started, "v")).isEqualTo("v");
            }
        }
        OperationSnapshot snapshot = timer.snapshot();
        assertThat(snapshot.errors()).isEqualTo(failures);
        assertThat((double) snapshot.count()).isCloseTo(calls, within(calls * 0.05));
        assertThat((double) bucketTotal(snapshot)).isCloseTo(calls, within(calls * 0.05));
    }

    @Test
    @DisplayName("weighs a sampled latency as the calls it stands for, in the percentiles and the total")
    void weightedHistogram() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 90; i++) {
            histogram.record(1_000, 16, true);
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(1_000_000, 16, false);
        }
        OperationSnapshot snapshot = histogram.snapshot("get", 1_700, 170);
        assertThat(snapshot.count()).isEqualTo(1_700);
        assertThat(snapshot.errors()).isEqualTo(170);
        assertThat(bucketTotal(snapshot)).isEqualTo(1_600);
        assertThat(snapshot.p50Nanos()).isBetween(1_000L, 1_125L);
        assertThat(snapshot.p95Nanos()).isBetween(1_000_000L, 1_125_000L);
        assertThat(snapshot.totalNanos()).isEqualTo(90 * 16 * 1_000L + 10 * 16 * 1_000_000L);
        assertThat(histogram.errorNanos()).isEqualTo(10 * 16 * 1_000_000L);
    }

    @Test
    @DisplayName("shows the counts of every live PortMetrics of one operation in one pair of Micrometer timers")
    void sharedMicrometerTimers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PortMetrics first = PortMetrics.create(Port.CACHE, "memory", registry);
        PortMetrics second = PortMetrics.create(Port.CACHE, "memory", registry);
        for (int i = 0; i < 3; i++) {
            first.timer("get").time(() -> "v");
        }
        second.timer("get").time(() -> "v");
        assertThatThrownBy(() -> second.timer("get").time(() -> {
            throw new IllegalArgumentException("bad key");
        })).isInstanceOf(IllegalArgumentException.class);
        FunctionTimer success = registry.find("polyglot.operation").tags("operation", "get", "outcome", "success").functionTimer();
        FunctionTimer error = registry.find("polyglot.operation").tags("operation", "get", "outcome", "error").functionTimer();
        assertThat(success.count()).isEqualTo(4);
        assertThat(error.count()).isEqualTo(1);
        assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(first.snapshot().operation("get").orElseThrow().count()).isEqualTo(3);
        assertThat(second.snapshot().operation("get").orElseThrow().count()).isEqualTo(2);
    }

    private static long bucketTotal(OperationSnapshot snapshot) {
        return snapshot.buckets().stream().mapToLong(LatencyBucket::count).sum();
    }
}
