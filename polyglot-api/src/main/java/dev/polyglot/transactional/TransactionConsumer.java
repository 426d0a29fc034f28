package dev.polyglot.transactional;

/**
 * Work done in a transaction that returns nothing; it may be run more than once when the store
 * retries a serialization conflict, so it should have no side effects outside the transaction.
 *
 * @param <X> the checked exception the work may throw
 */
@FunctionalInterface
public interface TransactionConsumer<X extends Exception> {

    /**
     * Does the work.
     *
     * @param transaction the open transaction
     * @throws X to roll the transaction back; the store rethrows it unchanged
     */
    void useTransaction(Transaction transaction) throws X;
}
