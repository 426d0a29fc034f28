package dev.polyglot.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VectorRecordTest {

    @Test
    @DisplayName("the vector is copied on the way in and on the way out")
    void defensiveVector() {
        float[] v = {1, 2};
        VectorRecord r = VectorRecord.of("a", v);
        v[0] = 9;
        r.vector()[1] = 9;
        assertThat(r.vector()).containsExactly(1f, 2f);
        assertThat(r.dimensions()).isEqualTo(2);
    }

    @Test
    @DisplayName("metadata is normalized, copied and unmodifiable at every depth")
    void metadata() {
        List<Object> tags = new ArrayList<>(List.of("x"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("tags", tags);
        nested.put("f", 2.5f);
        VectorRecord r = VectorRecord.of("a", new float[] {1}, Map.of("n", nested, "e", Metric.COSINE));
        tags.add("y");
        assertThat(r.metadata()).isEqualTo(Map.of("n", Map.of("tags", List.of("x"), "f", 2.5), "e", "COSINE"));
        assertThatThrownBy(() -> r.metadata().put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) r.metadata().get("n");
        assertThatThrownBy(() -> inner.put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> innerList = (List<Object>) inner.get("tags");
        assertThatThrownBy(() -> innerList.add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("equality compares vector content and metadata by value, ignoring key order and number types")
    void equality() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", List.of(2.0, new byte[] {1, 2}));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of(new BigDecimal("2.00"), new byte[] {1, 2}));
        ba.put("a", 1L);
        VectorRecord x = VectorRecord.of("id", new float[] {1, 2}, ab);
        VectorRecord y = VectorRecord.of("id", new float[] {1, 2}, ba);
        assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
        assertThat(x).isNotEqualTo(VectorRecord.of("id", new float[] {1, 3}, ab));
        assertThat(x).isNotEqualTo(VectorRecord.of("other", new float[] {1, 2}, ab));
        assertThat(x).isNotEqualTo(VectorRecord.of("id", new float[] {1, 2}, Map.of("a", 1)));
        assertThat(VectorRecord.of("id", new float[] {1}, Map.of("a", "1")))
                .isNotEqualTo(VectorRecord.of("id", new float[] {1}, Map.of("a", 1)));
    }

    @Test
    @DisplayName("toString shows the content and shortens long vectors")
    void describe() {
        assertThat(VectorRecord.of("a", new float[] {1, 2}, Map.of("k", "v")).toString())
                .isEqualTo("VectorRecord[id=a, vector=[1.0, 2.0], metadata={k=v}]");
        assertThat(VectorRecord.of("a", new float[1536]).toString()).contains("… (1536 components)").hasSizeLessThan(200);
    }

    @Test
    @DisplayName("bad ids, vectors and metadata are rejected")
    void validation() {
        assertThatThrownBy(() -> VectorRecord.of(" ", new float[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vector id");
        assertThatThrownBy(() -> VectorRecord.of("a", new float[] {Float.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a\"");
        assertThatThrownBy(() -> VectorRecord.of("a", new float[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorRecord.of("a", new float[] {1}, Map.of("x", Map.of("a.b", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.b");
        assertThatThrownBy(() -> new VectorRecord("a", new float[] {1}, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
