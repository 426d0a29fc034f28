package dev.polyglot.vector;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.VectorScores;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An embedding stored in a {@link VectorCollection}: its id, its vector and metadata that filters
 * can match.
 *
 * <p>The record is immutable: the vector is copied on the way in and on the way out, and the
 * metadata is converted to the {@linkplain DocumentValues document model} (the model filters
 * compare against) and frozen. Two records are equal when their ids, vector components and
 * metadata values are equal; metadata compares by value (numbers across Java types, keys in any
 * order), so a record read back from any store equals the one written.
 *
 * <pre>{@code
 * VectorRecord r = VectorRecord.of("doc-1", embedding, Map.of("lang", "en", "year", 2024));
 * }</pre>
 *
 * @param id the record's id: not blank, at most {@value Ids#MAX_ID_LENGTH} characters, no NUL
 * @param vector the components, all finite; the collection checks its length
 * @param metadata a document of the model whose keys are non-empty, contain no dot and do not
 *     start with {@code $}, at every depth; unmodifiable (binary values are the record's own
 *     copies and must not be modified)
 */
public record VectorRecord(String id, float[] vector, Map<String, @Nullable Object> metadata) {

    /**
     * Validates and copies the components. * @throws IllegalArgumentException for a bad id, a null, empty or non-finite vector, null metadata, a bad metadata key or a value the document model cannot hold
     *
     * @param id the record's id: not blank, at most {@value Ids#MAX_ID_LENGTH} characters, no NUL
     * @param vector the components, all finite; the collection checks its length
     * @param metadata a document of the model whose keys are non-empty, contain no dot and do not start with {@code $}, at every depth; unmodifiable (binary values are the record's own copies and must not be modified)
     */
    public VectorRecord {
        Ids.requireId(id, "vector id");
        vector = VectorScores.requireFinite(vector, "vector of record \"" + FieldPaths.printable(id) + "\"").clone();
        metadata = VectorMetadata.normalize(metadata);
    }

    /**
     * Creates a record without metadata.
     *
     * @param id the id
     * @param vector the vector (copied)
     * @return the record
     * @throws IllegalArgumentException for a bad id or vector
     */
    public static VectorRecord of(String id, float[] vector) {
        return new VectorRecord(id, vector, Map.of());
    }

    /**
     * Creates a record with metadata.
     *
     * @param id the id
     * @param vector the vector (copied)
     * @param metadata the metadata, converted to the document model
     * @return the record
     * @throws IllegalArgumentException for a bad id, vector or metadata
     */
    public static VectorRecord of(String id, float[] vector, Map<String, ? extends @Nullable Object> metadata) {
        // Safe: the constructor only reads the map, copying it into the document model.
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) metadata;
        return new VectorRecord(id, vector, m);
    }

    /**
     * Returns a copy of the vector, so callers cannot change the record.
     *
     * @return the components
     */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    /**
     * Returns the number of components without copying the vector.
     *
     * @return the vector's length
     */
    public int dimensions() {
        return vector.length;
    }

    /**
     * Tells whether another object is a record with the same id, the same components and the
     * same metadata values.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof VectorRecord other && id.equals(other.id) && Arrays.equals(vector, other.vector)
                && DocumentValues.contentEquals(metadata, other.metadata);
    }

    /**
     * Returns a hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + Arrays.hashCode(vector)) * 31 + DocumentValues.contentHashCode(metadata);
    }

    /**
     * Describes the record, showing at most the first 16 components.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "VectorRecord[id=" + id + ", vector=" + VectorQuery.describe(vector) + ", metadata=" + metadata + "]";
    }
}
