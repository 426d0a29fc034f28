package dev.polyglot.benchmarks;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import java.time.Duration;

/** A cache store that hands out one {@link NoopCache} for every namespace. */
final class NoopCacheStore implements CacheStore {
    private final CacheStore rest;
    private final Cache<MetricsOverheadBenchmark.Session> cache;

    NoopCacheStore(CacheStore rest, Cache<MetricsOverheadBenchmark.Session> cache) {
        this.rest = rest;
        this.cache = cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        return (Cache<V>) cache;
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        return rest.rateLimiter(name, limit, window);
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return rest.unwrap(type);
    }

    @Override
    public void close() {
        rest.close();
    }
}
