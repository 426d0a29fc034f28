package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

    @Test
    @DisplayName("valid paths pass and split into segments")
    void valid() {
        assertThat(FieldPaths.validate("a.b_c.0.d$")).isEqualTo("a.b_c.0.d$");
        assertThat(FieldPaths.segments("a.b c.ü")).containsExactly("a", "b c", "ü");
        assertThat(FieldPaths.validate("x".repeat(FieldPaths.MAX_LENGTH))).hasSize(FieldPaths.MAX_LENGTH);
    }

    @Test
    @DisplayName("empty segments, $ segments, NUL and overlong paths are rejected")
    void invalid() {
        for (String bad : Arrays.asList(null, "", ".", "a.", ".a", "a..b", "$a", "a.$b", "a\0", "x".repeat(FieldPaths.MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> FieldPaths.validate(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("keys may not contain a dot or NUL, start with $ or be empty")
    void keys() {
        assertThat(FieldPaths.validateKey("a$b")).isEqualTo("a$b");
        assertThat(FieldPaths.validateKey("_id")).isEqualTo("_id");
        for (String bad : Arrays.asList(null, "", "a.b", "$a", "a\0b")) {
            assertThatThrownBy(() -> FieldPaths.validateKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("printable shows NUL and shortens long strings")
    void printable() {
        assertThat(FieldPaths.printable("a\0b")).isEqualTo("a\\0b");
        assertThat(FieldPaths.printable("y".repeat(200))).hasSize(81).endsWith("…");
    }
}
