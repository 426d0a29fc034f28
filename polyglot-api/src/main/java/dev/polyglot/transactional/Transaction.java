package dev.polyglot.transactional;

/**
 * An open transaction, handed to a {@link TransactionCallback}; it is valid only while the
 * callback runs and only on the store that opened it.
 *
 * <p>When a {@link Table} operation fails with a {@link dev.polyglot.PolyglotException} (a
 * duplicate key, a stale version, a missing row), the transaction is aborted, as PostgreSQL does:
 * later operations throw {@link IllegalStateException} and the transaction is rolled back even if
 * the callback catches the exception (the store then rethrows it when the callback returns).
 * Invalid arguments ({@link IllegalArgumentException}) are rejected before anything is sent to
 * the store and do not abort the transaction.
 */
public interface Transaction {

    /**
     * Returns the table a spec describes, for use in this transaction.
     *
     * @param spec the table's spec
     * @param <T> the row type
     * @param <ID> the id type
     * @return the table
     * @throws dev.polyglot.StoreConfigurationException if the table does not exist (call
     *     {@link TransactionalStore#createTables} or run the migrations) or its schema does not
     *     match the spec
     * @throws IllegalStateException if the transaction is no longer open or was aborted
     */
    <T, ID> Table<T, ID> table(TableSpec<T, ID> spec);

    /**
     * Returns the isolation level this transaction runs at.
     *
     * @return the isolation level
     */
    IsolationLevel isolation();
}
