package dev.polyglot.memory;

/**
 * One stored cache value: the encoded document-model value, never handed out or mutated (reads
 * decode a deep copy), and the clock millisecond at which it stops being live.
 */
record MemoryCacheEntry(Object value, long expiresAt) {

    /** The expiry of an entry that never expires. */
    static final long NEVER = Long.MAX_VALUE;

    boolean liveAt(long now) {
        return now < expiresAt;
    }

    MemoryCacheEntry withExpiry(long newExpiresAt) {
        return new MemoryCacheEntry(value, newExpiresAt);
    }
}
