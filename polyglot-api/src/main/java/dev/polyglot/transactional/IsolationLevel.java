package dev.polyglot.transactional;

/**
 * How strongly a transaction is isolated from concurrent ones; the default everywhere is
 * {@link #READ_COMMITTED}, as in PostgreSQL.
 *
 * <p>At every level a transaction never sees another transaction's uncommitted writes (no dirty
 * reads) and always sees its own. At {@code READ_COMMITTED}, as in PostgreSQL, a read-modify-write
 * of a row can overwrite an update committed after the read unless the table has a version column
 * (then the stale write fails with {@link dev.polyglot.OptimisticLockException}); at
 * {@code REPEATABLE_READ} and {@code SERIALIZABLE} such a write is a serialization conflict, which
 * the store retries (see {@link RetryPolicy}).
 */
public enum IsolationLevel {
    /** Each statement sees the data committed before it started; the default. */
    READ_COMMITTED,
    /**
     * Every statement sees the snapshot taken when the transaction started; writing a row that a
     * concurrent transaction changed after that snapshot is a serialization conflict.
     */
    REPEATABLE_READ,
    /**
     * Like {@link #REPEATABLE_READ}, and the result equals some serial order of the committed
     * transactions: a transaction whose reads were changed by a concurrent commit (write skew)
     * is a serialization conflict.
     */
    SERIALIZABLE
}
