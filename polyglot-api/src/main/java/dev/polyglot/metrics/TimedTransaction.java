package dev.polyglot.metrics;

import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;

/** Hands out timed tables of one transaction. */
final class TimedTransaction implements Transaction {
    private final Transaction delegate;
    private final TableTimers timers;

    TimedTransaction(Transaction delegate, TableTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public <T, ID> Table<T, ID> table(TableSpec<T, ID> spec) {
        return new TimedTable<>(delegate.table(spec), timers);
    }

    @Override
    public IsolationLevel isolation() {
        return delegate.isolation();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
