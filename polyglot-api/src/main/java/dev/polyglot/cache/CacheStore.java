package dev.polyglot.cache;

import dev.polyglot.Store;
import dev.polyglot.codec.Codec;
import java.time.Duration;

/**
 * The Cache port: namespaced key-value entries with expiry (sessions, hot keys, counters) and
 * sliding-window rate limiters, backed by a store such as Redis, PostgreSQL or memory.
 *
 * <p>Caches and rate limiters are cheap views: asking twice for the same namespace or name gives
 * views of the same data. The store is thread-safe; after {@link #close()} every operation, on the
 * store and on the views it gave out, throws {@link IllegalStateException}. Store-side failures are
 * reported as {@link dev.polyglot.PolyglotException}s carrying the driver's exception as cause.
 *
 * <pre>{@code
 * CacheStore store = InMemoryCacheStore.create();
 * Cache<Session> sessions = store.cache("sessions", Session.class);
 * sessions.put(sessionId, session, Duration.ofMinutes(30));
 * sessions.touch(sessionId, Duration.ofMinutes(30));            // sliding expiry
 *
 * Cache<Long> counters = store.cache("page_views", Long.class);
 * long views = counters.increment("/home", 1, Duration.ofDays(1));
 *
 * Cache<Profile> profiles = store.cache("profiles", Profile.class);
 * Profile p = profiles.getOrLoad(userId, Duration.ofMinutes(5), () -> db.loadProfile(userId));
 *
 * RateLimiter perUser = store.rateLimiter("api_calls", 100, Duration.ofMinutes(1));
 * RateLimitDecision decision = perUser.tryAcquire(userId);
 * if (!decision.allowed()) {
 *     response.setHeader("Retry-After", decision.retryAfter().toSeconds() + 1);
 * }
 * }</pre>
 */
public interface CacheStore extends Store {

    /**
     * Returns the cache of a namespace, using the default Jackson codec for the value type.
     *
     * @param namespace 1 to 63 letters, digits or underscores, starting with a letter
     * @param type the value type (a record, POJO, {@code String}, {@code Long} ...)
     * @param <V> the value type
     * @return the cache
     * @throws IllegalArgumentException if the namespace is not a valid name or the type is null
     */
    default <V> Cache<V> cache(String namespace, Class<V> type) {
        if (type == null) {
            throw new IllegalArgumentException("value type must not be null");
        }
        return cache(namespace, Codec.of(type));
    }

    /**
     * Returns the cache of a namespace with an explicit codec for its values.
     *
     * @param namespace 1 to 63 letters, digits or underscores, starting with a letter
     * @param codec converts values to and from the stored form
     * @param <V> the value type
     * @return the cache
     * @throws IllegalArgumentException if the namespace is not a valid name or the codec is null
     */
    <V> Cache<V> cache(String namespace, Codec<V> codec);

    /**
     * Returns a sliding-window rate limiter: for each key, at most {@code limit} permits are granted
     * in any interval of length {@code window}.
     *
     * <p>Limiters with the same name share their record of grants, so every instance of an
     * application asking for {@code rateLimiter("login", ...)} counts against the same limit.
     *
     * @param name 1 to 63 letters, digits or underscores, starting with a letter
     * @param limit the most permits per key and window; at least 1
     * @param window the length of the sliding window; positive, millisecond precision (a fraction of
     *     a millisecond is rounded up)
     * @return the limiter
     * @throws IllegalArgumentException if the name is not valid, the limit is below 1, or the window
     *     is null, zero or negative
     */
    RateLimiter rateLimiter(String name, long limit, Duration window);
}
