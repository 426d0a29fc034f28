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
        return timers.insert.time(() -> delegate.insert(row));
    }

    @Override
    public void insertAll(List<T> rows) {
        timers.insertAll.run(() -> delegate.insertAll(rows));
    }

    @Override
    public T update(T row) {
        return timers.update.time(() -> delegate.update(row));
    }

    @Override
    public T upsert(T row) {
        return timers.upsert.time(() -> delegate.upsert(row));
    }

    @Override
    public boolean delete(ID id) {
        return timers.delete.time(() -> delegate.delete(id));
    }

    @Override
    public Optional<T> find(ID id) {
        return timers.find.time(() -> delegate.find(id));
    }

    @Override
    public List<T> query(Filter filter) {
        return timers.query.time(() -> delegate.query(filter));
    }

    @Override
    public Page<T> query(Filter filter, Sort sort, PageRequest page) {
        return timers.query.time(() -> delegate.query(filter, sort, page));
    }

    @Override
    public long count(Filter filter) {
        return timers.count.timeLong(() -> delegate.count(filter));
    }

    @Override
    public List<AuditEntry<ID>> history(ID id) {
        return timers.history.time(() -> delegate.history(id));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
