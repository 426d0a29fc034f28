package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The graph's distances, single-precision and to bfloat16 copies, at offsets into pages, and their early stop. */
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

    @Test
    @DisplayName("bfloat16 rounds to nearest even, within 2^-8 of each value, and never to infinity")
    void bfloat16RoundTrip() {
        Random random = new Random(5);
        for (int trial = 0; trial < 100_000; trial++) {
            float x = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(61) - 30));
            float back = HnswDistances.fromBfloat16(HnswDistances.toBfloat16(x));
            assertThat((double) Math.abs(back - x)).as("round trip of %s", x).isLessThanOrEqualTo(Math.abs(x) / 256.0);
            // No other bfloat16 is nearer: its neighbours one unit in the last place either way.
            short b = HnswDistances.toBfloat16(x);
            float up = HnswDistances.fromBfloat16((short) (b + 1));
            float down = HnswDistances.fromBfloat16((short) (b - 1));
            assertThat(Math.abs(back - x)).isLessThanOrEqualTo(Math.abs(up - x));
            assertThat(Math.abs(back - x)).isLessThanOrEqualTo(Math.abs(down - x));
        }
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even one, 1.
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(1f + 0x1p-8f))).isEqualTo(1f);
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(1f + 0x1p-7f + 0x1p-8f))).isEqualTo(1f + 0x1p-6f);
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(-2.5f))).isEqualTo(-2.5f);
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(0f))).isEqualTo(0f);
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(Float.MAX_VALUE))).isFinite().isGreaterThan(3e38f);
        assertThat(HnswDistances.fromBfloat16(HnswDistances.toBfloat16(-Float.MAX_VALUE))).isFinite().isLessThan(-3e38f);
    }

    @Test
    @DisplayName("distances to bfloat16 copies stay within the rounding bound of the single-precision ones")
    void bfloat16DistancesWithinTheRoundingBound() {
        Random random = new Random(6);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(200);
            float[] a = gaussian(random, n);
            float[] b = gaussian(random, n);
            int offset = random.nextInt(7);
            short[] page = new short[offset + n + 3];
            HnswDistances.toBfloat16(b, page, offset);
            float[] rounded = new float[n];
            double normB = 0;
            double absDot = 0;
            for (int i = 0; i < n; i++) {
                rounded[i] = HnswDistances.fromBfloat16(page[offset + i]);
                normB += (double) b[i] * b[i];
                absDot += Math.abs((double) a[i] * b[i]);
            }
            // |b' - b| <= 2^-8 |b| component by component, so the L2 distance moves by at most
            // 2^-8 |b| and the dot product by at most 2^-8 sum |a_i b_i|.
            double l2 = Math.sqrt(HnswDistances.EUCLIDEAN.distance(a, b));
            double l2Bf = Math.sqrt(HnswDistances.EUCLIDEAN.distance(a, 0, page, offset, n));
            assertThat(l2Bf).isCloseTo(l2, within(Math.sqrt(normB) / 256 + 1e-4 * (1 + l2)));
            float dot = HnswDistances.DOT.distance(a, b);
            float dotBf = HnswDistances.DOT.distance(a, 0, page, offset, n);
            assertThat((double) dotBf).isCloseTo(dot, within(absDot / 256 + 1e-4 * (1 + Math.abs(dot))));
            // Against the rounded floats they are the single-precision functions themselves.
            for (HnswDistances d : HnswDistances.values()) {
                assertThat(d.distance(a, 0, page, offset, n)).isEqualTo(d.distance(a, rounded));
                short[] own = new short[n];
                HnswDistances.toBfloat16(a, own, 0);
                float[] ownRounded = new float[n];
                for (int i = 0; i < n; i++) {
                    ownRounded[i] = HnswDistances.fromBfloat16(own[i]);
                }
                assertThat(d.distance(own, 0, page, offset, n)).isEqualTo(d.distance(ownRounded, rounded));
                float full = d.distance(a, 0, page, offset, n);
                float bound = (float) (full * (0.5 + random.nextDouble()));
                float below = d.distanceBelow(a, 0, page, offset, n, bound);
                if (full < bound) {
                    assertThat(below).isEqualTo(full);
                } else {
                    assertThat(below).isGreaterThanOrEqualTo(bound);
                }
            }
        }
    }

    @Test
    @DisplayName("exact distances need no unit vector for COSINE and are the plain ones otherwise")
    void exactDistances() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(200);
            float[] a = gaussian(random, n);
            float[] b = gaussian(random, n);
            float[] unitA = HnswDistances.COSINE.indexVector(a);
            assertThat((double) HnswDistances.COSINE.exact(unitA, b))
                    .isCloseTo(HnswDistances.COSINE.distance(unitA, HnswDistances.COSINE.indexVector(b)), within(1e-5));
            assertThat(HnswDistances.EUCLIDEAN.exact(a, b)).isEqualTo(HnswDistances.EUCLIDEAN.distance(a, b));
            assertThat(HnswDistances.DOT.exact(a, b)).isEqualTo(HnswDistances.DOT.distance(a, b));
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
