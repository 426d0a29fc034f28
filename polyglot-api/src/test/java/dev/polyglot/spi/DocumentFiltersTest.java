package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.query.Filter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DocumentFiltersTest {

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

    private static boolean m(Filter f, Map<String, @Nullable Object> d) {
        return DocumentFilters.matches(f, d);
    }

    @Nested
    @DisplayName("equality")
    class Equality {
        @Test
        @DisplayName("numbers are equal by value across all four types")
        void numbers() {
            for (Object stored : List.of(1, 1L, 1.0, new BigDecimal("1.00"))) {
                for (Object wanted : List.of(1, 1L, 1.0, new BigDecimal("1"))) {
                    assertThat(m(Filter.eq("n", wanted), doc("n", stored))).as("%s vs %s", stored, wanted).isTrue();
                    assertThat(m(Filter.ne("n", wanted), doc("n", stored))).isFalse();
                }
            }
            assertThat(m(Filter.eq("n", 0.1), doc("n", new BigDecimal("0.1")))).as("double 0.1 is not exactly 0.1").isFalse();
            assertThat(m(Filter.eq("n", 9_007_199_254_740_993L), doc("n", 9_007_199_254_740_992L))).isFalse();
        }

        @Test
        @DisplayName("values of different families are never equal")
        void families() {
            assertThat(m(Filter.eq("v", "1"), doc("v", 1))).isFalse();
            assertThat(m(Filter.eq("v", 1), doc("v", true))).isFalse();
            assertThat(m(Filter.eq("v", UUID.fromString("00000000-0000-0000-0000-000000000001").toString()),
                    doc("v", UUID.fromString("00000000-0000-0000-0000-000000000001")))).isFalse();
            assertThat(m(Filter.eq("v", Instant.EPOCH), doc("v", 0))).isFalse();
            assertThat(m(Filter.eq("v", new byte[] {1}), doc("v", new byte[] {1}))).isTrue();
        }

        @Test
        @DisplayName("null matches null, missing, an array holding null and a path through a null parent")
        void nulls() {
            assertThat(m(Filter.eq("v", null), doc("v", null))).isTrue();
            assertThat(m(Filter.eq("v", null), doc())).isTrue();
            assertThat(m(Filter.eq("v", null), doc("v", list(1, null)))).isTrue();
            assertThat(m(Filter.eq("v.w", null), doc("v", null))).isTrue();
            assertThat(m(Filter.eq("v.w", null), doc("v", "scalar"))).isTrue();
            assertThat(m(Filter.eq("v", null), doc("v", 0))).isFalse();
            assertThat(m(Filter.eq("v", null), doc("v", list()))).isFalse();
            assertThat(m(Filter.ne("v", null), doc("v", 0))).isTrue();
            assertThat(m(Filter.ne("v", null), doc())).isFalse();
        }

        @Test
        @DisplayName("an array matches when any element matches, and paths walk arrays of documents")
        void arrays() {
            Map<String, @Nullable Object> d = doc("tags", list("a", "b"),
                    "items", list(doc("sku", "X", "qty", 1), doc("qty", 7), "scalar", list(doc("sku", "nested"))));
            assertThat(m(Filter.eq("tags", "b"), d)).isTrue();
            assertThat(m(Filter.eq("items.sku", "X"), d)).isTrue();
            assertThat(m(Filter.eq("items.sku", null), d)).as("an element lacks sku").isTrue();
            assertThat(m(Filter.eq("items.sku", "nested"), d)).as("arrays inside arrays are not walked").isFalse();
            assertThat(m(Filter.gt("items.qty", 5), d)).isTrue();
            assertThat(m(Filter.exists("items.sku", true), d)).isTrue();
            assertThat(m(Filter.exists("items.sku", false), d)).isFalse();
            assertThat(m(Filter.exists("none.sku", false), doc("none", list()))).isTrue();
            assertThat(m(Filter.ne("tags", "a"), d)).isFalse();
            assertThat(m(Filter.in("tags", "z", "b"), d)).isTrue();
            assertThat(m(Filter.nin("tags", "z", "b"), d)).isFalse();
        }
    }

    @Nested
    @DisplayName("comparisons")
    class Comparisons {
        @Test
        @DisplayName("compare within a family only")
        void families() {
            assertThat(m(Filter.gt("n", 5), doc("n", "7"))).isFalse();
            assertThat(m(Filter.gt("n", "5"), doc("n", 7))).isFalse();
            assertThat(m(Filter.lt("n", 5), doc("n", null))).isFalse();
            assertThat(m(Filter.lt("n", 5), doc())).isFalse();
            assertThat(m(Filter.gte("n", 5), doc("n", new BigDecimal("5.0")))).isTrue();
            assertThat(m(Filter.lte("n", 4.999), doc("n", 5L))).isFalse();
            assertThat(m(Filter.gt("t", Instant.EPOCH), doc("t", Instant.EPOCH.plusNanos(1)))).isTrue();
            assertThat(m(Filter.gt("b", false), doc("b", true))).isTrue();
            assertThat(m(Filter.lt("s", "b"), doc("s", "B"))).isTrue();
        }

        @Test
        @DisplayName("strings compare by code point, not UTF-16 unit")
        void codePoints() {
            assertThat(m(Filter.gt("s", "\uFF5E"), doc("s", "\uD83D\uDE00"))).isTrue();
            assertThat(m(Filter.lt("s", "\uD83D\uDE00"), doc("s", "\uFF5E"))).isTrue();
        }

        @Test
        @DisplayName("binary compares by length first, then unsigned bytes")
        void binary() {
            assertThat(m(Filter.gt("b", new byte[] {(byte) 0xFF}), doc("b", new byte[] {0, 0}))).isTrue();
            assertThat(m(Filter.gt("b", new byte[] {1}), doc("b", new byte[] {(byte) 0x80}))).isTrue();
        }

        @Test
        @DisplayName("comparisons on arrays match any element")
        void arrays() {
            assertThat(m(Filter.gt("v", 5), doc("v", list(1, "9", 6)))).isTrue();
            assertThat(m(Filter.gt("v", 5), doc("v", list(1, "9")))).isFalse();
        }
    }

    @Nested
    @DisplayName("other operators")
    class Others {
        @Test
        @DisplayName("exists sees fields holding null")
        void exists() {
            assertThat(m(Filter.exists("v", true), doc("v", null))).isTrue();
            assertThat(m(Filter.exists("v", false), doc("v", null))).isFalse();
            assertThat(m(Filter.exists("v", false), doc())).isTrue();
            assertThat(m(Filter.exists("v.w", true), doc("v", doc("w", null)))).isTrue();
        }

        @Test
        @DisplayName("contains and containsAll need an array field")
        void contains() {
            assertThat(m(Filter.contains("v", 1), doc("v", list(1.0, 2)))).isTrue();
            assertThat(m(Filter.contains("v", 1), doc("v", 1))).isFalse();
            assertThat(m(Filter.contains("v", null), doc("v", list("a", null)))).isTrue();
            assertThat(m(Filter.contains("v", null), doc())).isFalse();
            assertThat(m(Filter.containsAll("v", 1, 2), doc("v", list(2, 3, 1)))).isTrue();
            assertThat(m(Filter.containsAll("v", 1, 4), doc("v", list(2, 3, 1)))).isFalse();
            assertThat(m(Filter.containsAll("i.v", 1, 2), doc("i", list(doc("v", list(1)), doc("v", list(2)))))).isTrue();
        }

        @Test
        @DisplayName("startsWith matches strings and string elements, case-sensitively and literally")
        void startsWith() {
            assertThat(m(Filter.startsWith("s", "ab"), doc("s", "abc"))).isTrue();
            assertThat(m(Filter.startsWith("s", "AB"), doc("s", "abc"))).isFalse();
            assertThat(m(Filter.startsWith("s", "a%"), doc("s", "abc"))).isFalse();
            assertThat(m(Filter.startsWith("s", "a.*"), doc("s", "abc"))).isFalse();
            assertThat(m(Filter.startsWith("s", ""), doc("s", ""))).isTrue();
            assertThat(m(Filter.startsWith("s", ""), doc("s", 1))).isFalse();
            assertThat(m(Filter.startsWith("s", "x"), doc("s", list(1, "xy")))).isTrue();
        }

        @Test
        @DisplayName("logical operators compose, and the empty and/or are true/false")
        void logical() {
            Map<String, @Nullable Object> d = doc("a", 1, "b", "x");
            assertThat(m(Filter.and(), d)).isTrue();
            assertThat(m(Filter.all(), d)).isTrue();
            assertThat(m(Filter.or(), d)).isFalse();
            assertThat(m(Filter.not(Filter.or()), d)).isTrue();
            assertThat(m(Filter.and(Filter.eq("a", 1), Filter.eq("b", "x")), d)).isTrue();
            assertThat(m(Filter.and(Filter.eq("a", 1), Filter.eq("b", "y")), d)).isFalse();
            assertThat(m(Filter.or(Filter.eq("a", 2), Filter.eq("b", "x")), d)).isTrue();
            assertThat(m(Filter.not(Filter.eq("a", 1)), d)).isFalse();
        }

        @Test
        @DisplayName("valueAt returns the first value a path reaches, or null")
        void valueAt() {
            Map<String, @Nullable Object> d = doc("a", doc("b", 2), "items", list(doc("x", 1), doc("y", 5)), "n", null);
            assertThat(DocumentFilters.valueAt(d, "a.b")).isEqualTo(2);
            assertThat(DocumentFilters.valueAt(d, "items.y")).isEqualTo(5);
            assertThat(DocumentFilters.valueAt(d, "missing")).isNull();
            assertThat(DocumentFilters.valueAt(d, "n")).isNull();
            assertThat(DocumentFilters.valueAt(d, "a")).isEqualTo(doc("b", 2));
        }
    }
}
