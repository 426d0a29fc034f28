package dev.polyglot.evolution;

import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Transactional port of a {@link CutOver}. A transaction runs on the store reads come from (the
 * old store until {@code CUT_OVER}, the new one after), recording which rows it writes; once it has
 * committed, each written row's committed state is copied to the other store in a transaction of
 * its own, holding the row's lock. The copy reads the row back rather than replaying the
 * operations, because the two stores keep their own version numbers.
 */
final class DualTransactionalStore extends DualStore<TransactionalStore> implements TransactionalStore {
    private final ThreadLocal<Recording> running = new ThreadLocal<>();

    /** The rows one outermost transaction wrote, keyed by table and id text. */
    static final class Recording {
        final TransactionalStore primary;
        final CutOverPhase phase;
        final Map<String, Runnable> written = new LinkedHashMap<>();

        Recording(TransactionalStore primary, CutOverPhase phase) {
            this.primary = primary;
            this.phase = phase;
        }
    }

    DualTransactionalStore(CutOver cutOver, TransactionalStore oldStore, TransactionalStore newStore) {
        super(cutOver, oldStore, newStore);
    }

    @Override
    public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
        if (callback == null) {
            throw new IllegalArgumentException("transaction callback must not be null");
        }
        Recording outer = running.get();
        if (outer != null) {
            // Joins the running transaction of the same store, recording into the same set.
            return outer.primary.inTransaction(isolation, tx -> callback.inTransaction(new DualTransaction(tx, outer)));
        }
        CutOverPhase at = cutOver.phase();
        TransactionalStore primary = at.readsNew() ? newStore : oldStore;
        Recording recording = new Recording(primary, at);
        running.set(recording);
        R result;
        try {
            result = primary.inTransaction(isolation, tx -> {
                recording.written.clear(); // a retried attempt starts over
                return callback.inTransaction(new DualTransaction(tx, recording));
            });
        } finally {
            running.remove();
        }
        if (at.dualWrites()) {
            recording.written.values().forEach(Runnable::run);
        }
        return result;
    }

    /** Records a row write of the running transaction, to be mirrored after commit. */
    <T, ID> void written(Recording recording, TableSpec<T, ID> spec, ID id) {
        String collection = TableCopy.collectionKey(spec);
        String key = TableCopy.keyText(spec.idValue(id));
        TransactionalStore from = recording.primary;
        TransactionalStore to = from == oldStore ? newStore : oldStore;
        recording.written.putIfAbsent(collection + '\u0000' + key, () -> cutOver.coordinator().withKey(collection, key, () -> {
            cutOver.mirror(collection, key, "transaction", () -> sync(spec, id, from, to),
                    () -> syncWithLock(spec, id, from, to));
            return null;
        }));
        cutOver.registerSyncer(collection, text -> syncWithLock(spec, TableCopy.parseId(spec, text), oldStore, newStore));
    }

    /** Whether the running transaction wrote a row (then a shadow read of it would compare uncommitted data). */
    <ID> boolean wrote(Recording recording, TableSpec<?, ID> spec, ID id) {
        return recording.written.containsKey(TableCopy.collectionKey(spec) + '\u0000' + TableCopy.keyText(spec.idValue(id)));
    }

    private <T, ID> void syncWithLock(TableSpec<T, ID> spec, ID id, TransactionalStore from, TransactionalStore to) {
        String collection = TableCopy.collectionKey(spec);
        String key = TableCopy.keyText(spec.idValue(id));
        cutOver.coordinator().withKey(collection, key, () -> {
            sync(spec, id, from, to);
            return null;
        });
    }

    /** Copies a row's committed state from one store to the other (the caller holds its lock). */
    private <T, ID> void sync(TableSpec<T, ID> spec, ID id, TransactionalStore from, TransactionalStore to) {
        Optional<T> row = from.inTransaction(tx -> tx.table(spec).find(id));
        if (row.isEmpty() && from == oldStore) {
            cutOver.coordinator().tombstone(TableCopy.collectionKey(spec), TableCopy.keyText(spec.idValue(id)));
        }
        to.useTransaction(tx -> {
            Table<T, ID> table = tx.table(spec);
            Optional<T> existing = table.find(id);
            if (row.isEmpty()) {
                if (existing.isPresent()) {
                    table.delete(id);
                }
            } else if (existing.isEmpty()) {
                table.insert(row.get());
            } else {
                table.update(withVersionOf(spec, row.get(), existing.get()));
            }
        });
    }

    /** The row with the other store's version, which that store's optimistic check expects. */
    private static <T> T withVersionOf(TableSpec<T, ?> spec, T row, T existing) {
        Optional<String> version = spec.versionColumn();
        if (version.isEmpty()) {
            return row;
        }
        Map<String, @Nullable Object> document = spec.toDocument(row);
        document.put(version.get(), spec.toDocument(existing).get(version.get()));
        return spec.fromDocument(document);
    }

    /** The store a shadow read compares with, for the phase the recording was made in. */
    TransactionalStore other(Recording recording) {
        return recording.primary == oldStore ? newStore : oldStore;
    }

    CutOver cutOver() {
        return cutOver;
    }

    @Override
    public void createTables(TableSpec<?, ?>... specs) {
        CutOverPhase at = cutOver.phase();
        (at == CutOverPhase.DONE ? newStore : oldStore).createTables(specs);
        if (at.dualWrites()) {
            newStore.createTables(specs);
        }
    }

    @Override
    public void validateSchema(TableSpec<?, ?>... specs) {
        CutOverPhase at = cutOver.phase();
        (at == CutOverPhase.DONE ? newStore : oldStore).validateSchema(specs);
        if (at.dualWrites()) {
            newStore.validateSchema(specs);
        }
    }

    /** A transaction of the primary store whose tables record their writes. */
    private final class DualTransaction implements Transaction {
        private final Transaction delegate;
        private final Recording recording;

        DualTransaction(Transaction delegate, Recording recording) {
            this.delegate = delegate;
            this.recording = recording;
        }

        @Override
        public <T, ID> Table<T, ID> table(TableSpec<T, ID> spec) {
            return new DualTable<>(DualTransactionalStore.this, recording, delegate.table(spec));
        }

        @Override
        public IsolationLevel isolation() {
            return delegate.isolation();
        }
    }
}
