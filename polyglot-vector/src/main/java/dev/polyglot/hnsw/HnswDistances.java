package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;

/**
 * The graph's distance functions, one per {@link Metric}, in single precision: they only rank
 * candidates, whose final scores {@link dev.polyglot.spi.VectorScores} computes in double
 * precision from the stored components.
 *
 * <p>The graph keeps its copy of each vector in bfloat16 (the upper half of a float's bits,
 * rounded to nearest even), so a search reads half the bytes per distance; the query stays in
 * single precision ({@code float[]} against {@code short[]}), and the graph re-ranks its final
 * candidates with {@link #exact} on the stored components, so bfloat16's rounding only steers the
 * walk and never orders the results.
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
        float distance(float[] a, int aOffset, short[] b, int bOffset, int n) {
            return 0.5f * squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distance(short[] a, int aOffset, short[] b, int bOffset, int n) {
            return 0.5f * squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distanceBelow(float[] a, int aOffset, short[] b, int bOffset, int n, float bound) {
            return 0.5f * squaredL2Below(a, aOffset, b, bOffset, n, 2f * bound);
        }

        @Override
        float exact(float[] query, float[] components) {
            // 1 - q·c/|c| for a unit query: the distance to c's unit vector without building it.
            float dot = dot(query, 0, components, 0, query.length);
            float norm = dot(components, 0, components, 0, components.length);
            return 1f - (float) (dot / Math.sqrt(norm));
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

        @Override
        float distance(float[] a, int aOffset, short[] b, int bOffset, int n) {
            return -dot(a, aOffset, b, bOffset, n);
        }

        @Override
        float distance(short[] a, int aOffset, short[] b, int bOffset, int n) {
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
        float distance(float[] a, int aOffset, short[] b, int bOffset, int n) {
            return squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distance(short[] a, int aOffset, short[] b, int bOffset, int n) {
            return squaredL2(a, aOffset, b, bOffset, n);
        }

        @Override
        float distanceBelow(float[] a, int aOffset, short[] b, int bOffset, int n, float bound) {
            return squaredL2Below(a, aOffset, b, bOffset, n, bound);
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

    /** The distance from a single-precision {@code a} to a bfloat16 {@code b}. */
    abstract float distance(float[] a, int aOffset, short[] b, int bOffset, int n);

    /** The distance between two bfloat16 vectors, as the graph's construction compares its nodes. */
    abstract float distance(short[] a, int aOffset, short[] b, int bOffset, int n);

    /** {@link #distanceBelow(float[], int, float[], int, int, float)} to a bfloat16 {@code b}. */
    float distanceBelow(float[] a, int aOffset, short[] b, int bOffset, int n, float bound) {
        return distance(a, aOffset, b, bOffset, n);
    }

    /**
     * The single-precision distance from a query's {@link #indexVector} to a record's stored
     * components (which for COSINE need not be unit length): what the graph re-ranks by.
     */
    float exact(float[] query, float[] components) {
        return distance(query, 0, components, 0, query.length);
    }

    /**
     * The bfloat16 nearest to {@code x} (ties to even): within {@code 2^-8 |x|} of it. A finite
     * value that would round up to infinity is truncated to the largest finite one instead.
     */
    static short toBfloat16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
        if ((rounded & 0x7F80) == 0x7F80 && (bits & 0x7F800000) != 0x7F800000) {
            rounded = bits >>> 16;
        }
        return (short) rounded;
    }

    /** The float a bfloat16 stands for (exactly). */
    static float fromBfloat16(short b) {
        // The sign extension of b is shifted out.
        return Float.intBitsToFloat(b << 16);
    }

    /** Writes {@code v} as bfloat16 into {@code out} from {@code offset}. */
    static void toBfloat16(float[] v, short[] out, int offset) {
        for (int i = 0; i < v.length; i++) {
            out[offset + i] = toBfloat16(v[i]);
        }
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
        // The same partial sums in the same order with or without a bound, so that below the
        // bound squaredL2Below and squaredL2 (which is it without one) give the same float.
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
        return squaredL2Below(a, ao, b, bo, n, Float.POSITIVE_INFINITY);
    }

    static float dot(float[] a, int ao, short[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 = Math.fma(a[ao + i], Float.intBitsToFloat(b[bo + i] << 16), s0);
            s1 = Math.fma(a[ao + i + 1], Float.intBitsToFloat(b[bo + i + 1] << 16), s1);
            s2 = Math.fma(a[ao + i + 2], Float.intBitsToFloat(b[bo + i + 2] << 16), s2);
            s3 = Math.fma(a[ao + i + 3], Float.intBitsToFloat(b[bo + i + 3] << 16), s3);
        }
        for (; i < n; i++) {
            s0 = Math.fma(a[ao + i], Float.intBitsToFloat(b[bo + i] << 16), s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float dot(short[] a, int ao, short[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 = Math.fma(Float.intBitsToFloat(a[ao + i] << 16), Float.intBitsToFloat(b[bo + i] << 16), s0);
            s1 = Math.fma(Float.intBitsToFloat(a[ao + i + 1] << 16), Float.intBitsToFloat(b[bo + i + 1] << 16), s1);
            s2 = Math.fma(Float.intBitsToFloat(a[ao + i + 2] << 16), Float.intBitsToFloat(b[bo + i + 2] << 16), s2);
            s3 = Math.fma(Float.intBitsToFloat(a[ao + i + 3] << 16), Float.intBitsToFloat(b[bo + i + 3] << 16), s3);
        }
        for (; i < n; i++) {
            s0 = Math.fma(Float.intBitsToFloat(a[ao + i] << 16), Float.intBitsToFloat(b[bo + i] << 16), s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredL2(float[] a, int ao, short[] b, int bo, int n) {
        return squaredL2Below(a, ao, b, bo, n, Float.POSITIVE_INFINITY);
    }

    static float squaredL2Below(float[] a, int ao, short[] b, int bo, int n, float bound) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        while (i + BLOCK <= n) {
            for (int end = i + BLOCK; i < end; i += 4) {
                float d0 = a[ao + i] - Float.intBitsToFloat(b[bo + i] << 16);
                float d1 = a[ao + i + 1] - Float.intBitsToFloat(b[bo + i + 1] << 16);
                float d2 = a[ao + i + 2] - Float.intBitsToFloat(b[bo + i + 2] << 16);
                float d3 = a[ao + i + 3] - Float.intBitsToFloat(b[bo + i + 3] << 16);
                s0 = Math.fma(d0, d0, s0);
                s1 = Math.fma(d1, d1, s1);
                s2 = Math.fma(d2, d2, s2);
                s3 = Math.fma(d3, d3, s3);
            }
            float partial = (s0 + s1) + (s2 + s3);
            if (partial >= bound) {
                return partial;
            }
        }
        for (; i + 3 < n; i += 4) {
            float d0 = a[ao + i] - Float.intBitsToFloat(b[bo + i] << 16);
            float d1 = a[ao + i + 1] - Float.intBitsToFloat(b[bo + i + 1] << 16);
            float d2 = a[ao + i + 2] - Float.intBitsToFloat(b[bo + i + 2] << 16);
            float d3 = a[ao + i + 3] - Float.intBitsToFloat(b[bo + i + 3] << 16);
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        for (; i < n; i++) {
            float d = a[ao + i] - Float.intBitsToFloat(b[bo + i] << 16);
            s0 = Math.fma(d, d, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squaredL2(short[] a, int ao, short[] b, int bo, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float d0 = Float.intBitsToFloat(a[ao + i] << 16) - Float.intBitsToFloat(b[bo + i] << 16);
            float d1 = Float.intBitsToFloat(a[ao + i + 1] << 16) - Float.intBitsToFloat(b[bo + i + 1] << 16);
            float d2 = Float.intBitsToFloat(a[ao + i + 2] << 16) - Float.intBitsToFloat(b[bo + i + 2] << 16);
            float d3 = Float.intBitsToFloat(a[ao + i + 3] << 16) - Float.intBitsToFloat(b[bo + i + 3] << 16);
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
        }
        for (; i < n; i++) {
            float d = Float.intBitsToFloat(a[ao + i] << 16) - Float.intBitsToFloat(b[bo + i] << 16);
            s0 = Math.fma(d, d, s0);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
