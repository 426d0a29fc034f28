package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;

/**
 * The graph's distance functions, one per {@link Metric}, in single precision: they only rank
 * candidates, whose final scores {@link dev.polyglot.spi.VectorScores} computes in double
 * precision from the stored components.
 *
 * <p>The graph keeps its vectors back to back in large arrays, so the functions take an array and
 * an offset for each side. The loops keep four independent partial sums, each advanced by one
 * {@link Math#fma} per component: a single running float sum is a chain of dependent additions
 * the JIT may not reorder (Java 17 does not vectorize it), four chains let the CPU overlap them,
 * and a fused multiply-add does in one instruction what a multiply and an add do in two. The
 * README's benchmark notes have the measurements behind these choices.
 */
enum HnswDistances {
    /**
     * {@code 1 - a·b} of unit vectors (the collection normalizes every vector it indexes),
     * computed as {@code |a - b|² / 2}, which is the same for unit vectors and can stop early.
     */
    COSINE {
        @Override
        float distance(float[] a, int aOffset, float[] b, int bOffset, int n) {
            return 0.5f * squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distanceBelow(float[] a, int aOffset, float[] b, int bOffset, int n, float bound) {
            return 0.5f * squaredL2Below(a, aOffset, b, bOffset, n, 2f * bound);
        }
    },
    /** {@code -a·b}: a larger dot product is a smaller distance. */
    DOT {
        @Override
        float distance(float[] a, int aOffset, float[] b, int bOffset, int n) {
            return -dot(a, aOffset, b, bOffset, n);
        }
    },
    /** The squared L2 distance, which ranks like the distance without a square root. */
    EUCLIDEAN {
        @Override
        float distance(float[] a, int aOffset, float[] b, int bOffset, int n) {
            return squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distanceBelow(float[] a, int aOffset, float[] b, int bOffset, int n, float bound) {
            return squaredL2Below(a, aOffset, b, bOffset, n, bound);
        }
    };

    /** Components summed between two checks of {@link #squaredL2Below} against its bound. */
    private static final int BLOCK = 32;

    /**
     * The distance between {@code n} components of {@code a} from {@code aOffset} and of
     * {@code b} from {@code bOffset}: smaller is nearer.
     */
    abstract float distance(float[] a, int aOffset, float[] b, int bOffset, int n);

    /**
     * The distance if it is below {@code bound}, otherwise some value at least {@code bound}: a
     * search only needs the distances of nodes nearer than its farthest result. A sum of squares
     * only grows, so the squared L2 distance stops once its partial sum reaches the bound; that
     * is exact, not an approximation. (A dot product can still shrink, so DOT computes it all.)
     */
    float distanceBelow(float[] a, int aOffset, float[] b, int bOffset, int n, float bound) {
        return distance(a, aOffset, b, bOffset, n);
    }

    /** The distance between two whole vectors of the same length. */
    float distance(float[] a, float[] b) {
        return distance(a, 0, b, 0, a.length);
    }

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

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 = Math.fma(a[ao + i], b[bo + i], s0);
            s1 = Math.fma(a[ao + i + 1], b[bo + i + 1], s1);
            s2 = Math.fma(a[ao + i + 2], b[bo + i + 2], s2);
            s3 = Math.fma(a[ao + i + 3], b[bo + i + 3], s3);
        }
        for (; i < n; i++) {
            s0 = Math.fma(a[ao + i], b[bo + i], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredL2Below(float[] a, int ao, float[] b, int bo, int n, float bound) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        while (i + BLOCK <= n) {
            for (int end = i + BLOCK; i < end; i += 4) {
                float d0 = a[ao + i] - b[bo + i];
                float d1 = a[ao + i + 1] - b[bo + i + 1];
                float d2 = a[ao + i + 2] - b[bo + i + 2];
                float d3 = a[ao + i + 3] - b[bo + i + 3];
                s0 = Math.fma(d0, d0, s0);
                s1 = Math.fma(d1, d1, s1);
                s2 = Math.fma(d2, d2, s2);
                s3 = Math.fma(d3, d3, s3);
            }
            // Each partial sum only grows (fma of a square rounds monotonically), so neither does this one.
            float partial = (s0 + s1) + (s2 + s3);
            if (partial >= bound) {
                return partial;
            }
        }
        // The rest exactly as squaredL2 does it, so that below the bound both give the same float.
        for (; i + 3 < n; i += 4) {
            float d0 = a[ao + i] - b[bo + i];
            float d1 = a[ao + i + 1] - b[bo + i + 1];
            float d2 = a[ao + i + 2] - b[bo + i + 2];
            float d3 = a[ao + i + 3] - b[bo + i + 3];
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        for (; i < n; i++) {
            float d = a[ao + i] - b[bo + i];
            s0 = Math.fma(d, d, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredL2(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float d0 = a[ao + i] - b[bo + i];
            float d1 = a[ao + i + 1] - b[bo + i + 1];
            float d2 = a[ao + i + 2] - b[bo + i + 2];
            float d3 = a[ao + i + 3] - b[bo + i + 3];
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        for (; i < n; i++) {
            float d = a[ao + i] - b[bo + i];
            s0 = Math.fma(d, d, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
