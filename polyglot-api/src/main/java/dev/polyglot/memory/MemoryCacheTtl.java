package dev.polyglot.memory;

/** Expiry arithmetic of the in-memory cache (validation lives in {@link dev.polyglot.spi.Ttls}). */
final class MemoryCacheTtl {

    private MemoryCacheTtl() {
    }

    /** Adds without overflowing: a TTL too long to represent simply never ends. */
    static long expiresAt(long now, long ttlMillis) {
        long at = now + ttlMillis;
        return ((now ^ at) & (ttlMillis ^ at)) < 0 ? MemoryCacheEntry.NEVER : at;
    }
}
