package dev.polyglot.postgres;

import dev.polyglot.PolyglotException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a PostgreSQL transaction: a Jdbi handle with an open transaction at the requested
 * isolation level, held across the callback's code. Remembers the first store error, which aborts it (as PostgreSQL does),
 * and whether that error was a serialization conflict the store retries.
 */
final class PostgresTxTransaction implements Transaction {

    final PostgresTransactionalStore store;
    final IsolationLevel isolation;
    private final Handle handle;
    private final Map<TableSpec<?, ?>, Table<?, ?>> views = new IdentityHashMap<>();
    private boolean open = true;
    private boolean conflicted;
    private boolean released;
    private @Nullable PolyglotException failure;

    PostgresTxTransaction(PostgresTransactionalStore store, IsolationLevel isolation, Handle handle) {
        this.store = store;
        this.isolation = isolation;
        this.handle = handle;
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
    synchronized <R> R run(String what, PostgresSessions.Work<R> work) {
        checkUsable();
        try {
            return work.run(handle.getConnection());
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
        PostgresSessions.commit(handle);
    }

    /** Rolls back and releases the connection, ignoring errors (the connection may be gone). */
    synchronized void closeQuietly() {
        open = false;
        if (released) {
            return;
        }
        released = true;
        PostgresSessions.release(handle);
    }
}
