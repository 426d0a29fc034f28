package dev.polyglot.postgres;

import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.spi.FieldPaths;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A view of one named rate limiter of a {@link PostgresCacheStore}: each decision is one call of
 * the {@code pgcache_rate_acquire} function, which serializes the decisions of one (name, key) with
 * a transaction-scoped advisory lock, prunes grants older than a window, counts, and records the
 * grant, all in the statement's transaction.
 */
final class PostgresRateLimiter implements RateLimiter {
    private final PostgresCacheStore store;
    private final String name;
    private final long limit;
    private final long windowMillis;

    PostgresRateLimiter(PostgresCacheStore store, String name, long limit, long windowMillis) {
        this.store = store;
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
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
        byte[] k = PostgresCache.keyBytes(key);
        if (permits < 1 || permits > limit) {
            throw new IllegalArgumentException("permits must be between 1 and the limit " + limit
                    + " of rate limiter \"" + name + "\", got " + permits);
        }
        long permitCount = permits;
        return store.withConnection("rate limiter \"" + name + "\" for key \"" + FieldPaths.printable(key) + "\"", c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.RATE_ACQUIRE,
                    name, k, permitCount, limit, windowMillis); ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("pgcache_rate_acquire returned no decision");
                }
                return rs.getBoolean(1)
                        ? RateLimitDecision.allow(rs.getLong(2))
                        : RateLimitDecision.deny(rs.getLong(2), Duration.ofMillis(rs.getLong(3)));
            }
        });
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", " + limit + " per " + window() + "]";
    }
}
