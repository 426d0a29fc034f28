package dev.polyglot.metrics;

/**
 * What the Transactional port's decorator counts about transactions: how many ran, how many times
 * a callback was run again after a serialization failure or deadlock, and how many gave up.
 *
 * @param transactions transactions started through the port
 * @param retries extra runs of a callback (its runs minus one, summed)
 * @param retriedTransactions transactions whose callback ran more than once
 * @param conflicts transactions that ended in {@code TransactionConflictException}
 */
public record TransactionSnapshot(long transactions, long retries, long retriedTransactions, long conflicts) {

    /** No transaction at all. */
    public static final TransactionSnapshot NONE = new TransactionSnapshot(0, 0, 0, 0);

    /**
     * Checks the counts.
     *
     * @param transactions transactions started
     * @param retries extra runs of a callback
     * @param retriedTransactions transactions run more than once
     * @param conflicts transactions that gave up
     * @throws IllegalArgumentException if a count is negative
     */
    public TransactionSnapshot {
        if (transactions < 0 || retries < 0 || retriedTransactions < 0 || conflicts < 0) {
            throw new IllegalArgumentException("transaction counts must not be negative");
        }
    }

    /**
     * Returns the share of transactions that had to be retried at least once, 0 when none ran.
     *
     * @return retried transactions / transactions
     */
    public double retryRate() {
        return transactions == 0 ? 0 : (double) retriedTransactions / transactions;
    }
}
