package dev.polyglot.transactional;

import dev.polyglot.Store;

/**
 * The Transactional port: ACID tables of records or POJOs, read and written in transactions.
 *
 * <p>A transaction runs a callback: it commits when the callback returns and rolls back when the
 * callback throws anything, checked or unchecked; the exception is rethrown unchanged. When the
 * transaction fails because of a concurrent one (a serialization conflict), the store rolls it
 * back and runs the callback again, with backoff, up to its {@link RetryPolicy}; when the retries
 * are used up it throws {@link dev.polyglot.TransactionConflictException}. So callbacks should
 * have no effects outside the transaction.
 *
 * <p>An {@code inTransaction} or {@code useTransaction} call made inside a callback on the same
 * thread <em>joins</em> the running transaction: it gets the same transaction, commits nothing on
 * its own, and there is no savepoint, so its writes commit or roll back with the outer
 * transaction. Asking a nested call for a stricter isolation than the running transaction has
 * throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * TableSpec<Account, String> accounts = TableSpec.builder("accounts", Account.class, String.class)
 *         .id("id").version("version").unique("email").audited().build();
 * store.createTables(accounts);                       // dev and tests; production runs migrations
 * long balance = store.inTransaction(tx -> {
 *     Table<Account, String> table = tx.table(accounts);
 *     Account a = table.find("a-1").orElseThrow();
 *     return table.update(a.withBalance(a.balance() + 10)).balance();
 * });
 * }</pre>
 */
public interface TransactionalStore extends Store {

    /**
     * Runs a callback in a new transaction at {@link IsolationLevel#READ_COMMITTED} (or joins the
     * running one) and returns its result.
     *
     * @param callback the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return the callback's result, after commit
     * @throws X when the callback throws it (the transaction is rolled back)
     * @throws dev.polyglot.TransactionConflictException if conflicts persisted through every retry
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed
     */
    default <R, X extends Exception> R inTransaction(TransactionCallback<R, X> callback) throws X {
        return inTransaction(IsolationLevel.READ_COMMITTED, callback);
    }

    /**
     * Runs a callback in a new transaction at the given isolation level (or joins the running one)
     * and returns its result.
     *
     * @param isolation the isolation level
     * @param callback the work
     * @param <R> the result type
     * @param <X> the checked exception the work may throw
     * @return the callback's result, after commit
     * @throws X when the callback throws it (the transaction is rolled back)
     * @throws dev.polyglot.TransactionConflictException if conflicts persisted through every retry
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed, or a nested call asks for a stricter
     *     isolation than the running transaction has
     */
    <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X;

    /**
     * Runs a callback that returns nothing in a new transaction at
     * {@link IsolationLevel#READ_COMMITTED} (or joins the running one).
     *
     * @param callback the work
     * @param <X> the checked exception the work may throw
     * @throws X when the callback throws it (the transaction is rolled back)
     * @throws dev.polyglot.TransactionConflictException if conflicts persisted through every retry
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed
     */
    default <X extends Exception> void useTransaction(TransactionConsumer<X> callback) throws X {
        useTransaction(IsolationLevel.READ_COMMITTED, callback);
    }

    /**
     * Runs a callback that returns nothing in a new transaction at the given isolation level (or
     * joins the running one).
     *
     * @param isolation the isolation level
     * @param callback the work
     * @param <X> the checked exception the work may throw
     * @throws X when the callback throws it (the transaction is rolled back)
     * @throws dev.polyglot.TransactionConflictException if conflicts persisted through every retry
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed, or a nested call asks for a stricter
     *     isolation than the running transaction has
     */
    default <X extends Exception> void useTransaction(IsolationLevel isolation, TransactionConsumer<X> callback) throws X {
        if (callback == null) {
            throw new IllegalArgumentException("transaction callback must not be null");
        }
        inTransaction(isolation, tx -> {
            callback.useTransaction(tx);
            return null;
        });
    }

    /**
     * Creates the tables (and the audit log, for audited specs) that do not exist yet, and
     * validates the ones that do; meant for development and tests, production schemas come from
     * migrations.
     *
     * @param specs the tables
     * @throws dev.polyglot.StoreConfigurationException if an existing table does not match its spec
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed
     */
    void createTables(TableSpec<?, ?>... specs);

    /**
     * Checks that existing tables match their specs (columns and their types, id, unique keys,
     * audit log), changing nothing; meant for production start-up.
     *
     * @param specs the tables
     * @throws dev.polyglot.StoreConfigurationException naming each missing table and each mismatch
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     * @throws IllegalStateException if the store is closed
     */
    void validateSchema(TableSpec<?, ?>... specs);
}
