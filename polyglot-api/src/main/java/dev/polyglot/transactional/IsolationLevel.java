package dev.polyglot.transactional;

/**
 * How strongly a transaction is isolated from concurrent ones; the default everywhere is
 * {@link #READ_COMMITTED}, as in PostgreSQL.
 *
 * <p>At every level a transaction never sees another transaction's uncommitted writes, and two
 * concurrent transactions that write the same row never both commit blindly: the store detects the
 * clash and re-runs the later one (see {@link RetryPolicy}) or, for a row with a version column,
 * reports an {@link dev.polyglot.OptimisticLockException}.
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
