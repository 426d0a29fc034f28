package dev.polyglot.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoredDocumentTest {

    @Test
    @DisplayName("a stored document validates its id and revision and maps its value")
    void storedDocument() {
        StoredDocument<String> doc = new StoredDocument<>("a", 2, "v");
        assertThat(doc.map(String::length)).isEqualTo(new StoredDocument<>("a", 2, 1));
        assertThatThrownBy(() -> new StoredDocument<>(" ", 1, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredDocument<>("a", 0, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredDocument<>("a", 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("the tree codec copies documents both ways and rejects what is not a document")
    void treeCodec() {
        DocumentTreeCodec codec = DocumentTreeCodec.INSTANCE;
        List<Object> list = new ArrayList<>(List.of(1));
        Map<String, @Nullable Object> original = new LinkedHashMap<>();
        original.put("l", list);
        original.put("t", Instant.EPOCH);
        Object encoded = codec.encode(original);
        list.add(2);
        assertThat(encoded).isEqualTo(Map.of("l", List.of(1), "t", Instant.EPOCH));
        Map<String, @Nullable Object> decoded = codec.decode(encoded);
        decoded.put("extra", 1);
        assertThat(encoded).isEqualTo(Map.of("l", List.of(1), "t", Instant.EPOCH));
        assertThatThrownBy(() -> codec.decode("s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.encode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(codec.type()).isEqualTo(Map.class);
        byte[] json = codec.toJson(Map.of("a", 1));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(codec.fromJson(json)).isEqualTo(Map.of("a", 1));
    }
}
