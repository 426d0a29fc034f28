package dev.polyglot.vector;

import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;

/**
 * The Vector port: collections of embeddings with metadata, searched by similarity.
 *
 * <p>Adapters range from an exact in-memory scan ({@code InMemoryVectorStore}) through an exact
 * PostgreSQL scan to an approximate HNSW index; all of them honour the same {@linkplain Metric
 * score contract} and pass the same compatibility kit, so moving between them is a configuration
 * change.
 *
 * <pre>{@code
 * VectorStore store = InMemoryVectorStore.create();
 * VectorCollection docs = store.collection("docs", 3, Metric.COSINE);
 * docs.upsert(VectorRecord.of("a", new float[] {1, 0, 0}, Map.of("lang", "en")));
 * docs.upsert(VectorRecord.of("b", new float[] {0, 1, 0}, Map.of("lang", "de")));
 * List<VectorMatch> hits = docs.search(VectorQuery.nearest(new float[] {1, 0.2f, 0}, 5)
 *         .withFilter(Filter.eq("lang", "en"))
 *         .withMinScore(0.5));
 * // hits: [a] with score ≈ 0.98
 * }</pre>
 */
public interface VectorStore extends Store {

    /** The largest number of dimensions a collection may have. */
    int MAX_DIMENSIONS = 16_000;

    /**
     * Creates a collection, or opens it if it exists with the same dimensions and metric.
     *
     * @param name the name: 1 to 63 letters, digits or {@code _}, starting with a letter
     * @param dimensions how many components every vector has, from 1 to {@value #MAX_DIMENSIONS}
     * @param metric how matches are scored
     * @return the collection
     * @throws IllegalArgumentException for a bad name, dimensions out of range or a null metric
     * @throws StoreConfigurationException if the collection exists with other dimensions or another
     *     metric; the message names the existing and the requested settings
     */
    VectorCollection collection(String name, int dimensions, Metric metric);

    /**
     * Deletes a collection and all its records.
     *
     * @param name the name
     * @return whether the collection existed
     * @throws IllegalArgumentException for a bad name
     */
    boolean dropCollection(String name);
}
