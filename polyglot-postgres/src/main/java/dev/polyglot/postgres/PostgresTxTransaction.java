package dev.polyglot.postgres;

import dev.polyglot.PolyglotException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a PostgreSQL transaction: a connection from Jdbi with an open JDBC transaction at the
 * requested isolation level. Remembers the first store error, which aborts it (as PostgreSQL does),
 * and whether that error was a serialization conflict the store retries.
 */
final class PostgresTxTransaction implements Transaction {

    /** Work against the connection that may throw SQLException. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    final PostgresTransactionalStore store;
    final IsolationLevel isolation;
    private final Connection connection;
    private final Map<TableSpec<?, ?>, Table<?, ?>> views = new IdentityHashMap<>();
    private boolean open = true;
    private boolean conflicted;
    private boolean released;
    private @Nullable PolyglotException failure;

    PostgresTxTransaction(PostgresTransactionalStore store, IsolationLevel isolation, Connection connection) {
        this.store = store;
        this.isolation = isolation;
        this.connection = connection;
    }

    @Override
    public synchronized <T, ID> Table<T, ID> table(TableSpec<T, ID> spec) {
        if (spec == null) {
            throw new IllegalArgumentException("table spec must not be null");
        }
        checkUsable();
        @SuppressWarnings("unchecked") // views are keyed by their own spec
        Table<T, ID> view = (Table<T, ID>) views.get(spec);
        if (view == null) {
            if (!store.isChecked(spec)) {
                run("check table " + spec.table(), connection -> {
                    PostgresTableSchema.check(connection, spec);
                    return null;
                });
                store.markChecked(spec);
            }
            view = new PostgresTxTable<>(this, spec);
            views.put(spec, view);
        }
        return view;
    }

    @Override
    public IsolationLevel isolation() {
        return isolation;
    }

    synchronized boolean isOpen() {
        return open;
    }

    synchronized boolean conflicted() {
        return conflicted;
    }

    synchronized @Nullable PolyglotException failure() {
        return failure;
    }

    void checkUsable() {
        store.checkOpen();
        if (!open) {
            throw new IllegalStateException("the transaction is no longer open: use a Transaction only inside its callback");
        }
        if (failure != null) {
            throw new IllegalStateException("the transaction was aborted by an earlier error and will be rolled back: "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * Runs work on the transaction's connection; a store error (translated) aborts the transaction
     * and is rethrown. Invalid arguments pass through and abort nothing.
     */
    synchronized <R> R run(String what, Work<R> work) {
        checkUsable();
        try {
            return work.run(connection);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (PolyglotException e) {
            throw fail(e);
        } catch (SQLException | RuntimeException e) {
            PolyglotException translated = PostgresErrors.translate(what, e);
            if (PostgresErrors.isSerializationConflict(e)) {
                conflicted = true;
            }
            throw fail(translated);
        }
    }

    /** Records the first store error of this transaction and returns it for throwing. */
    synchronized <E extends PolyglotException> E fail(E e) {
        if (failure == null) {
            failure = e;
        }
        if (e instanceof TransactionConflictException && PostgresErrors.isSerializationConflict(e)) {
            conflicted = true;
        }
        return e;
    }

    /** Commits; the store retries a commit that fails with a serialization failure. */
    synchronized void commit() throws SQLException {
        open = false;
        connection.commit();
    }

    /** Rolls back and releases the connection, ignoring errors (the connection may be gone). */
    synchronized void closeQuietly() {
        open = false;
        if (released) {
            return;
        }
        released = true;
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // nothing was committed; the connection is closed below
        }
        store.release(connection);
    }
}
