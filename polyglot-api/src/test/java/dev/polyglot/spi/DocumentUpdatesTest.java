package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Update;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentUpdatesTest {

    private static Map<String, @Nullable Object> doc(@Nullable Object... kv) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    private static List<@Nullable Object> list(@Nullable Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    @Test
    @DisplayName("apply returns a changed copy and never modifies its input")
    void copies() {
        Map<String, @Nullable Object> original = doc("a", doc("b", 1), "l", list(1));
        Map<String, @Nullable Object> snapshot = doc("a", doc("b", 1), "l", list(1));
        Map<String, @Nullable Object> changed = DocumentUpdates.apply(original,
                Update.builder().inc("a.b", 1).push("l", 2).set("n", "x").build());
        assertThat(original).isEqualTo(snapshot);
        assertThat(changed).isEqualTo(doc("a", doc("b", 2), "l", list(1, 2), "n", "x"));
    }

    @Test
    @DisplayName("set stores a copy of its value, so applying an update twice shares nothing")
    void setCopiesValue() {
        Update update = Update.builder().set("v", list(doc("k", 1))).build();
        Map<String, @Nullable Object> first = DocumentUpdates.apply(doc(), update);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) first.get("v");
        list.add("mutated");
        assertThat(DocumentUpdates.apply(doc(), update)).isEqualTo(doc("v", list(doc("k", 1))));
    }

    @Test
    @DisplayName("set creates parents, unset ignores missing paths and paths through scalars")
    void setAndUnset() {
        assertThat(DocumentUpdates.apply(doc(), Update.builder().set("a.b.c", 1).build()))
                .isEqualTo(doc("a", doc("b", doc("c", 1))));
        assertThat(DocumentUpdates.apply(doc("a", 1), Update.builder().unset("a.b").unset("x.y").unset("z").build()))
                .isEqualTo(doc("a", 1));
        assertThat(DocumentUpdates.apply(doc("a", doc("b", 1, "c", 2)), Update.builder().unset("a.b").build()))
                .isEqualTo(doc("a", doc("c", 2)));
    }

    @Test
    @DisplayName("set through a scalar, a null or an array fails")
    void setThroughNonObject() {
        for (Object parent : Arrays.asList("s", 1, null, list(doc("b", 1)))) {
            assertThatThrownBy(() -> DocumentUpdates.apply(doc("a", parent), Update.builder().set("a.b", 1).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a.b");
        }
    }

    @Test
    @DisplayName("inc follows MongoDB's number rules")
    void inc() {
        assertThat(inc(1, 2)).isEqualTo(3);
        assertThat(inc(Integer.MAX_VALUE, 1)).isEqualTo(2_147_483_648L);
        assertThat(inc(Integer.MIN_VALUE, -1)).isEqualTo(-2_147_483_649L);
        assertThat(inc(1L, 2)).isEqualTo(3L);
        assertThat(inc(1, 2L)).isEqualTo(3L);
        assertThat(inc(1, 0.5)).isEqualTo(1.5);
        assertThat(inc(1.5, 1)).isEqualTo(2.5);
        assertThat(inc(new BigDecimal("1.10"), 1)).isEqualTo(new BigDecimal("2.10"));
        assertThat(inc(2.5, new BigDecimal("0.5"))).satisfies(n -> assertThat(DocumentValues.compare(n, 3)).isZero())
                .isInstanceOf(BigDecimal.class);
        assertThatThrownBy(() -> inc(Long.MAX_VALUE, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
        assertThat(DocumentUpdates.apply(doc(), Update.builder().inc("n", 5).build())).isEqualTo(doc("n", 5));
    }

    private static @Nullable Object inc(Number stored, Number delta) {
        return DocumentUpdates.apply(doc("n", stored), Update.builder().inc("n", delta).build()).get("n");
    }

    @Test
    @DisplayName("inc of a non-number and push to a non-array fail, naming the path")
    void typeErrors() {
        for (Object value : Arrays.asList("1", true, null, list(1), doc("x", 1))) {
            assertThatThrownBy(() -> DocumentUpdates.apply(doc("v", value), Update.builder().inc("v", 1).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"v\"");
        }
        for (Object value : Arrays.asList("1", 1, null, doc("x", 1))) {
            assertThatThrownBy(() -> DocumentUpdates.apply(doc("v", value), Update.builder().push("v", 1).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"v\"");
        }
    }

    @Test
    @DisplayName("push appends, and creates a missing array")
    void push() {
        assertThat(DocumentUpdates.apply(doc("v", list(1)), Update.builder().push("v", list(2)).build()))
                .isEqualTo(doc("v", list(1, list(2))));
        assertThat(DocumentUpdates.apply(doc(), Update.builder().push("a.v", null).build()))
                .isEqualTo(doc("a", doc("v", list((Object) null))));
    }

    @Test
    @DisplayName("a failing change leaves the input untouched even after earlier changes applied to the copy")
    void failureLeavesInput() {
        Map<String, @Nullable Object> original = doc("a", 1, "s", "x");
        assertThatThrownBy(() -> DocumentUpdates.apply(original, Update.builder().set("a", 2).inc("s", 1).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(original).isEqualTo(doc("a", 1, "s", "x"));
    }
}
