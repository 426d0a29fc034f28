package dev.polyglot.transactional;

/**
 * Work done in a transaction that returns a result; it may be run more than once when the store
 * retries a serialization conflict, so it should have no side effects outside the transaction.
 *
 * @param <R> the result type
 * @param <X> the checked exception the work may throw
 */
@FunctionalInterface
public interface TransactionCallback<R, X extends Exception> {

    /**
     * Does the work.
     *
     * @param transaction the open transaction
     * @return the result handed back by {@link TransactionalStore#inTransaction}
     * @throws X to roll the transaction back; the store rethrows it unchanged
     */
    R inTransaction(Transaction transaction) throws X;
}
