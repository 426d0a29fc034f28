package dev.polyglot.redis;

import dev.polyglot.NonTransientStoreException;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;

/**
 * A view of one named rate limiter of a {@link RedisCacheStore}: every decision is one run of
 * {@link RedisScript#RATE_LIMIT} on the key's record, so it is atomic on the server and exact under
 * concurrency across all the application's instances.
 */
final class RedisRateLimiter implements RateLimiter {
    private final RedisCacheStore store;
    private final String name;
    private final long limit;
    private final long windowMillis;
    private final byte[] prefix;
    private final byte[] limitArg;
    private final byte[] windowArg;

    RedisRateLimiter(RedisCacheStore store, String name, long limit, long windowMillis) {
        this.store = store;
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.prefix = store.keys().limiterPrefix(name);
        this.limitArg = RedisCache.ascii(limit);
        this.windowArg = RedisCache.ascii(windowMillis);
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
        Ids.requireKey(key);
        if (permits < 1 || permits > limit) {
            throw new IllegalArgumentException("permits must be between 1 and the limit " + limit
                    + " of rate limiter \"" + name + "\", got " + permits);
        }
        byte[][] keys = {RedisKeys.join(prefix, key)};
        byte[] permitsArg = RedisCache.ascii(permits);
        List<Object> reply = store.call(() -> "tryAcquire of key \"" + FieldPaths.printable(key) + "\" on rate limiter \""
                + name + "\"", link -> RedisScript.RATE_LIMIT.<List<Object>>run(link.sync(), ScriptOutputType.MULTI,
                        keys, limitArg, windowArg, permitsArg));
        if (reply == null || reply.size() != 3 || !(reply.get(0) instanceof Long allowed)
                || !(reply.get(1) instanceof Long remaining) || !(reply.get(2) instanceof Long retryMillis)) {
            throw new NonTransientStoreException("the rate-limit script on " + store.target()
                    + " returned an unexpected reply: " + reply, null);
        }
        return allowed == 1
                ? RateLimitDecision.allow(remaining)
                : RateLimitDecision.deny(remaining, Duration.ofMillis(Math.max(1, retryMillis)));
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", " + limit + " per " + window() + "]";
    }
}
