package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The graph's single-precision distances, at offsets into pages, and their early stop. */
class HnswDistancesTest {

    @Test
    @DisplayName("each distance agrees with a double-precision computation, at any offset and length")
    void agreeWithDoublePrecision() {
        Random random = new Random(3);
        for (int n : new int[] {1, 3, 4, 31, 32, 33, 64, 100, 128}) {
            float[] a = new float[n];
            float[] page = new float[3 * n + 5];
            for (int i = 0; i < n; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < page.length; i++) {
                page[i] = (float) random.nextGaussian();
            }
            float[] unitA = HnswDistances.COSINE.indexVector(a);
            int offset = n + 5;
            float[] b = java.util.Arrays.copyOfRange(page, offset, offset + n);
            float[] unitB = HnswDistances.COSINE.indexVector(b);
            double l2 = 0;
            double dot = 0;
            double cos = 0;
            for (int i = 0; i < n; i++) {
                l2 += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
                dot += a[i] * (double) b[i];
                cos += unitA[i] * (double) unitB[i];
            }
            assertThat((double) HnswDistances.EUCLIDEAN.distance(a, 0, page, offset, n)).isCloseTo(l2, within(1e-4 * (1 + l2)));
            assertThat((double) HnswDistances.DOT.distance(a, 0, page, offset, n)).isCloseTo(-dot, within(1e-4 * (1 + Math.abs(dot))));
            assertThat((double) HnswDistances.COSINE.distance(unitA, unitB)).isCloseTo(1 - cos, within(1e-5));
        }
    }

    @Test
    @DisplayName("distanceBelow is the exact distance under the bound and at least the bound otherwise")
    void distanceBelowStopsOnlyPastTheBound() {
        Random random = new Random(4);
        for (HnswDistances d : HnswDistances.values()) {
            for (int trial = 0; trial < 200; trial++) {
                int n = 1 + random.nextInt(200);
                float[] a = d.indexVector(gaussian(random, n));
                float[] b = d.indexVector(gaussian(random, n));
                float full = d.distance(a, b);
                float bound = (float) (full * (0.5 + random.nextDouble()));
                float below = d.distanceBelow(a, 0, b, 0, n, bound);
                if (full < bound) {
                    assertThat(below).isEqualTo(full);
                } else {
                    assertThat(below).isGreaterThanOrEqualTo(bound);
                }
                assertThat(d.distanceBelow(a, 0, b, 0, n, Float.POSITIVE_INFINITY)).isEqualTo(full);
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
