package dev.polyglot.vector;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One result of {@link VectorCollection#search}: a stored record and its score.
 *
 * <p>For a query with a vector the score follows the {@linkplain Metric score contract} (higher
 * is better). Results of a {@linkplain VectorQuery#isFilterOnly() filter-only} query have no
 * similarity to report and carry a score of exactly {@code 0.0}.
 *
 * @param record the matching record, with its vector and metadata
 * @param score the score, a finite number
 */
public record VectorMatch(VectorRecord record, double score) {

    /**
     * Validates the components. * @throws IllegalArgumentException for a null record or a non-finite score
     *
     * @param record the matching record, with its vector and metadata
     * @param score the score, a finite number
     */
    public VectorMatch {
        if (record == null) {
            throw new IllegalArgumentException("record must not be null");
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }

    /**
     * Returns the id of the matching record.
     *
     * @return the id
     */
    public String id() {
        return record.id();
    }

    /**
     * Returns a copy of the matching record's vector.
     *
     * @return the components
     */
    public float[] vector() {
        return record.vector();
    }

    /**
     * Returns the matching record's metadata.
     *
     * @return the unmodifiable metadata
     */
    public Map<String, @Nullable Object> metadata() {
        return record.metadata();
    }
}
