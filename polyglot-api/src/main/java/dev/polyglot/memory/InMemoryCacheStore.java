package dev.polyglot.memory;

import dev.polyglot.spi.Ttls;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.SingleFlight;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory reference adapter of the Cache port, with exact semantics: expiry follows the
 * injected {@link Clock} to the millisecond, single-key operations are atomic, values are stored as
 * deep copies of their encoded form, and rate limiters are exact under concurrency.
 *
 * <p>Use it in unit tests of code that talks to a {@link CacheStore}: with a controllable clock,
 * expiry is tested without sleeping, and {@link #setUnavailable(boolean)} simulates an outage.
 * Expired entries and idle rate-limiter keys are purged when met and by a sweep that runs at most
 * once per clock second, during an operation.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * InMemoryCacheStore store = InMemoryCacheStore.create(clock);
 * Cache<String> sessions = store.cache("sessions", String.class);
 * sessions.put("s-1", "alice", Duration.ofMinutes(30));
 * clock.advance(Duration.ofMinutes(31));
 * assert sessions.get("s-1").isEmpty();
 * }</pre>
 */
public final class InMemoryCacheStore implements CacheStore {
    private static final long SWEEP_EVERY_MILLIS = 1_000;

    private final Clock clock;
    private final MemoryOutage outage = new MemoryOutage("in-memory cache store");
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, MemoryCacheEntry>> namespaces =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, MemoryRateLog>> rateLogs =
            new ConcurrentHashMap<>();
    private final SingleFlight<String, Object> flights = new SingleFlight<>();
    private final AtomicLong nextSweep;
    private volatile boolean closed;

    private InMemoryCacheStore(Clock clock) {
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.millis() + SWEEP_EVERY_MILLIS);
    }

    /**
     * Creates an empty store whose entries expire by the system clock.
     *
     * @return the store
     */
    public static InMemoryCacheStore create() {
        return new InMemoryCacheStore(Clock.systemUTC());
    }

    /**
     * Creates an empty store whose entries expire by the given clock, such as a
     * {@code MutableClock} in tests.
     *
     * @param clock the clock that decides expiry and rate-limit windows
     * @return the store
     * @throws IllegalArgumentException if the clock is null
     */
    public static InMemoryCacheStore create(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        return new InMemoryCacheStore(clock);
    }

    @Override
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        Ids.requireName(namespace, "cache namespace");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        checkOpen();
        return new MemoryCache<>(this, namespace, codec,
                namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()));
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        Ids.requireName(name, "rate limiter name");
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
        }
        long windowMillis = Ttls.toMillis(window, "rate limit window");
        checkOpen();
        return new MemoryRateLimiter(this, name, limit, windowMillis,
                rateLogs.computeIfAbsent(name, n -> new ConcurrentHashMap<>()));
    }

    /**
     * Simulates an outage: while set, every cache and rate-limiter operation throws
     * {@link dev.polyglot.StoreUnavailableException} with a {@link java.net.ConnectException} as
     * cause, as a real adapter does when its server is down. Stored entries are kept.
     *
     * @param unavailable true to start the outage, false to end it
     */
    public void setUnavailable(boolean unavailable) {
        outage.set(unavailable);
    }

    /**
     * Returns this store for {@code InMemoryCacheStore.class}; there is no native client.
     *
     * @throws IllegalArgumentException for any other type
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        if (type == InMemoryCacheStore.class) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("InMemoryCacheStore has no " + (type == null ? "null" : type.getName())
                + " to unwrap; only InMemoryCacheStore itself");
    }

    /** Drops all entries; later calls on the store and its caches and limiters throw. Idempotent. */
    @Override
    public void close() {
        closed = true;
        namespaces.clear();
        rateLogs.clear();
    }

    /** Describes the store with the number of entries held, including expired ones not yet purged. */
    @Override
    public String toString() {
        long entries = namespaces.values().stream().mapToLong(Map::size).sum();
        long limitedKeys = rateLogs.values().stream().mapToLong(Map::size).sum();
        return "InMemoryCacheStore[" + namespaces.size() + " namespaces, " + entries + " entries, "
                + limitedKeys + " rate-limited keys]";
    }

    /**
     * Starts an operation: fails when closed or in a simulated outage, sweeps when due, and returns
     * the clock's current millisecond for the operation to use throughout.
     */
    long enter() {
        checkOpen();
        outage.check();
        long now = clock.millis();
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MILLIS)) {
            sweep(now);
        }
        return now;
    }

    SingleFlight<String, Object> flights() {
        return flights;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory cache store is closed");
        }
    }

    /** Purges what has expired so memory does not grow with keys nobody reads again. */
    private void sweep(long now) {
        for (Map<String, MemoryCacheEntry> entries : namespaces.values()) {
            // removeIf removes each entry only if it is still the expired one it saw.
            entries.values().removeIf(e -> !e.liveAt(now));
        }
        for (ConcurrentHashMap<String, MemoryRateLog> logs : rateLogs.values()) {
            for (String key : logs.keySet()) {
                logs.computeIfPresent(key, (k, log) -> log.pruneIdle(now) ? null : log);
            }
        }
    }
}
