package dev.polyglot.vector;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.VectorScores;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A search of a {@link VectorCollection}: the {@code k} records nearest to a vector, optionally
 * only those whose metadata matches a filter and whose score reaches a minimum; or, without a
 * vector, up to {@code k} records matching a filter.
 *
 * <p>Build it from {@link #nearest} or {@link #filterOnly} and refine it with the {@code with…}
 * methods, or use {@link #builder()}:
 * <pre>{@code
 * VectorQuery q = VectorQuery.nearest(embedding, 10)
 *         .withFilter(Filter.eq("lang", "en"))
 *         .withMinScore(0.75);
 * }</pre>
 *
 * @param vector the query vector (copied), or null for a filter-only query; the collection checks
 *     its length and, for COSINE, that it is not the zero vector
 * @param k how many matches at most, from 1 to {@value #MAX_K}
 * @param filter the condition on record metadata, or null for none; a filter-only query must have
 *     one (use {@link Filter#all()} to list every record)
 * @param minScore the lowest score a match may have (inclusive), or null for no minimum; only with
 *     a vector, since filter-only matches carry no real score
 * @param searchEffort a hint for approximate indexes: how many candidates to examine per search,
 *     such as HNSW's {@code ef} (adapters examine at least {@code k}); larger means better recall
 *     and slower searches. Null means the adapter's default. Exact adapters ignore it, because
 *     their results are always exact. From 1 to {@value #MAX_SEARCH_EFFORT}
 */
public record VectorQuery(float @Nullable [] vector, int k, @Nullable Filter filter, @Nullable Double minScore,
        @Nullable Integer searchEffort) {

    /** The largest {@code k} a query may ask for. */
    public static final int MAX_K = 10_000;
    /** The largest {@code searchEffort} a query may give. */
    public static final int MAX_SEARCH_EFFORT = 100_000;

    /**
     * Validates and copies the components. * @throws IllegalArgumentException for NaN or infinite vector components, {@code k} out of range, a query with neither vector nor filter, a non-finite {@code minScore} or one without a vector, or a {@code searchEffort} out of range
     *
     * @param vector the query vector (copied), or null for a filter-only query; the collection checks its length and, for COSINE, that it is not the zero vector
     * @param k how many matches at most, from 1 to {@value #MAX_K}
     * @param filter the condition on record metadata, or null for none; a filter-only query must have one (use {@link Filter#all()} to list every record)
     * @param minScore the lowest score a match may have (inclusive), or null for no minimum; only with a vector, since filter-only matches carry no real score
     * @param searchEffort a hint for approximate indexes: how many candidates to examine per search, such as HNSW's {@code ef} (adapters examine at least {@code k}); larger means better recall and slower searches. Null means the adapter's default. Exact adapters ignore it, because their results are always exact. From 1 to {@value #MAX_SEARCH_EFFORT}
     */
    public VectorQuery {
        if (vector != null) {
            vector = VectorScores.requireFinite(vector, "query vector").clone();
        } else if (filter == null) {
            throw new IllegalArgumentException("a vector query needs a vector, a filter or both;"
                    + " use Filter.all() to list every record");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        if (minScore != null) {
            if (!Double.isFinite(minScore)) {
                throw new IllegalArgumentException("minScore must be a finite number, got " + minScore);
            }
            if (vector == null) {
                throw new IllegalArgumentException("minScore needs a query vector: filter-only matches have no score");
            }
        }
        if (searchEffort != null && (searchEffort < 1 || searchEffort > MAX_SEARCH_EFFORT)) {
            throw new IllegalArgumentException("searchEffort must be between 1 and " + MAX_SEARCH_EFFORT
                    + ", got " + searchEffort);
        }
    }

    /**
     * Creates a query for the {@code k} records nearest to a vector.
     *
     * @param vector the query vector (copied)
     * @param k how many matches at most
     * @return the query
     * @throws IllegalArgumentException for a null, empty or non-finite vector or {@code k} out of
     *     range
     */
    public static VectorQuery nearest(float[] vector, int k) {
        if (vector == null) {
            throw new IllegalArgumentException("query vector must not be null; use filterOnly for a query without one");
        }
        return new VectorQuery(vector, k, null, null, null);
    }

    /**
     * Creates a query for up to {@code k} records whose metadata matches a filter, in id order,
     * without a vector.
     *
     * @param filter the condition; {@link Filter#all()} matches every record
     * @param k how many records at most
     * @return the query
     * @throws IllegalArgumentException for a null filter or {@code k} out of range
     */
    public static VectorQuery filterOnly(Filter filter, int k) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        return new VectorQuery(null, k, filter, null, null);
    }

    /**
     * Starts a builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a copy of this query restricted to records whose metadata matches a filter.
     *
     * @param filter the condition, or null to remove it (only when there is a vector)
     * @return the new query
     * @throws IllegalArgumentException if the query would have neither vector nor filter
     */
    public VectorQuery withFilter(@Nullable Filter filter) {
        return new VectorQuery(vector, k, filter, minScore, searchEffort);
    }

    /**
     * Returns a copy of this query keeping only matches whose score is at least {@code minScore}.
     *
     * @param minScore the lowest score, inclusive, in the {@linkplain Metric score contract}
     * @return the new query
     * @throws IllegalArgumentException for a non-finite value or a query without a vector
     */
    public VectorQuery withMinScore(double minScore) {
        return new VectorQuery(vector, k, filter, minScore, searchEffort);
    }

    /**
     * Returns a copy of this query with a different {@code k}.
     *
     * @param k how many matches at most
     * @return the new query
     * @throws IllegalArgumentException for {@code k} out of range
     */
    public VectorQuery withK(int k) {
        return new VectorQuery(vector, k, filter, minScore, searchEffort);
    }

    /**
     * Returns a copy of this query with a search-effort hint for approximate indexes (HNSW's
     * {@code ef}); exact adapters ignore it.
     *
     * @param searchEffort candidates to examine per search
     * @return the new query
     * @throws IllegalArgumentException if it is out of range
     */
    public VectorQuery withSearchEffort(int searchEffort) {
        return new VectorQuery(vector, k, filter, minScore, searchEffort);
    }

    /**
     * Returns a copy of the query vector.
     *
     * @return the components, or null for a filter-only query
     */
    @Override
    public float @Nullable [] vector() {
        return vector == null ? null : vector.clone();
    }

    /**
     * Tells whether this query has no vector and lists matching records in id order.
     *
     * @return true for a filter-only query
     */
    public boolean isFilterOnly() {
        return vector == null;
    }

    /**
     * Tells whether another object is a query with the same components (vectors by content).
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof VectorQuery q && Arrays.equals(vector, q.vector) && k == q.k
                && Objects.equals(filter, q.filter) && Objects.equals(minScore, q.minScore)
                && Objects.equals(searchEffort, q.searchEffort);
    }

    /**
     * Returns a hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vector), k, filter, minScore, searchEffort);
    }

    /**
     * Describes the query, showing at most the first 16 components.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "VectorQuery[vector=" + (vector == null ? "null" : describe(vector)) + ", k=" + k + ", filter=" + filter
                + ", minScore=" + minScore + ", searchEffort=" + searchEffort + "]";
    }

    /** Shows a vector in a log line without printing thousands of components. */
    static String describe(float[] v) {
        if (v.length <= 16) {
            return Arrays.toString(v);
        }
        return Arrays.toString(Arrays.copyOf(v, 16)).replace("]", ", … (" + v.length + " components)]");
    }

    /** A mutable builder of {@link VectorQuery}; {@link #build()} validates. */
    public static final class Builder {
        private float @Nullable [] vector;
        private int k = 10;
        private @Nullable Filter filter;
        private @Nullable Double minScore;
        private @Nullable Integer searchEffort;

        private Builder() {
        }

        /**
         * Sets the query vector.
         *
         * @param vector the vector, or null for a filter-only query
         * @return this builder
         */
        public Builder vector(float @Nullable [] vector) {
            this.vector = vector == null ? null : vector.clone();
            return this;
        }

        /**
         * Sets how many matches at most (default 10).
         *
         * @param k from 1 to {@value VectorQuery#MAX_K}
         * @return this builder
         */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the metadata filter.
         *
         * @param filter the condition, or null for none
         * @return this builder
         */
        public Builder filter(@Nullable Filter filter) {
            this.filter = filter;
            return this;
        }

        /**
         * Sets the lowest score a match may have (inclusive).
         *
         * @param minScore the minimum, or null for none
         * @return this builder
         */
        public Builder minScore(@Nullable Double minScore) {
            this.minScore = minScore;
            return this;
        }

        /**
         * Sets the search-effort hint for approximate indexes.
         *
         * @param searchEffort candidates to examine, or null for the adapter's default
         * @return this builder
         */
        public Builder searchEffort(@Nullable Integer searchEffort) {
            this.searchEffort = searchEffort;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException as the canonical constructor does
         */
        public VectorQuery build() {
            return new VectorQuery(vector, k, filter, minScore, searchEffort);
        }
    }
}
