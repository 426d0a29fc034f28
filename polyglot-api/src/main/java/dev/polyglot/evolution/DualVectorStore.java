package dev.polyglot.evolution;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;

/** The Vector port of a {@link CutOver}: dual writes, phase-chosen reads. */
final class DualVectorStore implements VectorStore {
    private final CutOver cutOver;
    private final VectorStore oldStore;
    private final VectorStore newStore;

    DualVectorStore(CutOver cutOver, VectorStore oldStore, VectorStore newStore) {
        this.cutOver = cutOver;
        this.oldStore = oldStore;
        this.newStore = newStore;
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

    @Override
    public <U> U unwrap(Class<U> type) {
        VectorStore first = cutOver.phase().readsNew() ? newStore : oldStore;
        VectorStore second = first == newStore ? oldStore : newStore;
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
        return "DualVectorStore[" + cutOver + ", old " + oldStore + ", new " + newStore + "]";
    }
}
