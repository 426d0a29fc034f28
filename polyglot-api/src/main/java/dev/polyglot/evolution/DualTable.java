package dev.polyglot.evolution;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A table of a {@link DualTransactionalStore} transaction: the primary's table, recording written ids. */
final class DualTable<T, ID> implements Table<T, ID> {
    private final DualTransactionalStore store;
    private final DualTransactionalStore.Recording recording;
    private final Table<T, ID> delegate;
    private final TableSpec<T, ID> spec;

    DualTable(DualTransactionalStore store, DualTransactionalStore.Recording recording, Table<T, ID> delegate) {
        this.store = store;
        this.recording = recording;
        this.delegate = delegate;
        this.spec = delegate.spec();
    }

    private T written(T row) {
        store.written(recording, spec, spec.idOf(spec.toDocument(row)));
        return row;
    }

    @Override
    public TableSpec<T, ID> spec() {
        return spec;
    }

    @Override
    public T insert(T row) {
        return written(delegate.insert(row));
    }

    @Override
    public void insertAll(List<T> rows) {
        delegate.insertAll(rows);
        rows.forEach(this::written);
    }

    @Override
    public T update(T row) {
        return written(delegate.update(row));
    }

    @Override
    public T upsert(T row) {
        return written(delegate.upsert(row));
    }

    @Override
    public boolean delete(ID id) {
        boolean deleted = delegate.delete(id);
        store.written(recording, spec, id);
        return deleted;
    }

    @Override
    public Optional<T> find(ID id) {
        Optional<T> served = delegate.find(id);
        CutOver cutOver = store.cutOver();
        if (cutOver.sampleShadow(recording.phase) && !store.wrote(recording, spec, id)) {
            cutOver.shadow(recording.phase, TableCopy.collectionKey(spec), TableCopy.keyText(spec.idValue(id)),
                    checksum(served), () -> checksum(store.other(recording).inTransaction(tx -> tx.table(spec).find(id))));
        }
        return served;
    }

    private @Nullable String checksum(Optional<T> row) {
        return row.map(r -> {
            Map<String, @Nullable Object> document = spec.toDocument(r);
            spec.versionColumn().ifPresent(document::remove);
            spec.createdAtColumn().ifPresent(document::remove);
            spec.updatedAtColumn().ifPresent(document::remove);
            return RecordChecksum.of(document);
        }).orElse(null);
    }

    @Override
    public List<T> query(Filter filter) {
        return delegate.query(filter);
    }

    @Override
    public Page<T> query(Filter filter, Sort sort, PageRequest page) {
        return delegate.query(filter, sort, page);
    }

    @Override
    public long count(Filter filter) {
        return delegate.count(filter);
    }

    @Override
    public List<AuditEntry<ID>> history(ID id) {
        return delegate.history(id);
    }
}
