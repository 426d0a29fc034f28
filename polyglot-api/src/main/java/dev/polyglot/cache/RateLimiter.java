package dev.polyglot.cache;

import java.time.Duration;

/**
 * A sliding-window-log rate limiter: for each key, at most {@link #limit()} permits are granted in
 * any interval of length {@link #window()}, exactly, also under concurrency and across the
 * application's instances (the decision is atomic in the store).
 *
 * <p>A granted permit counts against its key for exactly one window after it was granted; a denied
 * request consumes nothing. A key's record vanishes from the store after a window without grants.
 *
 * <pre>{@code
 * RateLimiter logins = store.rateLimiter("login", 5, Duration.ofMinutes(15));
 * RateLimitDecision d = logins.tryAcquire(username);
 * if (!d.allowed()) {
 *     throw new TooManyAttempts(d.retryAfter());
 * }
 * }</pre>
 */
public interface RateLimiter {

    /**
     * Returns the limiter's name, which identifies its state in the store.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the most permits granted per key in any window.
     *
     * @return the limit, at least 1
     */
    long limit();

    /**
     * Returns the length of the sliding window.
     *
     * @return the window, positive, in whole milliseconds
     */
    Duration window();

    /**
     * Asks for one permit for a key.
     *
     * @param key what is limited, such as a user id or an IP address; any valid cache key
     * @return whether the permit was granted, with the permits remaining and when to retry
     * @throws IllegalArgumentException if the key is null or too long
     */
    default RateLimitDecision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Asks for several permits for a key, all or nothing.
     *
     * @param key what is limited; any valid cache key
     * @param permits how many permits; from 1 to {@link #limit()}
     * @return whether the permits were granted, with the permits remaining and when to retry
     * @throws IllegalArgumentException if the key is null or too long, or permits is outside
     *     1..{@link #limit()}
     */
    RateLimitDecision tryAcquire(String key, int permits);
}
