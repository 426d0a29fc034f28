package dev.polyglot.spi;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a loader at most once at a time per key among the threads of this JVM: the first caller
 * for a key runs the loader, callers that arrive while it runs wait and receive the same value or
 * the same exception; the next caller after it finished starts a new run.
 *
 * <p>This is what makes {@link dev.polyglot.cache.Cache#getOrLoad} single-flight in every adapter.
 * It is JVM-local on purpose: it needs no round trip and no lock in the store, and it removes the
 * thundering herd inside one application instance; N instances of an application may still run
 * the loader up to N times for one key. Loaders should therefore re-check the cache before loading
 * (a caller that missed the cache just before an earlier run finished starts a new run).
 *
 * <pre>{@code
 * private final SingleFlight<String, byte[]> flights = new SingleFlight<>();
 *
 * byte[] bytes = flights.run(namespace + ':' + key, () -> {
 *     byte[] cached = redis.get(redisKey);          // re-check: an earlier run may just have stored it
 *     if (cached != null) {
 *         return cached;
 *     }
 *     byte[] loaded = codec.toJson(loader.get());
 *     redis.set(redisKey, loaded, SetArgs.Builder.px(ttlMillis));
 *     return loaded;
 * });
 * }</pre>
 *
 * <p>Waiting is uninterruptible (like {@code ConcurrentHashMap.computeIfAbsent}); a waiting
 * thread that is interrupted keeps waiting and has its interrupt flag set again when it returns.
 * Instances are thread-safe.
 *
 * @param <K> the key type (with value-based {@code equals} and {@code hashCode})
 * @param <V> the result type
 */
public final class SingleFlight<K, V> {
    private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

    /** Creates an instance with no runs in flight. */
    public SingleFlight() {
    }

    /**
     * Runs the loader for a key, or waits for the run already in flight for that key and returns
     * its result.
     *
     * @param key the key
     * @param loader computes the result; it must not return null
     * @return the loader's result (the same object for every caller of one run)
     * @throws IllegalArgumentException if the key or loader is null
     * @throws IllegalStateException if the loader returns null, or the loader itself calls
     *     {@code run} for the same key in the same thread (which would wait forever)
     * @throws RuntimeException whatever the loader threw, rethrown to every caller of that run
     */
    public V run(K key, Supplier<? extends V> loader) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        Flight<V> mine = new Flight<>(Thread.currentThread());
        Flight<V> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            if (running.owner == Thread.currentThread()) {
                throw new IllegalStateException("the loader for key " + key
                        + " asked for the same key again in the same thread, which would wait forever");
            }
            return running.await();
        }
        try {
            V value = loader.get();
            if (value == null) {
                throw new IllegalStateException("the loader for key " + key + " returned null");
            }
            mine.succeed(value);
            return value;
        } catch (Throwable t) {
            mine.fail(t);
            throw t;
        } finally {
            // Removed only after completion: callers arriving in between still get this run's result.
            flights.remove(key, mine);
        }
    }

    /**
     * Returns how many keys have a run in flight right now, for metrics and tests.
     *
     * @return the number of running loaders
     */
    public int inFlight() {
        return flights.size();
    }

    /** One run of a loader and the callers waiting for it. */
    private static final class Flight<V> {
        final Thread owner;
        private final CountDownLatch done = new CountDownLatch(1);
        private @Nullable V value;
        private @Nullable Throwable failure;

        Flight(Thread owner) {
            this.owner = owner;
        }

        void succeed(V v) {
            value = v;
            done.countDown();
        }

        void fail(Throwable t) {
            failure = t;
            done.countDown();
        }

        /** Waits for the run; the latch makes the fields written before countDown visible here. */
        V await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error error) {
                throw error;
            }
            if (t != null) {
                // Only a sneakily thrown checked exception gets here; Supplier cannot declare one.
                throw new UndeclaredThrowableException(t, "the loader threw a checked exception");
            }
            V v = value;
            if (v == null) {
                throw new IllegalStateException("single-flight run finished without a value");
            }
            return v;
        }
    }
}
