package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    @DisplayName("ids must be non-blank, at most 512 characters and free of NUL")
    void ids() {
        assertThat(Ids.requireId(" a ", "id")).isEqualTo(" a ");
        assertThat(Ids.requireId("x".repeat(Ids.MAX_ID_LENGTH), "id")).hasSize(Ids.MAX_ID_LENGTH);
        for (String bad : Arrays.asList(null, "", " ", "\n", "a\0", "x".repeat(Ids.MAX_ID_LENGTH + 1))) {
            assertThatThrownBy(() -> Ids.requireId(bad, "document id")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("document id");
        }
    }

    @Test
    @DisplayName("cache keys may be anything but null or overlong")
    void keys() {
        assertThat(Ids.requireKey("")).isEmpty();
        assertThat(Ids.requireKey("a\0 b:c")).isEqualTo("a\0 b:c");
        assertThatThrownBy(() -> Ids.requireKey(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ids.requireKey("k".repeat(Ids.MAX_KEY_LENGTH + 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("names are identifiers of 1 to 63 characters starting with a letter")
    void names() {
        assertThat(Ids.requireName("a", "n")).isEqualTo("a");
        assertThat(Ids.requireName("A" + "_9".repeat(31), "n")).hasSize(63);
        for (String bad : Arrays.asList(null, "", "_a", "1a", "a-b", "a b", "ä", "a".repeat(64), "a\0")) {
            assertThatThrownBy(() -> Ids.requireName(bad, "collection name")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("collection name");
        }
    }
}
