package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shared validation of ids, keys, names and TTLs")
class IdsAndTtlsTest {

    @Test
    @DisplayName("record ids must be non-blank, bounded and free of NUL")
    void ids() {
        assertThat(Ids.requireId("order-1", "document id")).isEqualTo("order-1");
        assertThatThrownBy(() -> Ids.requireId(null, "document id")).hasMessage("document id must not be null");
        assertThatThrownBy(() -> Ids.requireId("  ", "document id")).hasMessage("document id must not be blank");
        assertThatThrownBy(() -> Ids.requireId("a\0b", "document id")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Ids.requireId("x".repeat(Ids.MAX_ID_LENGTH + 1), "document id"))
                .hasMessageContaining("longer than");
    }

    @Test
    @DisplayName("any non-null string up to the length limit is a cache key, including the empty one")
    void keys() {
        assertThat(Ids.requireKey("")).isEmpty();
        assertThat(Ids.requireKey("a b:c\0d")).isEqualTo("a b:c\0d");
        assertThatThrownBy(() -> Ids.requireKey(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ids.requireKey("k".repeat(Ids.MAX_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("names are safe identifiers: letters, digits and underscore, starting with a letter")
    void names() {
        assertThat(Ids.requireName("orders_2026", "table name")).isEqualTo("orders_2026");
        for (String bad : new String[] {"", "1abc", "a-b", "a b", "x; drop table y", "_a", "a".repeat(64)}) {
            assertThatThrownBy(() -> Ids.requireName(bad, "table name"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name");
        }
    }

    @Test
    @DisplayName("TTLs are positive, in milliseconds, rounded up and saturated")
    void ttls() {
        assertThat(Ttls.toMillis(Duration.ofSeconds(2), "ttl")).isEqualTo(2000);
        assertThat(Ttls.toMillis(Duration.ofNanos(1), "ttl")).isEqualTo(1);
        assertThat(Ttls.toMillis(Duration.ofMillis(5).plusNanos(1), "ttl")).isEqualTo(6);
        assertThat(Ttls.toMillis(Duration.ofSeconds(Long.MAX_VALUE), "ttl")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Ttls.toMillis(Duration.ZERO, "ttl")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Ttls.toMillis(Duration.ofMillis(-1), "window")).hasMessageContaining("window");
        assertThatThrownBy(() -> Ttls.toMillis(null, "ttl")).hasMessageContaining("null");
    }
}
