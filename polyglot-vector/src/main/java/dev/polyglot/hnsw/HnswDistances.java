package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;

/**
 * The graph's distance functions, one per {@link Metric}, in single precision: they only rank
 * candidates, whose final scores {@link dev.polyglot.spi.VectorScores} computes in double
 * precision from the stored components.
 *
 * <p>The loops keep eight independent partial sums: a single running float sum is a chain of
 * dependent additions the JIT may not reorder (so it does not vectorize it); eight chains let the
 * CPU overlap them. The README's benchmark notes say what this measured against hnswlib's own.
 */
enum HnswDistances {
    /** {@code 1 - a·b} of unit vectors: the collection normalizes every vector it indexes. */
    COSINE {
        @Override
        float distance(float[] a, float[] b) {
            return 1f - dot(a, b);
        }
    },
    /** {@code -a·b}: a larger dot product is a smaller distance. */
    DOT {
        @Override
        float distance(float[] a, float[] b) {
            return -dot(a, b);
        }
    },
    /** The squared L2 distance, which ranks like the distance without a square root. */
    EUCLIDEAN {
        @Override
        float distance(float[] a, float[] b) {
            return squaredL2(a, b);
        }
    };

    /** The distance between two vectors of the graph: smaller is nearer. */
    abstract float distance(float[] a, float[] b);

    static HnswDistances of(Metric metric) {
        return switch (metric) {
            case COSINE -> COSINE;
            case DOT -> DOT;
            case EUCLIDEAN -> EUCLIDEAN;
        };
    }

    /** Returns the vector the graph compares for a stored or query vector: unit length for COSINE. */
    float[] indexVector(float[] v) {
        if (this != COSINE) {
            return v;
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double inverse = 1.0 / Math.sqrt(sum);
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] * inverse);
        }
        return unit;
    }

    static float dot(float[] a, float[] b) {
        int n = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4];
            s5 += a[i + 5] * b[i + 5];
            s6 += a[i + 6] * b[i + 6];
            s7 += a[i + 7] * b[i + 7];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static float squaredL2(float[] a, float[] b) {
        int n = a.length;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            float d4 = a[i + 4] - b[i + 4];
            float d5 = a[i + 5] - b[i + 5];
            float d6 = a[i + 6] - b[i + 6];
            float d7 = a[i + 7] - b[i + 7];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
