package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.PolyglotException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransientStoreException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stops a private redis-server in the middle of a workload and starts it again on the same port:
 * plain operations fail with typed exceptions at once, {@code getOrLoad} fails open (logged once
 * per outage, counted), and the same store works again once the server is back, without restart.
 * Always runs on its own embedded server, never on a shared or external one.
 */
class RedisOutageTest {
    private static final Duration TTL = Duration.ofMinutes(1);

    private RedisTestServer.Embedded server;
    private RedisCacheStore store;

    @BeforeEach
    void start() {
        server = RedisTestServer.startOwn();
        store = RedisCacheStore.connect(server.uri() + "?timeout=500ms");
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    @Test
    @DisplayName("a server stopped mid-workload: typed failures, fail-open getOrLoad logged once, recovery without restart")
    void stopAndRestartMidWorkload() throws Exception {
        Cache<String> cache = store.cache("outage", String.class);
        Cache<Long> counters = store.cache("outage", Long.class);
        RateLimiter limiter = store.rateLimiter("outage", 1_000_000, Duration.ofMinutes(1));
        cache.put("before", "v", TTL);
        assertThat(limiter.tryAcquire("u").allowed()).isTrue();

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong typedFailures = new AtomicLong();
        AtomicLong successes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                int i = 0;
                while (running.get()) {
                    String key = "w" + thread + "-" + (i++ % 50);
                    try {
                        // getOrLoad must never fail, down or not.
                        assertThat(cache.getOrLoad("load-" + key, TTL, () -> "loaded")).isEqualTo("loaded");
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                    try {
                        cache.put(key, "x", TTL);
                        counters.increment("n" + thread, 1, TTL);
                        cache.getAll(List.of(key, "before"));
                        cache.putAll(Map.of(key, "y"), TTL);
                        limiter.tryAcquire(key);
                        successes.incrementAndGet();
                    } catch (TransientStoreException e) {
                        if (e.getCause() == null) {
                            unexpected.add(e);
                        }
                        typedFailures.incrementAndGet();
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            }));
        }
        awaitCount(successes, 20);

        server.stop();
        assertThat(eventually(() -> catchUnavailable(() -> cache.get("before"))))
                .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(RuntimeException.class);
        long failuresAtStop = typedFailures.get();
        awaitCount(typedFailures, failuresAtStop + 20);

        // Plain reads and writes fail with the port's exceptions, the driver's as cause.
        for (Runnable call : List.<Runnable>of(() -> cache.get("before"), () -> cache.put("k", "v", TTL),
                () -> counters.increment("n", 1, TTL), () -> limiter.tryAcquire("u"), () -> cache.touch("before", TTL),
                () -> cache.getAll(List.of("a", "b")), () -> cache.putAll(Map.of("a", "1"), TTL))) {
            assertThatThrownBy(call::run).isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(Exception.class);
        }

        // getOrLoad fails open: the loader's value is served, not cached, counted, and logged once.
        AtomicInteger loads = new AtomicInteger();
        Supplier<String> loader = () -> "fresh" + loads.incrementAndGet();
        long failOpenBefore = store.failOpenLoads();
        assertThat(cache.getOrLoad("down", TTL, loader)).isEqualTo("fresh1");
        assertThat(cache.getOrLoad("down", TTL, loader)).isEqualTo("fresh2");
        assertThat(store.failOpenLoads()).isGreaterThanOrEqualTo(failOpenBefore + 2);
        assertThat(store.outage().failingOpen()).isTrue();
        // At least one outage was logged (a server that is still shutting down may answer once more
        // after the first failure, which ends that outage and starts another); further fail-open
        // calls within this outage log nothing more.
        long logged = store.outage().outagesLogged();
        assertThat(logged).isPositive();
        for (int i = 0; i < 50; i++) {
            cache.getOrLoad("down" + i, TTL, loader);
        }
        assertThat(store.outage().outagesLogged()).isEqualTo(logged);

        // Single-flight still holds while failing open.
        CountDownLatch arrived = new CountDownLatch(20);
        AtomicInteger slowLoads = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(callers.submit(() -> {
                arrived.countDown();
                return cache.getOrLoad("herd", TTL, () -> {
                    slowLoads.incrementAndGet();
                    try {
                        arrived.await(10, TimeUnit.SECONDS);
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "herd-value";
                });
            }));
        }
        for (Future<String> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("herd-value");
        }
        callers.shutdown();
        assertThat(slowLoads).hasValue(1);

        server.start();
        // The same store reconnects by itself.
        eventually(() -> {
            cache.put("after", "back", TTL);
            return true;
        });
        assertThat(cache.get("after")).contains("back");
        long successesAtRecovery = successes.get();
        awaitCount(successes, successesAtRecovery + 20);
        running.set(false);
        for (Future<?> w : workers) {
            w.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(unexpected).isEmpty();
        assertThat(store.outage().failingOpen()).isFalse();
        // The restarted server has no scripts cached: EVALSHA's NOSCRIPT falls back to EVAL.
        assertThat(limiter.tryAcquire("after-restart").allowed()).isTrue();
        assertThat(counters.increment("fresh-counter", 5, TTL)).isEqualTo(5);
        // getOrLoad caches again: the second call does not load.
        AtomicInteger afterLoads = new AtomicInteger();
        assertThat(cache.getOrLoad("cached-again", TTL, () -> "v" + afterLoads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.getOrLoad("cached-again", TTL, () -> "v" + afterLoads.incrementAndGet())).isEqualTo("v1");

        // A second outage is logged again, once.
        long loggedBefore = store.outage().outagesLogged();
        server.stop();
        eventually(() -> catchUnavailable(() -> cache.get("after")));
        cache.getOrLoad("second", TTL, () -> "s");
        long loggedSecond = store.outage().outagesLogged();
        assertThat(loggedSecond).isGreaterThan(loggedBefore);
        for (int i = 0; i < 50; i++) {
            cache.getOrLoad("second" + i, TTL, () -> "s");
        }
        assertThat(store.outage().outagesLogged()).isEqualTo(loggedSecond);
        server.start();
        eventually(() -> cache.putIfAbsent("second-back", "v", TTL));
    }

    private static PolyglotException catchUnavailable(Runnable call) {
        try {
            call.run();
        } catch (StoreUnavailableException e) {
            return e;
        }
        throw new AssertionError("the call still succeeded");
    }

    /** Retries until the call succeeds without throwing; a guard against hanging, not a timing assertion. */
    private static <T> T eventually(Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return call.get();
            } catch (AssertionError | TransientStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitCount(AtomicLong counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the workload did not reach " + atLeast + " (at " + counter.get() + ")");
            }
            Thread.sleep(20);
        }
    }
}
