package dev.polyglot.memory;

import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.spi.Ids;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** A view of one named rate limiter of an {@link InMemoryCacheStore}. */
final class MemoryRateLimiter implements RateLimiter {
    private final InMemoryCacheStore store;
    private final String name;
    private final long limit;
    private final long windowMillis;
    private final ConcurrentHashMap<String, MemoryRateLog> logs;

    MemoryRateLimiter(InMemoryCacheStore store, String name, long limit, long windowMillis,
            ConcurrentHashMap<String, MemoryRateLog> logs) {
        this.store = store;
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.logs = logs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    @Override
    public RateLimitDecision tryAcquire(String key, int permits) {
        Ids.requireKey(key);
        if (permits < 1 || permits > limit) {
            throw new IllegalArgumentException("permits must be between 1 and the limit " + limit
                    + " of rate limiter \"" + name + "\", got " + permits);
        }
        long now = store.enter();
        RateLimitDecision[] decision = new RateLimitDecision[1];
        logs.compute(key, (k, log) -> {
            MemoryRateLog current = log == null ? new MemoryRateLog() : log;
            decision[0] = current.tryAcquire(now, permits, limit, windowMillis);
            return current.pruneIdle(now) ? null : current;
        });
        return decision[0];
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", " + limit + " per " + window() + "]";
    }
}
