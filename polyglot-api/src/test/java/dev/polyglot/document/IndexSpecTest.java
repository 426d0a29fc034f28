package dev.polyglot.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IndexSpecTest {

    @Test
    @DisplayName("factories build plain, unique and TTL specs")
    void factories() {
        IndexSpec plain = IndexSpec.on("customer.id", "createdAt");
        assertThat(plain.paths()).containsExactly("customer.id", "createdAt");
        assertThat(plain.isUnique()).isFalse();
        assertThat(plain.isTtl()).isFalse();
        assertThat(plain.ttl()).isNull();
        assertThat(plain.name()).isEqualTo("customer.id_1_createdAt_1");
        IndexSpec unique = plain.unique();
        assertThat(unique.isUnique()).isTrue();
        assertThat(unique.paths()).isEqualTo(plain.paths());
        assertThat(unique.name()).isEqualTo(plain.name());
        IndexSpec ttl = IndexSpec.ttl("expiresAt", Duration.ofMinutes(5));
        assertThat(ttl.isTtl()).isTrue();
        assertThat(ttl.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ttl.unique().isTtl()).isTrue();
        assertThat(IndexSpec.on("a")).isEqualTo(IndexSpec.on("a"));
        assertThat(IndexSpec.on("a")).isNotEqualTo(IndexSpec.on("a").unique());
    }

    @Test
    @DisplayName("paths are copied, so changing the caller's list changes nothing")
    void copiesPaths() {
        List<String> paths = new ArrayList<>(List.of("a"));
        IndexSpec spec = new IndexSpec(paths, false, null);
        paths.add("b");
        assertThat(spec.paths()).containsExactly("a");
    }

    @Test
    @DisplayName("bad specs are rejected")
    void validation() {
        assertThatThrownBy(() -> IndexSpec.on()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.on((String[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.on("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.on("a", "b", "a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> IndexSpec.on("_id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.on("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexSpec(null, false, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.ttl("a", Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSpec.ttl("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexSpec(Arrays.asList("a", "b"), false, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("expiryOf adds the TTL to the instant, or to the earliest instant of an array")
    void expiry() {
        IndexSpec ttl = IndexSpec.ttl("at", Duration.ofSeconds(10));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(ttl.expiryOf(Map.of("at", t))).contains(t.plusSeconds(10));
        assertThat(ttl.expiryOf(Map.of("at", List.of(t.plusSeconds(5), t, "x")))).contains(t.plusSeconds(10));
        assertThat(ttl.expiryOf(Map.of("at", "2026-01-01T00:00:00Z"))).isEmpty();
        assertThat(ttl.expiryOf(Map.of())).isEmpty();
        assertThat(ttl.expiryOf(Map.of("at", List.of()))).isEmpty();
        assertThat(IndexSpec.on("at").expiryOf(Map.of("at", t))).isEmpty();
        assertThat(IndexSpec.ttl("at", Duration.ofSeconds(Long.MAX_VALUE)).expiryOf(Map.of("at", t))).contains(Instant.MAX);
        assertThat(IndexSpec.ttl("a.b", Duration.ZERO).expiryOf(Map.of("a", Map.of("b", t)))).contains(t);
    }
}
