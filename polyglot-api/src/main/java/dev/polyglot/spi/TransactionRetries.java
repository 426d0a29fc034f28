package dev.polyglot.spi;

import dev.polyglot.TransactionConflictException;
import dev.polyglot.transactional.RetryPolicy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a transactional store re-runs a conflicting transaction, shared by every
 * adapter so all of them back off the same way.
 */
public final class TransactionRetries {

    private TransactionRetries() {
    }

    /**
     * Sleeps before a retry: half of the policy's backoff fixed, half random, so conflicting
     * transactions spread out instead of retrying in lockstep.
     *
     * @param policy the store's retry policy
     * @param retry which retry this is (1 for the first)
     * @param conflict the conflict being retried, attached if the wait is interrupted
     * @throws TransactionConflictException if the thread is interrupted while waiting (the
     *     interrupt flag is set again)
     */
    public static void backoff(RetryPolicy policy, int retry, Throwable conflict) {
        long bound = policy.backoffBefore(retry).toNanos();
        if (bound <= 0) {
            return;
        }
        long wait = bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1);
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            TransactionConflictException stop = new TransactionConflictException(
                    "interrupted while waiting to retry a conflicting transaction", e);
            stop.addSuppressed(conflict);
            throw stop;
        }
    }
}
