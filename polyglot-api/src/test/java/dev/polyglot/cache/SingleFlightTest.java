package dev.polyglot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.polyglot.spi.SingleFlight;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight<String, Object> flights = new SingleFlight<>();

    @Test
    @DisplayName("concurrent callers of one key share one run and its value")
    void sharesOneRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Object value = new Object();
        List<Object> results = callConcurrently(50, () -> flights.run("k", () -> {
            runs.incrementAndGet();
            awaitQuietly(release);
            return value;
        }), release);
        assertThat(runs).hasValue(1);
        assertThat(results).hasSize(50).allSatisfy(r -> assertThat(r).isSameAs(value));
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    @DisplayName("every waiting caller gets the loader's exception, and the next call runs again")
    void sharesTheException() throws Exception {
        RuntimeException boom = new IllegalStateException("boom");
        CountDownLatch release = new CountDownLatch(1);
        List<Object> results = callConcurrently(20, () -> catchThrowable(() -> flights.run("k", () -> {
            awaitQuietly(release);
            throw boom;
        })), release);
        assertThat(results).allSatisfy(r -> assertThat(r).isSameAs(boom));
        assertThat(flights.run("k", () -> "fresh")).isEqualTo("fresh");
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    @DisplayName("different keys run independently")
    void keysIndependent() {
        assertThat(flights.run("a", () -> flights.run("b", () -> "inner"))).isEqualTo("inner");
    }

    @Test
    @DisplayName("a loader asking for its own key in the same thread fails instead of waiting forever")
    void recursion() {
        assertThatThrownBy(() -> flights.run("k", () -> flights.run("k", () -> "never")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("same key");
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    @DisplayName("a loader returning null and null arguments are rejected")
    void nulls() {
        Supplier<Object> nullLoader = () -> nullOf();
        assertThatThrownBy(() -> flights.run("k", nullLoader)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("k");
        String noKey = nullOf();
        Supplier<Object> noLoader = nullOf();
        assertThatThrownBy(() -> flights.run(noKey, () -> "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> flights.run("k", noLoader)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an interrupted waiter still gets the value and keeps its interrupt flag")
    void interruptedWaiter() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> owner = pool.submit(() -> flights.run("k", () -> {
                started.countDown();
                awaitQuietly(release);
                return "value";
            }));
            started.await();
            Future<Object[]> waiter = pool.submit(() -> {
                Thread.currentThread().interrupt();
                Object v = flights.run("k", () -> "second run");
                return new Object[] {v, Thread.interrupted()};
            });
            Thread.sleep(100);
            release.countDown();
            assertThat(owner.get(1, TimeUnit.MINUTES)).isEqualTo("value");
            Object[] waited = waiter.get(1, TimeUnit.MINUTES);
            assertThat(waited[1]).isEqualTo(true);
            assertThat(waited[0]).isIn("value", "second run");
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Object> callConcurrently(int callers, Supplier<Object> call, CountDownLatch release)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch arrived = new CountDownLatch(callers);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    arrived.countDown();
                    return call.get();
                }));
            }
            // Release the loader only once every caller is about to call run, plus a moment to get there.
            arrived.await(1, TimeUnit.MINUTES);
            Thread.sleep(200);
            release.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get(1, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked") // null fits any type
    private static <T> T nullOf() {
        Object nothing = null;
        return (T) nothing;
    }
}
