package dev.polyglot.evolution;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;

/** The Document port of a {@link CutOver}: dual writes, phase-chosen reads. */
final class DualDocumentStore extends DualStore<DocumentStore> implements DocumentStore {

    DualDocumentStore(CutOver cutOver, DocumentStore oldStore, DocumentStore newStore) {
        super(cutOver, oldStore, newStore);
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
}
