package dev.polyglot.spi;

import dev.polyglot.query.Filter;
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
 * A base for {@link VectorCollection} handles that checks every argument of the port the same way
 * before the adapter sees it: ids, vectors against the collection's dimensions and metric (see
 * {@link VectorScores#requireVector}), null records, filters and queries.
 *
 * <p>Each operation first calls {@link #checkOpen()}, then validates, then calls one protected
 * method with arguments that are known to be valid, so an invalid call never reaches the store and
 * nothing is written. Subclasses implement only those methods.
 */
public abstract class VectorCollectionSupport implements VectorCollection {
    private final String name;
    private final int dimensions;
    private final Metric metric;

    /**
     * Creates a handle on a collection whose name, dimensions and metric the store has checked.
     *
     * @param name the collection's name
     * @param dimensions the number of components of every vector
     * @param metric the similarity metric
     */
    protected VectorCollectionSupport(String name, int dimensions, Metric metric) {
        this.name = name;
        this.dimensions = dimensions;
        this.metric = metric;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dimensions() {
        return dimensions;
    }

    @Override
    public final Metric metric() {
        return metric;
    }

    @Override
    public final void upsert(VectorRecord record) {
        checkOpen();
        writeAll(List.of(validate(record)));
    }

    @Override
    public final void upsertAll(Collection<VectorRecord> records) {
        checkOpen();
        if (records == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        List<VectorRecord> valid = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            valid.add(validate(r));
        }
        writeAll(valid);
    }

    @Override
    public final Optional<VectorRecord> get(String id) {
        checkOpen();
        Ids.requireId(id, "vector id");
        return read(id);
    }

    @Override
    public final boolean delete(String id) {
        checkOpen();
        Ids.requireId(id, "vector id");
        return remove(id);
    }

    @Override
    public final long delete(Filter filter) {
        checkOpen();
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null; use Filter.all() to delete every record");
        }
        return removeMatching(filter);
    }

    @Override
    public final List<VectorMatch> search(VectorQuery query) {
        checkOpen();
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        float[] vector = query.vector();
        if (vector != null) {
            VectorScores.requireVector(vector, dimensions, metric, "query vector of collection \"" + name + "\"");
        }
        return find(query);
    }

    @Override
    public final long count() {
        checkOpen();
        return size();
    }

    @Override
    public final Stream<VectorRecord> scan() {
        checkOpen();
        return stream();
    }

    /**
     * Throws if the store this handle belongs to is closed.
     *
     * @throws IllegalStateException if the store is closed
     */
    protected abstract void checkOpen();

    /**
     * Inserts or replaces records, all at once where the store can.
     *
     * @param records validated records with distinct or repeated ids (the last one wins); may be empty
     */
    protected abstract void writeAll(List<VectorRecord> records);

    /**
     * Reads one record.
     *
     * @param id a valid id
     * @return the record, or empty
     */
    protected abstract Optional<VectorRecord> read(String id);

    /**
     * Removes one record.
     *
     * @param id a valid id
     * @return true if a record was removed
     */
    protected abstract boolean remove(String id);

    /**
     * Removes the records whose metadata match a filter.
     *
     * @param filter the filter
     * @return how many records were removed
     */
    protected abstract long removeMatching(Filter filter);

    /**
     * Runs a query whose vector, if any, has this collection's dimensions and valid components.
     *
     * @param query the query
     * @return the matches, best first
     */
    protected abstract List<VectorMatch> find(VectorQuery query);

    /**
     * Counts the records.
     *
     * @return the number of records
     */
    protected abstract long size();

    /**
     * Streams every record (the port promises id order: see {@link VectorCollection#scan()}).
     *
     * @return the records
     */
    protected abstract Stream<VectorRecord> stream();

    private VectorRecord validate(VectorRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        VectorScores.requireVector(record.vector(), dimensions, metric,
                "vector of record \"" + FieldPaths.printable(record.id()) + "\" in collection \"" + name + "\"");
        return record;
    }
}
