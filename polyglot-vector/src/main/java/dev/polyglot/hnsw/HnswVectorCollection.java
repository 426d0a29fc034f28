package dev.polyglot.hnsw;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.VectorCollectionSupport;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A handle on a collection of an {@link HnswVectorStore}, bound by name:
 * {@link VectorCollectionSupport} validates arguments, then each call looks the collection up.
 */
final class HnswVectorCollection extends VectorCollectionSupport {
    private final HnswVectorStore store;

    HnswVectorCollection(HnswVectorStore store, String name, int dimensions, Metric metric) {
        super(name, dimensions, metric);
        this.store = store;
    }

    @Override
    protected void checkOpen() {
        store.checkOpen();
    }

    @Override
    protected void writeAll(List<VectorRecord> records) {
        if (records.isEmpty()) {
            // An empty upsert still creates the collection, as a first write would.
            data();
            return;
        }
        data().upsertAll(records);
    }

    @Override
    protected Optional<VectorRecord> read(String id) {
        return Optional.ofNullable(data().get(id));
    }

    @Override
    protected boolean remove(String id) {
        return data().delete(id);
    }

    @Override
    protected long removeMatching(Filter filter) {
        return data().delete(filter);
    }

    @Override
    protected List<VectorMatch> find(VectorQuery query) {
        return data().search(query);
    }

    @Override
    protected long size() {
        return data().count();
    }

    @Override
    protected Stream<VectorRecord> stream() {
        return data().snapshot().stream();
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name() + ", " + dimensions() + " dimensions, " + metric() + ", hnsw]";
    }

    private HnswCollection data() {
        return store.resolve(name(), dimensions(), metric());
    }
}
