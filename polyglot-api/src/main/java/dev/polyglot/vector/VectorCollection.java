package dev.polyglot.vector;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A named set of {@link VectorRecord}s with fixed dimensions and {@link Metric}, searched by
 * similarity and filtered by metadata.
 *
 * <p>Every vector written or searched must have exactly {@link #dimensions()} finite components
 * (and, for {@link Metric#COSINE}, not be the zero vector); anything else is rejected with
 * {@link IllegalArgumentException} before anything is written. Ids are ordered by Unicode code
 * point wherever an order is promised ({@link #scan()}, filter-only results, ties).
 *
 * <p>A collection is a handle on a named collection of its store: if the collection is dropped,
 * operations through the handle throw {@link StoreConfigurationException}, until a collection of
 * that name with the same dimensions and metric is created again, which the handle then uses.
 * After the store is closed every operation throws {@link IllegalStateException}. Implementations
 * are thread-safe: once {@link #delete(String)} (or any write) returns, no search started later
 * sees the old state.
 */
public interface VectorCollection {

    /**
     * Returns the collection's name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns how many components every vector of this collection has.
     *
     * @return the dimensions
     */
    int dimensions();

    /**
     * Returns how this collection scores matches.
     *
     * @return the metric
     */
    Metric metric();

    /**
     * Inserts a record, or replaces the vector and metadata of the record with the same id.
     *
     * @param record the record
     * @throws IllegalArgumentException for a null record or a vector of the wrong dimensions (or
     *     the zero vector in a COSINE collection); nothing is written
     * @throws StoreConfigurationException if the collection was dropped
     */
    void upsert(VectorRecord record);

    /**
     * Upserts many records, validating all of them before writing any; when an id appears more
     * than once, the last record with that id wins.
     *
     * @param records the records; empty does nothing
     * @throws IllegalArgumentException if any record is null or invalid for this collection; then
     *     none is written
     * @throws StoreConfigurationException if the collection was dropped
     */
    void upsertAll(Collection<VectorRecord> records);

    /**
     * Reads a record by id.
     *
     * @param id the id
     * @return the record, or empty if there is none with that id
     * @throws IllegalArgumentException for a null, blank or otherwise invalid id
     * @throws StoreConfigurationException if the collection was dropped
     */
    Optional<VectorRecord> get(String id);

    /**
     * Deletes a record by id.
     *
     * @param id the id
     * @return whether a record was deleted
     * @throws IllegalArgumentException for a null, blank or otherwise invalid id
     * @throws StoreConfigurationException if the collection was dropped
     */
    boolean delete(String id);

    /**
     * Deletes every record whose metadata matches a filter.
     *
     * @param filter the condition; {@link Filter#all()} empties the collection
     * @return how many records were deleted
     * @throws IllegalArgumentException for a null filter
     * @throws StoreConfigurationException if the collection was dropped
     */
    long delete(Filter filter);

    /**
     * Searches the collection.
     *
     * <p>With a query vector: the up to {@code k} records, among those matching the query's filter,
     * with the highest {@linkplain Metric scores} that reach the query's {@code minScore}, sorted by
     * score descending, ties by id ascending. Exact adapters always return the true top
     * {@code k}; approximate ones (HNSW) may miss a few true neighbours, but never return fewer
     * than {@code k} matches while at least {@code k} records match the filter and reach the
     * {@code minScore}: a filter narrows the records considered, it does not lose results.
     *
     * <p>Without a query vector ({@linkplain VectorQuery#filterOnly filter-only}): the first
     * {@code k} matching records in id order, each with score {@code 0.0}.
     *
     * @param query the query
     * @return the matches, best first; empty when nothing matches
     * @throws IllegalArgumentException for a null query, a query vector of the wrong dimensions,
     *     or the zero vector in a COSINE collection
     * @throws StoreConfigurationException if the collection was dropped
     */
    List<VectorMatch> search(VectorQuery query);

    /**
     * Counts the records.
     *
     * @return the number of records
     * @throws StoreConfigurationException if the collection was dropped
     */
    long count();

    /**
     * Streams every record in id order, for exports and migrations; the stream may or may not
     * reflect writes made while it is consumed, and holds resources until closed.
     *
     * <pre>{@code
     * try (Stream<VectorRecord> all = collection.scan()) {
     *     all.forEach(target::upsert);
     * }
     * }</pre>
     *
     * @return the records; close it when done
     * @throws StoreConfigurationException if the collection was dropped
     */
    Stream<VectorRecord> scan();
}
