package dev.polyglot.memory;

import dev.polyglot.PolyglotException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.query.Filter;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an in-memory transaction: a snapshot sequence number, a private write set that
 * no other transaction can see, and (for SERIALIZABLE) the set of rows and predicates it read.
 * Its monitor guards its own state; committed state is read under the store's read lock.
 */
final class MemoryTxTransaction implements Transaction {

    /** A row this transaction wrote: the new document (null for a delete) and what it was based on. */
    static final class Pending {
        final Object id;
        @Nullable Map<String, @Nullable Object> document;
        /** The row's latest commit when this transaction first wrote it (checked at READ_COMMITTED). */
        final long baseSeq;

        Pending(Object id, @Nullable Map<String, @Nullable Object> document, long baseSeq) {
            this.id = id;
            this.document = document;
            this.baseSeq = baseSeq;
        }
    }

    /** The writes to one table. */
    static final class Writes {
        final MemoryTxTable table;
        final Map<Object, Pending> rows = new LinkedHashMap<>();
        final List<Map.Entry<Object, MemoryTxTable.AuditRecord>> audit = new ArrayList<>();

        Writes(MemoryTxTable table) {
            this.table = table;
        }
    }

    final InMemoryTransactionalStore store;
    final IsolationLevel isolation;
    final long snapshot;
    final Map<String, Writes> writes = new LinkedHashMap<>();
    /** Rows read by id, per table (tracked for SERIALIZABLE only). */
    final Map<String, Set<Object>> pointReads = new HashMap<>();
    /** Filters evaluated, per table (tracked for SERIALIZABLE only). */
    final Map<String, List<Filter>> predicateReads = new HashMap<>();
    private final Map<TableSpec<?, ?>, Table<?, ?>> views = new IdentityHashMap<>();
    private boolean open = true;
    private boolean conflicted;
    private @Nullable PolyglotException failure;

    MemoryTxTransaction(InMemoryTransactionalStore store, IsolationLevel isolation, long snapshot) {
        this.store = store;
        this.isolation = isolation;
        this.snapshot = snapshot;
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
            view = new MemoryTxTableView<>(this, spec, store.tableFor(spec));
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

    synchronized void close() {
        open = false;
    }

    synchronized boolean conflicted() {
        return conflicted;
    }

    synchronized @Nullable PolyglotException failure() {
        return failure;
    }

    /** Checks that the store is open and reachable and this transaction can still be used. */
    void checkUsable() {
        store.checkOpen();
        if (!open) {
            throw new IllegalStateException("the transaction is no longer open: use a Transaction only inside its callback");
        }
        if (failure != null) {
            throw new IllegalStateException("the transaction was aborted by an earlier error and will be rolled back: "
                    + failure.getMessage(), failure);
        }
        store.outage.check();
    }

    /** Records a store error that aborts this transaction, as PostgreSQL aborts it, and returns it for throwing. */
    <E extends PolyglotException> E fail(E e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Records a serialization conflict: the store rolls back and re-runs the callback. */
    TransactionConflictException conflict(String message) {
        conflicted = true;
        return fail(new TransactionConflictException(message, null));
    }

    /** Marks the transaction conflicted by a failed commit-time validation. */
    synchronized void markConflicted() {
        conflicted = true;
    }

    /** The commit the next statement reads at: the latest for READ_COMMITTED, else the snapshot. */
    long readSeq() {
        return isolation == IsolationLevel.READ_COMMITTED ? store.committedSeq() : snapshot;
    }

    Writes writes(MemoryTxTable table) {
        return writes.computeIfAbsent(table.spec.table(), name -> new Writes(table));
    }

    /** The row this transaction sees under a key: its own write, else the committed version at readSeq. */
    @Nullable Map<String, @Nullable Object> visible(MemoryTxTable table, Object key, long readSeq) {
        Writes own = writes.get(table.spec.table());
        if (own != null) {
            Pending pending = own.rows.get(key);
            if (pending != null) {
                return pending.document;
            }
        }
        MemoryTxTable.Row row = table.rows.get(key);
        return row == null ? null : row.visibleAt(readSeq);
    }

    /** Every row this transaction sees, by key. */
    Map<Object, Map<String, @Nullable Object>> visibleRows(MemoryTxTable table, long readSeq) {
        Map<Object, Map<String, @Nullable Object>> out = new LinkedHashMap<>();
        Writes own = writes.get(table.spec.table());
        table.rows.forEach((key, row) -> {
            if (own == null || !own.rows.containsKey(key)) {
                Map<String, @Nullable Object> doc = row.visibleAt(readSeq);
                if (doc != null) {
                    out.put(key, doc);
                }
            }
        });
        if (own != null) {
            own.rows.forEach((key, pending) -> {
                if (pending.document != null) {
                    out.put(key, pending.document);
                }
            });
        }
        return out;
    }

    /** Snapshot isolation: writing a row changed by a commit after the snapshot is a conflict, as in PostgreSQL. */
    void checkWritable(MemoryTxTable table, Object key) {
        if (isolation == IsolationLevel.READ_COMMITTED) {
            return;
        }
        MemoryTxTable.Row row = table.rows.get(key);
        if (row != null && row.latestSeq() > snapshot) {
            throw conflict("could not serialize access to row " + row.id + " of table " + table.spec.table()
                    + " due to a concurrent update");
        }
    }

    void recordPointRead(MemoryTxTable table, Object key) {
        if (isolation == IsolationLevel.SERIALIZABLE) {
            pointReads.computeIfAbsent(table.spec.table(), t -> new HashSet<>()).add(key);
        }
    }

    void recordPredicateRead(MemoryTxTable table, Filter filter) {
        if (isolation == IsolationLevel.SERIALIZABLE) {
            predicateReads.computeIfAbsent(table.spec.table(), t -> new ArrayList<>()).add(filter);
        }
    }

    /** Adds a write to the write set, remembering the row's latest commit the first time. */
    void write(MemoryTxTable table, Object key, Object id, @Nullable Map<String, @Nullable Object> document,
            MemoryTxTable.@Nullable AuditRecord audit) {
        Writes own = writes(table);
        Pending pending = own.rows.get(key);
        if (pending == null) {
            MemoryTxTable.Row row = table.rows.get(key);
            own.rows.put(key, new Pending(id, document, row == null ? 0 : row.latestSeq()));
        } else {
            pending.document = document;
        }
        if (audit != null) {
            own.audit.add(Map.entry(key, audit));
        }
    }
}
