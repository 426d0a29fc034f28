package dev.polyglot.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentKeysTest {

    @Test
    @DisplayName("a top-level _id is reserved, a nested one is not")
    void reservedField() {
        assertThatThrownBy(() -> DocumentKeys.validate(Map.of("_id", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_id");
        Map<String, Object> nested = Map.of("a", Map.of("_id", 1));
        assertThat(DocumentKeys.validate(nested)).isSameAs(nested);
    }

    @Test
    @DisplayName("invalid keys are found at any depth, inside maps and lists")
    void invalidKeys() {
        for (String key : List.of("a.b", "$a", "", "a\0")) {
            assertThatThrownBy(() -> DocumentKeys.validate(Map.of("x", List.of(Map.of("y", List.of(Map.of(key, 1)))))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Map<String, @Nullable Object> withNull = new HashMap<>();
        withNull.put("n", null);
        assertThatCode(() -> DocumentKeys.validate(withNull)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DocumentKeys.validate((Map<String, Object>) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("filters, sorts and updates naming _id are rejected, others pass")
    void paths() {
        assertThatThrownBy(() -> DocumentKeys.validate(Filter.or(Filter.eq("a", 1), Filter.not(Filter.in("_id", 1)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate(Filter.startsWith("_id.x", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate(Sort.asc("a").thenDesc("_id"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate(Update.builder().push("_id", 1).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate((Filter) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate((Sort) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentKeys.validate((Update) null)).isInstanceOf(IllegalArgumentException.class);
        Filter ok = Filter.and(Filter.eq("_idx", 1), Filter.exists("a._id", true), Filter.containsAll("t", 1),
                Filter.nin("n", 2), Filter.gt("g", 1), Filter.gte("g", 1), Filter.lt("g", 1), Filter.lte("g", 1),
                Filter.ne("x", 1), Filter.contains("c", 1));
        assertThat(DocumentKeys.validate(ok)).isSameAs(ok);
        assertThat(DocumentKeys.validatePath("a._id")).isEqualTo("a._id");
    }
}
