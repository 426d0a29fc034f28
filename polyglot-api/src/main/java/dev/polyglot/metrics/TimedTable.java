package dev.polyglot.metrics;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import java.util.List;
import java.util.Optional;

/** Times every operation of one table in one transaction. */
final class TimedTable<T, ID> implements Table<T, ID> {
    private final Table<T, ID> delegate;
    private final TableTimers timers;

    TimedTable(Table<T, ID> delegate, TableTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public TableSpec<T, ID> spec() {
        return delegate.spec();
    }

    @Override
    public T insert(T row) {
        long started = timers.insert.start();
        try {
            return timers.insert.succeeded(started, delegate.insert(row));
        } catch (Throwable e) {
            timers.insert.failed(started);
            throw e;
        }
    }

    @Override
    public void insertAll(List<T> rows) {
        long started = timers.insertAll.start();
        try {
            delegate.insertAll(rows);
        } catch (Throwable e) {
            timers.insertAll.failed(started);
            throw e;
        }
        timers.insertAll.succeeded(started);
    }

    @Override
    public T update(T row) {
        long started = timers.update.start();
        try {
            return timers.update.succeeded(started, delegate.update(row));
        } catch (Throwable e) {
            timers.update.failed(started);
            throw e;
        }
    }

    @Override
    public T upsert(T row) {
        long started = timers.upsert.start();
        try {
            return timers.upsert.succeeded(started, delegate.upsert(row));
        } catch (Throwable e) {
            timers.upsert.failed(started);
            throw e;
        }
    }

    @Override
    public boolean delete(ID id) {
        long started = timers.delete.start();
        try {
            return timers.delete.succeeded(started, delegate.delete(id));
        } catch (Throwable e) {
            timers.delete.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<T> find(ID id) {
        long started = timers.find.start();
        try {
            return timers.find.succeeded(started, delegate.find(id));
        } catch (Throwable e) {
            timers.find.failed(started);
            throw e;
        }
    }

    @Override
    public List<T> query(Filter filter) {
        long started = timers.query.start();
        try {
            return timers.query.succeeded(started, delegate.query(filter));
        } catch (Throwable e) {
            timers.query.failed(started);
            throw e;
        }
    }

    @Override
    public Page<T> query(Filter filter, Sort sort, PageRequest page) {
        long started = timers.query.start();
        try {
            return timers.query.succeeded(started, delegate.query(filter, sort, page));
        } catch (Throwable e) {
            timers.query.failed(started);
            throw e;
        }
    }

    @Override
    public long count(Filter filter) {
        long started = timers.count.start();
        try {
            return timers.count.succeeded(started, delegate.count(filter));
        } catch (Throwable e) {
            timers.count.failed(started);
            throw e;
        }
    }

    @Override
    public List<AuditEntry<ID>> history(ID id) {
        long started = timers.history.start();
        try {
            return timers.history.succeeded(started, delegate.history(id));
        } catch (Throwable e) {
            timers.history.failed(started);
            throw e;
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
