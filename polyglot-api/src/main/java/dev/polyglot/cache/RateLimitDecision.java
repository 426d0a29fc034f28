package dev.polyglot.cache;

import java.time.Duration;

/**
 * The outcome of {@link RateLimiter#tryAcquire(String, int)}.
 *
 * @param allowed whether the requested permits were granted
 * @param remaining the permits still available for the key right now, after this decision
 * @param retryAfter zero when allowed; otherwise how long until enough permits free up for the same
 *     request to be granted (positive, at most one window)
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

    /**
     * Checks the fields are consistent.
     *
     * @param allowed whether the requested permits were granted
     * @param remaining the permits still available for the key after this decision
     * @param retryAfter zero when allowed, positive when denied
     * @throws IllegalArgumentException if remaining is negative, retryAfter is null or negative, an
     *     allowed decision has a non-zero retryAfter, or a denied one a zero retryAfter
     */
    public RateLimitDecision {
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, got " + remaining);
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero or positive, got " + retryAfter);
        }
        if (allowed != retryAfter.isZero()) {
            throw new IllegalArgumentException(allowed
                    ? "an allowed decision has a zero retryAfter, got " + retryAfter
                    : "a denied decision has a positive retryAfter");
        }
    }

    /**
     * Returns a decision that granted the permits.
     *
     * @param remaining the permits left afterwards
     * @return the decision
     * @throws IllegalArgumentException if remaining is negative
     */
    public static RateLimitDecision allow(long remaining) {
        return new RateLimitDecision(true, remaining, Duration.ZERO);
    }

    /**
     * Returns a decision that refused the permits.
     *
     * @param remaining the permits available (fewer than requested)
     * @param retryAfter how long until the request could be granted; positive
     * @return the decision
     * @throws IllegalArgumentException if remaining is negative or retryAfter is not positive
     */
    public static RateLimitDecision deny(long remaining, Duration retryAfter) {
        return new RateLimitDecision(false, remaining, retryAfter);
    }
}
