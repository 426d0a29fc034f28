package dev.polyglot.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.query.Filter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VectorQueryTest {

    @Test
    @DisplayName("withers and the builder produce equal queries")
    void builders() {
        float[] v = {1, 2, 3};
        VectorQuery a = VectorQuery.nearest(v, 5).withFilter(Filter.eq("lang", "en")).withMinScore(0.5).withSearchEffort(64);
        VectorQuery b = VectorQuery.builder().vector(v).k(5).filter(Filter.eq("lang", "en")).minScore(0.5)
                .searchEffort(64).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.k()).isEqualTo(5);
        assertThat(a.minScore()).isEqualTo(0.5);
        assertThat(a.searchEffort()).isEqualTo(64);
        assertThat(a.isFilterOnly()).isFalse();
        assertThat(a.withK(7).k()).isEqualTo(7);
        assertThat(a.withFilter(null).filter()).isNull();
        assertThat(a.toString()).contains("k=5").contains("[1.0, 2.0, 3.0]");
    }

    @Test
    @DisplayName("the query vector is copied on the way in and on the way out")
    void defensive() {
        float[] v = {1, 2};
        VectorQuery q = VectorQuery.nearest(v, 1);
        v[0] = 7;
        q.vector()[1] = 7;
        assertThat(q.vector()).containsExactly(1f, 2f);
    }

    @Test
    @DisplayName("a filter-only query has no vector")
    void filterOnly() {
        VectorQuery q = VectorQuery.filterOnly(Filter.all(), 3);
        assertThat(q.isFilterOnly()).isTrue();
        assertThat(q.vector()).isNull();
        assertThatThrownBy(() -> q.withFilter(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.withMinScore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minScore");
    }

    @Test
    @DisplayName("k, minScore and searchEffort are range-checked")
    void ranges() {
        float[] v = {1};
        assertThatThrownBy(() -> VectorQuery.nearest(v, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> VectorQuery.nearest(v, VectorQuery.MAX_K + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(VectorQuery.nearest(v, VectorQuery.MAX_K).k()).isEqualTo(VectorQuery.MAX_K);
        assertThatThrownBy(() -> VectorQuery.nearest(v, 1).withMinScore(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorQuery.nearest(v, 1).withSearchEffort(VectorQuery.MAX_SEARCH_EFFORT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorQuery.nearest(new float[] {Float.NaN}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query vector");
        assertThatThrownBy(() -> VectorQuery.builder().build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a match rejects a non-finite score and exposes its record")
    void match() {
        VectorRecord r = VectorRecord.of("a", new float[] {1, 2});
        VectorMatch m = new VectorMatch(r, 0.25);
        assertThat(m.id()).isEqualTo("a");
        assertThat(m.vector()).containsExactly(1f, 2f);
        assertThat(m.metadata()).isEmpty();
        assertThatThrownBy(() -> new VectorMatch(r, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
