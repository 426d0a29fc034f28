package dev.polyglot.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Validation of TTLs and time windows with the Cache port's millisecond precision, shared by every
 * cache adapter so each accepts and rounds exactly the same durations.
 */
public final class Ttls {

    private Ttls() {
    }

    /**
     * Converts a positive duration to whole milliseconds, rounding a fraction up so that a positive
     * TTL never becomes zero (as Redis {@code PX} requires); a duration too long for a {@code long}
     * of milliseconds saturates at {@link Long#MAX_VALUE}.
     *
     * @param duration the TTL or window
     * @param what what the duration is, for the message (such as {@code "ttl"})
     * @return the milliseconds, at least 1
     * @throws IllegalArgumentException for null, zero or negative durations
     */
    public static long toMillis(@Nullable Duration duration, String what) {
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
}
