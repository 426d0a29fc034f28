package dev.polyglot.evolution;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;

/** The Document port of a {@link CutOver}: dual writes, phase-chosen reads. */
final class DualDocumentStore implements DocumentStore {
    private final CutOver cutOver;
    private final DocumentStore oldStore;
    private final DocumentStore newStore;

    DualDocumentStore(CutOver cutOver, DocumentStore oldStore, DocumentStore newStore) {
        this.cutOver = cutOver;
        this.oldStore = oldStore;
        this.newStore = newStore;
    }

    @Override
    public <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options) {
        DualDocumentCollection<T> collection = new DualDocumentCollection<>(cutOver, name, codec,
                oldStore.collection(name, codec, options), new Lazy<>(() -> newStore.collection(name, codec, options)),
                oldStore.collection(name, options), new Lazy<>(() -> newStore.collection(name, options)));
        cutOver.registerSyncer(DocumentCopy.collectionKey(name), collection::syncWithLock);
        return collection;
    }

    @Override
    public boolean dropCollection(String name) {
        CutOverPhase at = cutOver.phase();
        boolean dropped = at == CutOverPhase.DONE ? newStore.dropCollection(name) : oldStore.dropCollection(name);
        if (at.dualWrites()) {
            newStore.dropCollection(name);
        }
        return dropped;
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        DocumentStore first = cutOver.phase().readsNew() ? newStore : oldStore;
        DocumentStore second = first == newStore ? oldStore : newStore;
        try {
            return first.unwrap(type);
        } catch (IllegalArgumentException e) {
            return second.unwrap(type);
        }
    }

    @Override
    public void close() {
        try {
            oldStore.close();
        } finally {
            newStore.close();
        }
    }

    @Override
    public String toString() {
        return "DualDocumentStore[" + cutOver + ", old " + oldStore + ", new " + newStore + "]";
    }
}
