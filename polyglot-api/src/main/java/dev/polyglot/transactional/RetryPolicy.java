package dev.polyglot.transactional;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a store re-runs a transaction that failed with a serialization
 * conflict (a concurrent transaction changed what it read or wrote), before giving up with a
 * {@link dev.polyglot.TransactionConflictException}.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code initialBackoff * 2^(n-1)}, capped at
 * {@code maxBackoff}; stores add random jitter below that bound so that conflicting transactions
 * do not retry in lockstep.
 *
 * <pre>{@code
 * RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(500));
 * }</pre>
 *
 * @param maxAttempts how many times a callback may run in total, at least 1 (1 means no retry)
 * @param initialBackoff the wait before the first retry, not negative
 * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(100));

    /**
     * Validates the fields.
     *
     * @param maxAttempts how many times a callback may run in total, at least 1 (1 means no retry)
     * @param initialBackoff the wait before the first retry, not negative
     * @param maxBackoff the longest wait between attempts, at least {@code initialBackoff}
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    /**
     * Returns the default policy: 10 attempts, waits from 1 ms doubling up to 100 ms.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that never retries: the first conflict surfaces as a
     * {@link dev.polyglot.TransactionConflictException}.
     *
     * @return the policy
     */
    public static RetryPolicy noRetry() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Returns the upper bound of the wait before a retry, before jitter.
     *
     * @param retry the retry number, 1 for the first retry
     * @return the wait bound
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    public Duration backoffBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, got " + retry);
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
