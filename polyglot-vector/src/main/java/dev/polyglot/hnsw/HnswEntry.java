package dev.polyglot.hnsw;

import com.github.jelmerk.hnswlib.core.Item;
import dev.polyglot.vector.VectorRecord;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored record, as the collection's map and its HNSW graph hold it. Immutable except for
 * {@link #live}, which a write clears (before it returns) when it deletes or replaces the record,
 * so a search that meets the entry in the graph afterwards skips it.
 *
 * <p>hnswlib requires items to be {@link java.io.Serializable}; they never are serialized (the
 * on-disk format is {@link HnswCodec}'s), so the fields are transient.
 */
final class HnswEntry implements Item<String, float[]> {
    private static final long serialVersionUID = 1L;

    private final transient String id;
    /** The components as written, for reads and exact scores. */
    private final transient float[] vector;
    /** What the graph compares: the unit vector for COSINE, otherwise {@link #vector} itself. */
    private final transient float[] indexVector;
    private final transient Map<String, @Nullable Object> metadata;
    /** The collection's write sequence number: a later write of the same id has a larger one. */
    private final transient long version;
    private transient volatile boolean live = true;

    HnswEntry(String id, float[] vector, float[] indexVector, Map<String, @Nullable Object> metadata, long version) {
        this.id = id;
        this.vector = vector;
        this.indexVector = indexVector;
        this.metadata = metadata;
        this.version = version;
    }

    @Override
    public String id() {
        return id;
    }

    /** Returns the graph's vector (not a copy: hnswlib only reads it). */
    @Override
    public float[] vector() {
        return indexVector;
    }

    @Override
    public int dimensions() {
        return indexVector.length;
    }

    @Override
    public long version() {
        return version;
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
