package dev.polyglot.memory;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.RecordNotFoundException;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.ColumnType;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** One table as seen by one in-memory transaction: converts rows with the spec and works on documents. */
final class MemoryTxTableView<T, ID> implements Table<T, ID> {

    /** A row prepared for writing: its key, model id and document. */
    private record Prepared(Object key, Object id, Map<String, @Nullable Object> document) {
    }

    private final MemoryTxTransaction tx;
    private final TableSpec<T, ID> spec;
    private final MemoryTxTable table;

    MemoryTxTableView(MemoryTxTransaction tx, TableSpec<T, ID> spec, MemoryTxTable table) {
        this.tx = tx;
        this.spec = spec;
        this.table = table;
    }

    @Override
    public TableSpec<T, ID> spec() {
        return spec;
    }

    @Override
    public T insert(T row) {
        Prepared p = prepare(row);
        return run(() -> {
            long readSeq = tx.readSeq();
            Map<String, @Nullable Object> stored = inserted(p, readSeq);
            checkUnique(List.of(new Prepared(p.key(), p.id(), stored)), readSeq);
            tx.write(table, p.key(), p.id(), stored, audit(AuditEntry.Operation.INSERT, stored));
            return decode(stored);
        });
    }

    @Override
    public void insertAll(List<T> rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows of table " + spec.table() + " must not be null");
        }
        List<Prepared> prepared = new ArrayList<>(rows.size());
        for (T row : rows) {
            prepared.add(prepare(row));
        }
        run(() -> {
            long readSeq = tx.readSeq();
            Map<Object, Prepared> batch = new LinkedHashMap<>();
            for (Prepared p : prepared) {
                if (batch.containsKey(p.key())) {
                    throw tx.fail(duplicateId(p.id()));
                }
                batch.put(p.key(), new Prepared(p.key(), p.id(), inserted(p, readSeq)));
            }
            checkUnique(List.copyOf(batch.values()), readSeq);
            // Everything is checked; only now does the batch touch the write set, so it is all or nothing.
            for (Prepared p : batch.values()) {
                tx.write(table, p.key(), p.id(), p.document(), audit(AuditEntry.Operation.INSERT, p.document()));
            }
            return null;
        });
    }

    @Override
    public T update(T row) {
        Prepared p = prepare(row);
        return run(() -> {
            long readSeq = tx.readSeq();
            Map<String, @Nullable Object> current = tx.visible(table, p.key(), readSeq);
            if (current == null) {
                throw tx.fail(new RecordNotFoundException("table " + spec.table() + " has no row with id " + p.id(), null));
            }
            return decode(updated(p, current, readSeq));
        });
    }

    @Override
    public T upsert(T row) {
        Prepared p = prepare(row);
        return run(() -> {
            long readSeq = tx.readSeq();
            Map<String, @Nullable Object> current = tx.visible(table, p.key(), readSeq);
            if (current != null) {
                return decode(updated(p, current, readSeq));
            }
            Map<String, @Nullable Object> stored = inserted(p, readSeq);
            checkUnique(List.of(new Prepared(p.key(), p.id(), stored)), readSeq);
            tx.write(table, p.key(), p.id(), stored, audit(AuditEntry.Operation.INSERT, stored));
            return decode(stored);
        });
    }

    @Override
    public boolean delete(ID id) {
        Object modelId = spec.idValue(id);
        Object key = Objects.requireNonNull(MemoryTxTable.canonical(modelId));
        return run(() -> {
            long readSeq = tx.readSeq();
            Map<String, @Nullable Object> current = tx.visible(table, key, readSeq);
            tx.recordPointRead(table, key);
            if (current == null) {
                return false;
            }
            tx.checkWritable(table, key);
            tx.write(table, key, modelId, null, audit(AuditEntry.Operation.DELETE, current));
            return true;
        });
    }

    @Override
    public Optional<T> find(ID id) {
        Object key = Objects.requireNonNull(MemoryTxTable.canonical(spec.idValue(id)));
        return run(() -> {
            Map<String, @Nullable Object> doc = tx.visible(table, key, tx.readSeq());
            tx.recordPointRead(table, key);
            return doc == null ? Optional.<T>empty() : Optional.of(decode(doc));
        });
    }

    @Override
    public List<T> query(Filter filter) {
        spec.checkFilter(filter);
        return run(() -> {
            List<Map<String, @Nullable Object>> matching = matching(filter);
            matching.sort((a, b) -> DocumentValues.compare(a.get(spec.idColumn()), b.get(spec.idColumn())));
            List<T> out = new ArrayList<>(matching.size());
            matching.forEach(doc -> out.add(decode(doc)));
            return out;
        });
    }

    @Override
    public Page<T> query(Filter filter, Sort sort, PageRequest page) {
        spec.checkFilter(filter);
        spec.checkSort(sort);
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null; use PageRequest.first(size)");
        }
        return run(() -> MemoryPages.page(matching(filter), sort, page, doc -> doc,
                doc -> Objects.requireNonNull(doc.get(spec.idColumn()))).map(this::decode));
    }

    @Override
    public long count(Filter filter) {
        spec.checkFilter(filter);
        return run(() -> (long) matching(filter).size());
    }

    @Override
    public List<AuditEntry<ID>> history(ID id) {
        Object key = Objects.requireNonNull(MemoryTxTable.canonical(spec.idValue(id)));
        if (!spec.audited()) {
            throw new IllegalStateException("table " + spec.table() + " is not audited; declare audited() in its TableSpec");
        }
        return run(() -> {
            long readSeq = tx.readSeq();
            List<AuditEntry<ID>> out = new ArrayList<>();
            for (MemoryTxTable.AuditRecord r : table.audit.getOrDefault(key, List.of())) {
                if (r.seq() <= readSeq) {
                    out.add(new AuditEntry<>(spec.table(), id, r.operation(), r.at(), r.row()));
                }
            }
            MemoryTxTransaction.Writes own = tx.writes.get(spec.table());
            if (own != null) {
                for (Map.Entry<Object, MemoryTxTable.AuditRecord> e : own.audit) {
                    if (e.getKey().equals(key)) {
                        MemoryTxTable.AuditRecord r = e.getValue();
                        out.add(new AuditEntry<>(spec.table(), id, r.operation(), r.at(), r.row()));
                    }
                }
            }
            return out;
        });
    }

    /** Runs an operation holding the transaction's monitor and the store's read lock. */
    private <R> R run(Supplier<R> operation) {
        synchronized (tx) {
            tx.checkUsable();
            return tx.store.readLocked(operation);
        }
    }

    private Prepared prepare(@Nullable T row) {
        Map<String, @Nullable Object> doc = spec.toDocument(row);
        Object modelId = spec.idValue(spec.idOf(doc));
        doc.put(spec.idColumn(), modelId);
        return new Prepared(Objects.requireNonNull(MemoryTxTable.canonical(modelId)), modelId, doc);
    }

    /** The document an insert stores, after checking the id is free. */
    private Map<String, @Nullable Object> inserted(Prepared p, long readSeq) {
        if (tx.visible(table, p.key(), readSeq) != null) {
            throw tx.fail(duplicateId(p.id()));
        }
        tx.checkWritable(table, p.key());
        Map<String, @Nullable Object> stored = new LinkedHashMap<>(p.document());
        spec.versionColumn().ifPresent(c -> stored.put(c, version(c, 1)));
        Instant now = tx.store.now();
        spec.createdAtColumn().ifPresent(c -> stored.put(c, now));
        spec.updatedAtColumn().ifPresent(c -> stored.put(c, now));
        return stored;
    }

    /** Checks the version, writes the update and returns the stored document. */
    private Map<String, @Nullable Object> updated(Prepared p, Map<String, @Nullable Object> current, long readSeq) {
        tx.checkWritable(table, p.key());
        Map<String, @Nullable Object> stored = new LinkedHashMap<>(p.document());
        if (spec.versionColumn().isPresent()) {
            String c = spec.versionColumn().get();
            Object expected = p.document().get(c);
            Object actual = current.get(c);
            if (!(expected instanceof Number e) || !(actual instanceof Number a) || DocumentValues.compareNumbers(e, a) != 0) {
                throw tx.fail(new OptimisticLockException("row " + p.id() + " of table " + spec.table() + " is at version "
                        + actual + ", but the update was based on version " + expected, null));
            }
            stored.put(c, version(c, a.longValue() + 1));
        }
        spec.createdAtColumn().ifPresent(c -> stored.put(c, current.get(c)));
        spec.updatedAtColumn().ifPresent(c -> stored.put(c, tx.store.now()));
        checkUnique(List.of(new Prepared(p.key(), p.id(), stored)), readSeq);
        tx.write(table, p.key(), p.id(), stored, audit(AuditEntry.Operation.UPDATE, stored));
        return stored;
    }

    private Object version(String column, long value) {
        return spec.column(column).orElseThrow().type() == ColumnType.INTEGER ? (Object) (int) value : (Object) value;
    }

    /** Checks the unique keys of rows about to be written against every row this transaction sees and each other. */
    private void checkUnique(List<Prepared> rows, long readSeq) {
        if (spec.uniqueKeys().isEmpty()) {
            return;
        }
        Map<Object, Map<String, @Nullable Object>> visible = tx.visibleRows(table, readSeq);
        for (List<String> key : spec.uniqueKeys()) {
            Map<List<@Nullable Object>, Object> index = MemoryTxTable.uniqueIndex(key, visible);
            for (Prepared p : rows) {
                List<@Nullable Object> tuple = MemoryTxTable.uniqueTuple(key, p.document());
                if (tuple == null) {
                    continue;
                }
                Object holder = index.get(tuple);
                if (holder != null && !holder.equals(p.key())) {
                    List<@Nullable Object> values = new ArrayList<>();
                    key.forEach(c -> values.add(p.document().get(c)));
                    throw tx.fail(new DuplicateKeyException("duplicate key in table " + spec.table() + ": ("
                            + String.join(", ", key) + ")=" + values + " is already taken", null));
                }
                index.put(tuple, p.key());
            }
        }
    }

    private DuplicateKeyException duplicateId(Object id) {
        return new DuplicateKeyException("duplicate key in table " + spec.table() + ": a row with "
                + spec.idColumn() + " " + id + " already exists", null);
    }

    private MemoryTxTable.@Nullable AuditRecord audit(AuditEntry.Operation operation, Map<String, @Nullable Object> row) {
        if (!spec.audited()) {
            return null;
        }
        @SuppressWarnings("unchecked") // a copy of a document is a document
        Map<String, @Nullable Object> copy = (Map<String, @Nullable Object>) DocumentValues.deepCopy(row);
        return new MemoryTxTable.AuditRecord(0, operation, tx.store.now(), Objects.requireNonNull(copy));
    }

    private List<Map<String, @Nullable Object>> matching(Filter filter) {
        tx.recordPredicateRead(table, filter);
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        for (Map<String, @Nullable Object> doc : tx.visibleRows(table, tx.readSeq()).values()) {
            if (DocumentFilters.matches(filter, doc)) {
                out.add(doc);
            }
        }
        return out;
    }

    private T decode(Map<String, @Nullable Object> document) {
        // Decoding builds new objects, so callers never share the stored document.
        return spec.fromDocument(document);
    }
}
