package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VectorScoresTest {

    private static final float[] Q = {1, 2, 2};

    @Test
    @DisplayName("scores follow the contract of each metric")
    void scores() {
        float[] b = {0, 3, 4};
        assertThat(VectorScores.score(Metric.DOT, Q, b)).isEqualTo(14.0);
        assertThat(VectorScores.score(Metric.COSINE, Q, b)).isCloseTo(14.0 / 15.0, within(1e-12));
        assertThat(VectorScores.score(Metric.EUCLIDEAN, Q, b)).isCloseTo(-Math.sqrt(6), within(1e-12));
        assertThat(VectorScores.dot(Q, b)).isEqualTo(14.0);
        assertThat(VectorScores.cosine(Q, new float[] {-2, -4, -4})).isEqualTo(-1.0);
        assertThat(VectorScores.negativeEuclidean(Q, new float[] {1, 2, 6})).isEqualTo(-4.0);
    }

    @Test
    @DisplayName("an identical vector scores +0.0 under EUCLIDEAN, never -0.0")
    void positiveZero() {
        double s = VectorScores.negativeEuclidean(Q, Q.clone());
        assertThat(Double.doubleToRawLongBits(s)).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(VectorScores.scoreFromDistance(Metric.EUCLIDEAN, 0.0)))
                .isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    @DisplayName("cosine is clamped to [-1, 1] and is 0 for a zero vector")
    void cosineEdges() {
        float[] v = {0.1f, 0.7f, 0.3f};
        assertThat(VectorScores.cosine(v, v.clone())).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-12));
        assertThat(VectorScores.cosine(v, new float[3])).isZero();
    }

    @Test
    @DisplayName("double precision keeps tiny and huge components exact enough")
    void precision() {
        float[] tiny = {1e-30f, 1e-30f};
        assertThat(VectorScores.cosine(tiny, tiny.clone())).isCloseTo(1.0, within(1e-12));
        float[] huge = {3e38f, 3e38f};
        assertThat(VectorScores.dot(huge, huge)).isCloseTo(2.0 * huge[0] * (double) huge[0], within(1e62));
        assertThat(Double.isFinite(VectorScores.negativeEuclidean(huge, new float[] {-3e38f, -3e38f}))).isTrue();
    }

    @Test
    @DisplayName("distances convert to scores and back in the hnswlib convention")
    void distances() {
        for (Metric m : Metric.values()) {
            for (double score : new double[] {-1.0, -0.25, 0.0, 0.5, 1.0}) {
                double distance = VectorScores.distanceFromScore(m, score);
                assertThat(VectorScores.scoreFromDistance(m, distance)).as("%s %s", m, score).isCloseTo(score, within(1e-12));
            }
        }
        assertThat(VectorScores.scoreFromDistance(Metric.COSINE, 0.2)).isCloseTo(0.8, within(1e-12));
        assertThat(VectorScores.scoreFromDistance(Metric.COSINE, 2.5)).isEqualTo(-1.0);
        assertThat(VectorScores.scoreFromDistance(Metric.DOT, -13)).isEqualTo(14.0);
        assertThat(VectorScores.scoreFromDistance(Metric.EUCLIDEAN, 3)).isEqualTo(-3.0);
    }

    @Test
    @DisplayName("vectors are validated for length, finiteness and, for COSINE, direction")
    void validation() {
        assertThat(VectorScores.requireVector(Q, 3, Metric.COSINE, "v")).isSameAs(Q);
        assertThatThrownBy(() -> VectorScores.requireVector(null, 3, Metric.DOT, "query vector"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query vector");
        assertThatThrownBy(() -> VectorScores.requireVector(new float[] {1, 2}, 3, Metric.DOT, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 dimensions").hasMessageContaining("3");
        assertThatThrownBy(() -> VectorScores.requireVector(new float[] {1, Float.NaN, 2}, 3, Metric.DOT, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> VectorScores.requireFinite(new float[] {Float.NEGATIVE_INFINITY}, "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorScores.requireFinite(new float[0], "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorScores.requireVector(new float[3], 3, Metric.COSINE, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
        assertThat(VectorScores.requireVector(new float[3], 3, Metric.DOT, "v")).hasSize(3);
        assertThat(VectorScores.requireVector(new float[] {-0.0f, 1e-40f}, 2, Metric.COSINE, "subnormal")).hasSize(2);
        assertThatThrownBy(() -> VectorScores.requireDimensions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorScores.requireDimensions(VectorStore.MAX_DIMENSIONS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VectorScores.requireDimensions(VectorStore.MAX_DIMENSIONS)).isEqualTo(VectorStore.MAX_DIMENSIONS);
        assertThatThrownBy(() -> VectorScores.dot(new float[2], new float[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("matches sort by score descending, then id by code point, with -0.0 tying 0.0")
    void order() {
        float[] v = {1};
        List<VectorMatch> matches = new ArrayList<>(List.of(
                new VectorMatch(VectorRecord.of("b", v), 0.0),
                new VectorMatch(VectorRecord.of("\uD83D\uDE00", v), 1.0),
                new VectorMatch(VectorRecord.of("\uFFFD", v), 1.0),
                new VectorMatch(VectorRecord.of("a", v), -0.0),
                new VectorMatch(VectorRecord.of("z", v), 2.5)));
        matches.sort(VectorScores.bestFirst());
        assertThat(matches).extracting(VectorMatch::id).containsExactly("z", "\uFFFD", "\uD83D\uDE00", "a", "b");
        assertThat(VectorScores.compareIds("a", "b")).isNegative();
        assertThat(VectorScores.compareIds("\uFFFD", "\uD83D\uDE00")).isNegative();
    }
}
