package dev.polyglot.metrics;

import dev.polyglot.cache.Cache;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Times every operation of one cache namespace; {@code getOrLoad} includes the loader's time. */
final class TimedCache<V> implements Cache<V> {
    private final Cache<V> delegate;
    private final CacheTimers timers;

    TimedCache(Cache<V> delegate, CacheTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public Optional<V> get(String key) {
        return timers.get.time(() -> delegate.get(key));
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        timers.put.run(() -> delegate.put(key, value, ttl));
    }

    @Override
    public void put(String key, V value) {
        timers.put.run(() -> delegate.put(key, value));
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        return timers.putIfAbsent.time(() -> delegate.putIfAbsent(key, value, ttl));
    }

    @Override
    public boolean delete(String key) {
        return timers.delete.time(() -> delegate.delete(key));
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys) {
        return timers.getAll.time(() -> delegate.getAll(keys));
    }

    @Override
    public void putAll(Map<String, ? extends V> entries, Duration ttl) {
        timers.putAll.run(() -> delegate.putAll(entries, ttl));
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        return timers.increment.timeLong(() -> delegate.increment(key, delta, ttl));
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        return timers.getOrLoad.time(() -> delegate.getOrLoad(key, ttl, loader));
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return timers.touch.time(() -> delegate.touch(key, ttl));
    }

    @Override
    public Optional<Duration> ttl(String key) {
        return timers.ttl.time(() -> delegate.ttl(key));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    @Override
    public Page<String> keys(PageRequest page) {
        return timers.keys.time(() -> delegate.keys(page));
    }
}
