package dev.polyglot.benchmarks;

import dev.polyglot.cache.Cache;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cache whose {@code get} returns a constant, for measuring the timing decorator's own cost;
 * every other operation goes to a real in-memory cache.
 */
final class NoopCache implements Cache<MetricsOverheadBenchmark.Session> {
    private static final Optional<MetricsOverheadBenchmark.Session> VALUE =
            Optional.of(new MetricsOverheadBenchmark.Session("u", 1));
    private final Cache<MetricsOverheadBenchmark.Session> rest;

    NoopCache(Cache<MetricsOverheadBenchmark.Session> rest) {
        this.rest = rest;
    }

    @Override
    public String namespace() {
        return rest.namespace();
    }

    @Override
    public Optional<MetricsOverheadBenchmark.Session> get(String key) {
        return VALUE;
    }

    @Override
    public void put(String key, MetricsOverheadBenchmark.Session value, Duration ttl) {
        rest.put(key, value, ttl);
    }

    @Override
    public void put(String key, MetricsOverheadBenchmark.Session value) {
        rest.put(key, value);
    }

    @Override
    public boolean putIfAbsent(String key, MetricsOverheadBenchmark.Session value, Duration ttl) {
        return rest.putIfAbsent(key, value, ttl);
    }

    @Override
    public boolean delete(String key) {
        return rest.delete(key);
    }

    @Override
    public Map<String, MetricsOverheadBenchmark.Session> getAll(Collection<String> keys) {
        return rest.getAll(keys);
    }

    @Override
    public void putAll(Map<String, ? extends MetricsOverheadBenchmark.Session> entries, Duration ttl) {
        rest.putAll(entries, ttl);
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        return rest.increment(key, delta, ttl);
    }

    @Override
    public MetricsOverheadBenchmark.Session getOrLoad(String key, Duration ttl,
            Supplier<? extends MetricsOverheadBenchmark.Session> loader) {
        return rest.getOrLoad(key, ttl, loader);
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return rest.touch(key, ttl);
    }

    @Override
    public Optional<Duration> ttl(String key) {
        return rest.ttl(key);
    }

    @Override
    public Page<String> keys(PageRequest page) {
        return rest.keys(page);
    }
}
