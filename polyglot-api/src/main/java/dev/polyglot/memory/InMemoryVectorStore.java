package dev.polyglot.memory;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The exact in-memory reference adapter of the {@link VectorStore} port, for application tests and
 * prototypes.
 *
 * <p>Searches are exact brute-force scans with scores computed in double precision by
 * {@link VectorScores}, so results are the true top {@code k} that every other adapter is measured
 * against. Records are held as private copies (nothing is shared with caller objects); searches
 * run in parallel with each other, writes are exclusive per collection, and a search never sees a
 * record whose delete has returned.
 *
 * <pre>{@code
 * InMemoryVectorStore store = InMemoryVectorStore.create();
 * VectorCollection docs = store.collection("docs", 384, Metric.COSINE);
 * store.setUnavailable(true); // every call now throws StoreUnavailableException
 * }</pre>
 */
public final class InMemoryVectorStore implements VectorStore {
    private final ConcurrentMap<String, MemoryVectorData> collections = new ConcurrentHashMap<>();
    private final MemoryOutage outage = new MemoryOutage("in-memory vector store");
    private volatile boolean closed;

    private InMemoryVectorStore() {
    }

    /**
     * Creates an empty store.
     *
     * @return the store
     */
    public static InMemoryVectorStore create() {
        return new InMemoryVectorStore();
    }

    /**
     * Simulates an outage: while set, every operation throws
     * {@link dev.polyglot.StoreUnavailableException} caused by a {@link java.net.ConnectException},
     * as a real adapter does when its server is down; the data survives.
     *
     * @param unavailable whether the store is down
     */
    public void setUnavailable(boolean unavailable) {
        outage.set(unavailable);
    }

    @Override
    public VectorCollection collection(String name, int dimensions, Metric metric) {
        checkOpen();
        Ids.requireName(name, "collection name");
        VectorScores.requireDimensions(dimensions);
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        outage.check();
        MemoryVectorData data = collections.computeIfAbsent(name, n -> new MemoryVectorData(dimensions, metric));
        requireSettings(name, data, dimensions, metric);
        return new MemoryVectorCollection(this, name, dimensions, metric);
    }

    @Override
    public boolean dropCollection(String name) {
        checkOpen();
        Ids.requireName(name, "collection name");
        outage.check();
        return collections.remove(name) != null;
    }

    /**
     * Returns this store for its own class.
     *
     * @param type {@code InMemoryVectorStore.class}
     * @return this store
     * @throws IllegalArgumentException for any other type
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        checkOpen();
        if (type == InMemoryVectorStore.class) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("InMemoryVectorStore has no " + (type == null ? "null" : type.getName())
                + "; only InMemoryVectorStore.class can be unwrapped");
    }

    /** Closes the store and frees its records; closing again does nothing. */
    @Override
    public void close() {
        closed = true;
        collections.clear();
    }

    @Override
    public String toString() {
        return "InMemoryVectorStore[collections=" + collections.keySet() + (closed ? ", closed" : "") + "]";
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the vector store is closed");
        }
    }

    /**
     * Finds the data behind a collection handle, failing as a server-backed store would when the
     * collection was dropped (or recreated with other settings) since the handle was made.
     */
    MemoryVectorData resolve(String name, int dimensions, Metric metric) {
        checkOpen();
        outage.check();
        MemoryVectorData data = collections.get(name);
        if (data == null) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" does not exist; it was dropped", null);
        }
        requireSettings(name, data, dimensions, metric);
        return data;
    }

    private static void requireSettings(String name, MemoryVectorData data, int dimensions, @Nullable Metric metric) {
        if (data.dimensions() != dimensions || data.metric() != metric) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" exists with " + data.dimensions()
                    + " dimensions and metric " + data.metric() + ", not " + dimensions + " dimensions and metric "
                    + metric + "; drop it or use another name", null);
        }
    }
}
