package dev.polyglot.memory;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** TTL and window validation with the port's millisecond precision. */
final class MemoryCacheTtl {

    private MemoryCacheTtl() {
    }

    /**
     * Converts a positive duration to whole milliseconds, rounding a fraction up so that a positive
     * TTL never becomes zero (as Redis {@code PX} requires).
     *
     * @throws IllegalArgumentException for null, zero or negative durations
     */
    static long millis(@Nullable Duration duration, String what) {
        if (duration == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        try {
            long millis = duration.toMillis();
            return Duration.ofMillis(millis).equals(duration) ? millis : Math.addExact(millis, 1);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Adds without overflowing: a TTL too long to represent simply never ends. */
    static long expiresAt(long now, long ttlMillis) {
        long at = now + ttlMillis;
        return ((now ^ at) & (ttlMillis ^ at)) < 0 ? MemoryCacheEntry.NEVER : at;
    }
}
