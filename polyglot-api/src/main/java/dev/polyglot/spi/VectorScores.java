package dev.polyglot.spi;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorStore;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Vector validation and the {@linkplain Metric score contract}, computed in one place so every
 * Vector adapter accepts the same vectors and reports the same scores in the same order.
 *
 * <p>Exact adapters call {@link #score}; approximate ones (HNSW) that rank by a distance convert it
 * with {@link #scoreFromDistance} (or, better, rescore their candidates with {@link #score}), and
 * sort with {@link #bestFirst()}.
 */
public final class VectorScores {

    private static final Comparator<VectorMatch> BEST_FIRST = (a, b) -> {
        // Adding 0.0 turns -0.0 into 0.0, so a score computed as -0.0 ties with 0.0 instead of ranking below it.
        int c = Double.compare(b.score() + 0.0, a.score() + 0.0);
        return c != 0 ? c : compareIds(a.record().id(), b.record().id());
    };

    private VectorScores() {
    }

    /**
     * Checks the dimension count of a collection: from 1 to {@value VectorStore#MAX_DIMENSIONS}.
     *
     * @param dimensions the number of components every vector of the collection has
     * @return the same number
     * @throws IllegalArgumentException if it is out of range
     */
    public static int requireDimensions(int dimensions) {
        if (dimensions < 1 || dimensions > VectorStore.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimensions must be between 1 and " + VectorStore.MAX_DIMENSIONS
                    + ", got " + dimensions);
        }
        return dimensions;
    }

    /**
     * Checks a vector on its own: not null, 1 to {@value VectorStore#MAX_DIMENSIONS} components,
     * none of them NaN or infinite.
     *
     * @param vector the vector
     * @param what what the vector is, for the message (such as {@code "query vector"})
     * @return the same array (not a copy)
     * @throws IllegalArgumentException naming the problem and, for a bad component, its index
     */
    public static float[] requireFinite(float @Nullable [] vector, String what) {
        if (vector == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (vector.length == 0 || vector.length > VectorStore.MAX_DIMENSIONS) {
            throw new IllegalArgumentException(what + " must have between 1 and " + VectorStore.MAX_DIMENSIONS
                    + " components, got " + vector.length);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException(what + " has a non-finite component " + vector[i]
                        + " at index " + i + "; every component must be a finite number");
            }
        }
        return vector;
    }

    /**
     * Checks a vector against a collection: {@link #requireFinite finite}, exactly
     * {@code dimensions} components, and not the zero vector when the metric is
     * {@link Metric#COSINE} (a zero vector has no direction, so its cosine is undefined).
     *
     * @param vector the vector
     * @param dimensions the collection's dimensions
     * @param metric the collection's metric
     * @param what what the vector is, for the message (such as {@code "vector of record \"a\""})
     * @return the same array (not a copy)
     * @throws IllegalArgumentException naming the problem; for a wrong length, both lengths
     */
    public static float[] requireVector(float @Nullable [] vector, int dimensions, Metric metric, String what) {
        requireFinite(vector, what);
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions but the collection has "
                    + dimensions);
        }
        if (metric == Metric.COSINE && squaredNorm(vector) == 0.0) {
            throw new IllegalArgumentException(what + " is the zero vector, which has no cosine similarity;"
                    + " COSINE collections need at least one non-zero component");
        }
        return vector;
    }

    /**
     * Computes the score of a stored vector for a query vector under a metric, in double
     * precision, exactly as the {@linkplain Metric score contract} defines it.
     *
     * @param metric the metric
     * @param query the query vector
     * @param stored the stored vector, of the same length
     * @return the score; higher is better
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double score(Metric metric, float[] query, float[] stored) {
        switch (metric) {
            case COSINE:
                return cosine(query, stored);
            case DOT:
                return dot(query, stored);
            case EUCLIDEAN:
                return negativeEuclidean(query, stored);
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * Computes the dot product {@code a·b} in double precision.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the dot product
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double dot(float[] a, float[] b) {
        sameLength(a, b);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /**
     * Computes the cosine similarity {@code a·b / (|a| |b|)} in double precision, clamped to
     * {@code [-1, 1]} against rounding.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the similarity, or {@code 0} when either vector is the zero vector (which validated
     *     COSINE collections never hold)
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        sameLength(a, b);
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0.0 || nb == 0.0) {
            return 0.0;
        }
        double cos = dot / (Math.sqrt(na) * Math.sqrt(nb));
        return Math.max(-1.0, Math.min(1.0, cos));
    }

    /**
     * Computes the EUCLIDEAN score: the negative L2 distance {@code -|a - b|} in double precision.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the negated distance; {@code 0.0} (never {@code -0.0}) for identical vectors
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double negativeEuclidean(float[] a, float[] b) {
        sameLength(a, b);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return 0.0 - Math.sqrt(sum);
    }

    /**
     * Converts a distance, in the convention of hnswlib and most HNSW libraries, to the score of
     * the contract.
     *
     * <p>The distances are: COSINE {@code 1 - cosine similarity}; DOT {@code 1 - dot product};
     * EUCLIDEAN the L2 distance (not its square). Lower distance is better; the score is the
     * inverse, so higher is better.
     *
     * @param metric the metric
     * @param distance the distance in that convention
     * @return the score
     */
    public static double scoreFromDistance(Metric metric, double distance) {
        switch (metric) {
            case COSINE:
                return Math.max(-1.0, Math.min(1.0, 1.0 - distance));
            case DOT:
                return 1.0 - distance;
            case EUCLIDEAN:
                return 0.0 - distance;
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * Converts a score to a distance in the convention of {@link #scoreFromDistance}, for example to
     * turn a {@code minScore} into a distance bound.
     *
     * @param metric the metric
     * @param score a score of the contract
     * @return the distance
     */
    public static double distanceFromScore(Metric metric, double score) {
        switch (metric) {
            case COSINE:
            case DOT:
                return 1.0 - score;
            case EUCLIDEAN:
                return 0.0 - score;
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * Returns the order of search results: score descending, ties broken by id ascending (in
     * {@linkplain #compareIds id order}).
     *
     * @return the comparator
     */
    public static Comparator<VectorMatch> bestFirst() {
        return BEST_FIRST;
    }

    /**
     * Compares two record ids by Unicode code point, the order of {@code scan()}, of filter-only
     * results and of ties; it is also the byte order of their UTF-8 encoding (PostgreSQL's
     * {@code COLLATE "C"}).
     *
     * @param a an id
     * @param b an id
     * @return negative, zero or positive
     */
    public static int compareIds(String a, String b) {
        return DocumentValues.compare(a, b);
    }

    private static double squaredNorm(float[] v) {
        double sum = 0.0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return sum;
    }

    private static void sameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors have different lengths: " + a.length + " and " + b.length);
        }
    }
}
