package dev.polyglot.hnsw;

import dev.polyglot.vector.VectorRecord;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored record, as the collection's map and its HNSW graph hold it. Immutable except for
 * {@link #live}, which a write clears (before it returns) when it deletes or replaces the record,
 * so a search that meets the entry in the graph afterwards skips it, and for the node that holds
 * it in a graph.
 */
final class HnswEntry {
    private final String id;
    /** The components as written, for reads, exact scores and the graph (which copies them). */
    private final float[] vector;
    private final Map<String, @Nullable Object> metadata;
    /** The collection's write sequence number: a later write of the same id has a larger one. */
    private final long version;
    private volatile boolean live = true;
    /**
     * Where the newest graph that indexed this entry holds it (a rebuild indexes it a second time);
     * the graph is named by a token, so a dead entry does not keep an old graph reachable.
     */
    private volatile @Nullable Placement placement;

    private record Placement(Object graph, int node) {
    }

    HnswEntry(String id, float[] vector, Map<String, @Nullable Object> metadata, long version) {
        this.id = id;
        this.vector = vector;
        this.metadata = metadata;
        this.version = version;
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    void placeIn(Object graph, int node) {
        placement = new Placement(graph, node);
    }

    /** The entry's node in the graph of token {@code graph}, or -1 if that graph does not hold it (yet). */
    int nodeIn(Object graph) {
        Placement p = placement;
        return p != null && p.graph() == graph ? p.node() : -1;
    }

    float[] components() {
        return vector;
    }

    Map<String, @Nullable Object> metadata() {
        return metadata;
    }

    boolean isLive() {
        return live;
    }

    void retire() {
        live = false;
    }

    VectorRecord toRecord() {
        // The record constructor copies the vector and the metadata, so callers never reach stored state.
        return new VectorRecord(id, vector, metadata);
    }

    @Override
    public String toString() {
        return "HnswEntry[" + id + ", v" + version + (live ? "" : ", retired") + "]";
    }
}
