package dev.polyglot.metrics;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import java.time.Duration;

/** Times the Cache port: every cache and rate limiter it hands out is timed. */
final class TimedCacheStore implements CacheStore {
    private final CacheStore delegate;
    private final CacheTimers timers;

    TimedCacheStore(CacheStore delegate, PortMetrics metrics) {
        this.delegate = delegate;
        this.timers = new CacheTimers(metrics);
    }

    @Override
    public <V> Cache<V> cache(String namespace, Class<V> type) {
        return new TimedCache<>(delegate.cache(namespace, type), timers);
    }

    @Override
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        return new TimedCache<>(delegate.cache(namespace, codec), timers);
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        return new TimedRateLimiter(delegate.rateLimiter(name, limit, window), timers.tryAcquire);
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Timed" + delegate;
    }
}
