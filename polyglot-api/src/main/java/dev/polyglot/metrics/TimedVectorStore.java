package dev.polyglot.metrics;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;

/** Times the Vector port and remembers the collections it opened, so the snapshot can give their sizes. */
final class TimedVectorStore implements VectorStore {
    private final VectorStore delegate;
    private final PortMetrics metrics;
    private final OperationTimer collection;
    private final OperationTimer dropCollection;
    private final VectorTimers timers;

    TimedVectorStore(VectorStore delegate, PortMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.collection = metrics.timer("collection");
        this.dropCollection = metrics.timer("dropCollection");
        this.timers = new VectorTimers(metrics);
    }

    @Override
    public VectorCollection collection(String name, int dimensions, Metric metric) {
        VectorCollection opened = collection.time(() -> delegate.collection(name, dimensions, metric));
        metrics.vectorCollectionOpened(opened.name(), opened);
        return new TimedVectorCollection(opened, timers);
    }

    @Override
    public boolean dropCollection(String name) {
        boolean dropped = dropCollection.time(() -> delegate.dropCollection(name));
        metrics.vectorCollectionDropped(name);
        return dropped;
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Timed" + delegate;
    }
}
