package dev.polyglot.metrics;

import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;

/** A transactional store that forwards to another, for tests that change one method. */
class ForwardingTransactionalStore implements TransactionalStore {
    private final TransactionalStore delegate;

    ForwardingTransactionalStore(TransactionalStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
        return delegate.inTransaction(isolation, callback);
    }

    @Override
    public void createTables(TableSpec<?, ?>... specs) {
        delegate.createTables(specs);
    }

    @Override
    public void validateSchema(TableSpec<?, ?>... specs) {
        delegate.validateSchema(specs);
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
