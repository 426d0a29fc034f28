package dev.polyglot.memory;

import dev.polyglot.cache.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The grants of one rate-limiter key within the last window, oldest first. Not thread-safe by
 * itself: it is only touched inside {@code ConcurrentHashMap.compute} on its key, which serializes
 * every decision for the key and makes it exact under concurrency.
 */
final class MemoryRateLog {
    /** Each element is {grant time in clock millis, permits granted then}. */
    private final ArrayDeque<long[]> grants = new ArrayDeque<>();
    private long used;
    private long lastSeen = Long.MIN_VALUE;
    private long window = 1;

    RateLimitDecision tryAcquire(long clockMillis, int permits, long limit, long windowMillis) {
        window = windowMillis;
        // A wall clock stepping back must not reopen permits that were already counted.
        long now = Math.max(clockMillis, lastSeen);
        lastSeen = now;
        prune(now);
        if (used + permits <= limit) {
            long[] last = grants.peekLast();
            if (last != null && last[0] == now) {
                last[1] += permits;
            } else {
                grants.addLast(new long[] {now, permits});
            }
            used += permits;
            return RateLimitDecision.allow(limit - used);
        }
        // Denied: consume nothing; find the grant whose expiry frees enough permits.
        long mustFree = used + permits - limit;
        long freed = 0;
        long retryAt = MemoryCacheTtl.expiresAt(now, windowMillis);
        for (long[] grant : grants) {
            freed += grant[1];
            if (freed >= mustFree) {
                retryAt = MemoryCacheTtl.expiresAt(grant[0], windowMillis);
                break;
            }
        }
        return RateLimitDecision.deny(Math.max(0, limit - used), Duration.ofMillis(retryAt - now));
    }

    /** Drops grants that left the window; true when nothing is left, so the key can vanish. */
    boolean pruneIdle(long clockMillis) {
        prune(Math.max(clockMillis, lastSeen));
        return grants.isEmpty();
    }

    private void prune(long now) {
        long[] oldest;
        while ((oldest = grants.peekFirst()) != null && MemoryCacheTtl.expiresAt(oldest[0], window) <= now) {
            grants.removeFirst();
            used -= oldest[1];
        }
    }
}
