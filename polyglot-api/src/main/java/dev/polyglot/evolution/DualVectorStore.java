package dev.polyglot.evolution;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;

/** The Vector port of a {@link CutOver}: dual writes, phase-chosen reads. */
final class DualVectorStore extends DualStore<VectorStore> implements VectorStore {

    DualVectorStore(CutOver cutOver, VectorStore oldStore, VectorStore newStore) {
        super(cutOver, oldStore, newStore);
    }

    @Override
    public VectorCollection collection(String name, int dimensions, Metric metric) {
        DualVectorCollection collection = new DualVectorCollection(cutOver, oldStore.collection(name, dimensions, metric),
                new Lazy<>(() -> newStore.collection(name, dimensions, metric)));
        cutOver.registerSyncer(VectorCopy.collectionKey(name), collection::syncWithLock);
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
