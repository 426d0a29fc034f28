package dev.polyglot.metrics;

import dev.polyglot.TransactionConflictException;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionConsumer;
import dev.polyglot.transactional.TransactionalStore;

/**
 * Times whole transactions ({@code transaction}) and, through {@link TimedTransaction}, every table
 * operation in them; counts how many times the adapter ran each callback, which is one plus the
 * retries after serialization failures and deadlocks, whatever the adapter.
 */
final class TimedTransactionalStore implements TransactionalStore {
    private final TransactionalStore delegate;
    private final PortMetrics metrics;
    private final OperationTimer transaction;
    private final OperationTimer createTables;
    private final OperationTimer validateSchema;
    final TableTimers tables;

    TimedTransactionalStore(TransactionalStore delegate, PortMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.transaction = metrics.timer("transaction");
        this.createTables = metrics.timer("createTables");
        this.validateSchema = metrics.timer("validateSchema");
        this.tables = new TableTimers(metrics);
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionCallback<R, X> callback) throws X {
        int[] attempts = new int[1];
        long start = System.nanoTime();
        boolean success = false;
        boolean conflict = false;
        try {
            R result = delegate.inTransaction(counting(callback, attempts));
            success = true;
            return result;
        } catch (TransactionConflictException e) {
            conflict = true;
            throw e;
        } finally {
            ended(start, success, attempts[0], conflict);
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
        int[] attempts = new int[1];
        long start = System.nanoTime();
        boolean success = false;
        boolean conflict = false;
        try {
            R result = delegate.inTransaction(isolation, counting(callback, attempts));
            success = true;
            return result;
        } catch (TransactionConflictException e) {
            conflict = true;
            throw e;
        } finally {
            ended(start, success, attempts[0], conflict);
        }
    }

    @Override
    public <X extends Exception> void useTransaction(TransactionConsumer<X> callback) throws X {
        useTransaction(IsolationLevel.READ_COMMITTED, callback);
    }

    @Override
    public <X extends Exception> void useTransaction(IsolationLevel isolation, TransactionConsumer<X> callback) throws X {
        if (callback == null) {
            throw new IllegalArgumentException("transaction callback must not be null");
        }
        inTransaction(isolation, tx -> {
            callback.useTransaction(tx);
            return null;
        });
    }

    @Override
    public void createTables(TableSpec<?, ?>... specs) {
        createTables.run(() -> delegate.createTables(specs));
    }

    @Override
    public void validateSchema(TableSpec<?, ?>... specs) {
        validateSchema.run(() -> delegate.validateSchema(specs));
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Timed" + delegate;
    }

    private <R, X extends Exception> TransactionCallback<R, X> counting(TransactionCallback<R, X> callback, int[] attempts) {
        if (callback == null) {
            throw new IllegalArgumentException("transaction callback must not be null");
        }
        return (Transaction tx) -> {
            attempts[0]++;
            return callback.inTransaction(new TimedTransaction(tx, tables));
        };
    }

    private void ended(long start, boolean success, int attempts, boolean conflict) {
        transaction.record(System.nanoTime() - start, success);
        metrics.transactionEnded(attempts, conflict);
    }
}
