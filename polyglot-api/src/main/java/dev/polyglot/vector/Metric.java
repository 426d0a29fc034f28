package dev.polyglot.vector;

/**
 * How a {@link VectorCollection} compares vectors, fixed when the collection is created.
 *
 * <p><b>Score contract.</b> Every adapter reports the same score for the same pair of vectors
 * (computed in double precision from the stored {@code float} components, so adapters agree to
 * about {@code 1e-5}), and a <em>higher score is always a better match</em>:
 * <ul>
 *   <li>{@link #COSINE}: the cosine similarity {@code a·b / (|a| |b|)}, in {@code [-1, 1]};
 *       {@code 1} for vectors pointing the same way, {@code -1} for opposite ones. Zero vectors
 *       have no direction and are rejected.</li>
 *   <li>{@link #DOT}: the dot product {@code a·b}, unbounded in both directions.</li>
 *   <li>{@link #EUCLIDEAN}: the negative Euclidean (L2) distance {@code -|a - b|}, at most
 *       {@code 0}, which it reaches for identical vectors.</li>
 * </ul>
 * Approximate adapters (HNSW) convert their internal distances to these scores, so a
 * {@link VectorQuery#minScore() minScore} means the same thing everywhere.
 */
public enum Metric {
    /** Cosine similarity, in {@code [-1, 1]}; zero vectors are rejected. */
    COSINE,
    /** Dot product; best for vectors the model already normalizes. */
    DOT,
    /** Negative Euclidean distance, {@code 0} for identical vectors and negative otherwise. */
    EUCLIDEAN
}
