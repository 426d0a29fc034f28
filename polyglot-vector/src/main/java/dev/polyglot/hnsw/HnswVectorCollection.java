package dev.polyglot.hnsw;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A handle on a collection of an {@link HnswVectorStore}, bound by name: it validates arguments,
 * then looks the collection up on every call.
 */
final class HnswVectorCollection implements VectorCollection {
    private final HnswVectorStore store;
    private final String name;
    private final int dimensions;
    private final Metric metric;

    HnswVectorCollection(HnswVectorStore store, String name, int dimensions, Metric metric) {
        this.store = store;
        this.name = name;
        this.dimensions = dimensions;
        this.metric = metric;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public void upsert(VectorRecord record) {
        store.checkOpen();
        VectorRecord valid = validate(record);
        data().upsertAll(List.of(valid));
    }

    @Override
    public void upsertAll(Collection<VectorRecord> records) {
        store.checkOpen();
        if (records == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        List<VectorRecord> valid = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            valid.add(validate(r));
        }
        if (valid.isEmpty()) {
            data();
            return;
        }
        data().upsertAll(valid);
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        store.checkOpen();
        Ids.requireId(id, "vector id");
        return Optional.ofNullable(data().get(id));
    }

    @Override
    public boolean delete(String id) {
        store.checkOpen();
        Ids.requireId(id, "vector id");
        return data().delete(id);
    }

    @Override
    public long delete(Filter filter) {
        store.checkOpen();
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null; use Filter.all() to delete every record");
        }
        return data().delete(filter);
    }

    @Override
    public List<VectorMatch> search(VectorQuery query) {
        store.checkOpen();
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        float[] vector = query.vector();
        if (vector != null) {
            VectorScores.requireVector(vector, dimensions, metric, "query vector of collection \"" + name + "\"");
        }
        return data().search(query);
    }

    @Override
    public long count() {
        store.checkOpen();
        return data().count();
    }

    @Override
    public Stream<VectorRecord> scan() {
        store.checkOpen();
        return data().snapshot().stream();
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name + ", " + dimensions + " dimensions, " + metric + ", hnsw]";
    }

    private VectorRecord validate(VectorRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        VectorScores.requireVector(record.vector(), dimensions, metric,
                "vector of record \"" + FieldPaths.printable(record.id()) + "\" in collection \"" + name + "\"");
        return record;
    }

    private HnswCollection data() {
        return store.resolve(name, dimensions, metric);
    }
}
