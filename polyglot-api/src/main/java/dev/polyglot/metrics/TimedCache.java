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
        long started = timers.get.start();
        try {
            return timers.get.succeeded(started, delegate.get(key));
        } catch (Throwable e) {
            timers.get.failed(started);
            throw e;
        }
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        long started = timers.put.start();
        try {
            delegate.put(key, value, ttl);
        } catch (Throwable e) {
            timers.put.failed(started);
            throw e;
        }
        timers.put.succeeded(started);
    }

    @Override
    public void put(String key, V value) {
        long started = timers.put.start();
        try {
            delegate.put(key, value);
        } catch (Throwable e) {
            timers.put.failed(started);
            throw e;
        }
        timers.put.succeeded(started);
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        long started = timers.putIfAbsent.start();
        try {
            return timers.putIfAbsent.succeeded(started, delegate.putIfAbsent(key, value, ttl));
        } catch (Throwable e) {
            timers.putIfAbsent.failed(started);
            throw e;
        }
    }

    @Override
    public boolean delete(String key) {
        long started = timers.delete.start();
        try {
            return timers.delete.succeeded(started, delegate.delete(key));
        } catch (Throwable e) {
            timers.delete.failed(started);
            throw e;
        }
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys) {
        long started = timers.getAll.start();
        try {
            return timers.getAll.succeeded(started, delegate.getAll(keys));
        } catch (Throwable e) {
            timers.getAll.failed(started);
            throw e;
        }
    }

    @Override
    public void putAll(Map<String, ? extends V> entries, Duration ttl) {
        long started = timers.putAll.start();
        try {
            delegate.putAll(entries, ttl);
        } catch (Throwable e) {
            timers.putAll.failed(started);
            throw e;
        }
        timers.putAll.succeeded(started);
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        long started = timers.increment.start();
        try {
            return timers.increment.succeeded(started, delegate.increment(key, delta, ttl));
        } catch (Throwable e) {
            timers.increment.failed(started);
            throw e;
        }
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        long started = timers.getOrLoad.start();
        try {
            return timers.getOrLoad.succeeded(started, delegate.getOrLoad(key, ttl, loader));
        } catch (Throwable e) {
            timers.getOrLoad.failed(started);
            throw e;
        }
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        long started = timers.touch.start();
        try {
            return timers.touch.succeeded(started, delegate.touch(key, ttl));
        } catch (Throwable e) {
            timers.touch.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<Duration> ttl(String key) {
        long started = timers.ttl.start();
        try {
            return timers.ttl.succeeded(started, delegate.ttl(key));
        } catch (Throwable e) {
            timers.ttl.failed(started);
            throw e;
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    @Override
    public Page<String> keys(PageRequest page) {
        long started = timers.keys.start();
        try {
            return timers.keys.succeeded(started, delegate.keys(page));
        } catch (Throwable e) {
            timers.keys.failed(started);
            throw e;
        }
    }
}
