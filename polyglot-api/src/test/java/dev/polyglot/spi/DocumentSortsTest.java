package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.query.Sort;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentSortsTest {

    private record Row(String id, Map<String, @Nullable Object> doc) {
    }

    private static Row row(String id, @Nullable Object... kv) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return new Row(id, map);
    }

    private static List<String> sorted(Sort sort, Row... rows) {
        List<Row> list = new ArrayList<>(Arrays.asList(rows));
        Function<Row, Map<String, @Nullable Object>> doc = Row::doc;
        Function<Row, Object> id = Row::id;
        list.sort(DocumentSorts.comparator(sort, doc, id));
        return list.stream().map(Row::id).toList();
    }

    @Test
    @DisplayName("families order null, numbers, strings, documents, arrays, binary, UUIDs, booleans, instants")
    void familyOrder() {
        assertThat(sorted(Sort.asc("v"),
                row("i", "v", Instant.EPOCH), row("h", "v", true), row("g", "v", UUID.randomUUID()), row("f", "v", new byte[0]),
                row("e", "v", List.of()), row("d", "v", Map.of()), row("c", "v", "s"), row("b", "v", 1), row("a")))
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
    }

    @Test
    @DisplayName("numbers sort by value across types and ties fall back to ascending id")
    void numbersAndTies() {
        assertThat(sorted(Sort.desc("n"), row("a", "n", 1), row("b", "n", 1.0), row("c", "n", new BigDecimal("2")), row("d", "n", 1L)))
                .containsExactly("c", "a", "b", "d");
        assertThat(sorted(Sort.unsorted(), row("b"), row("a"), row("B")))
                .containsExactly("B", "a", "b");
    }

    @Test
    @DisplayName("later keys break ties of earlier ones, each in its own direction")
    void multiKey() {
        assertThat(sorted(Sort.asc("g").thenDesc("n"), row("a", "g", 1, "n", 1), row("b", "g", 1, "n", 2), row("c", "g", 0, "n", 0)))
                .containsExactly("c", "b", "a");
    }

    @Test
    @DisplayName("sortValues reads nested paths and gives null for missing ones")
    void sortValues() {
        Map<String, @Nullable Object> doc = row("x", "a", Map.of("b", 3)).doc();
        assertThat(DocumentSorts.sortValues(Sort.asc("a.b").thenAsc("zz"), doc)).containsExactly(3, null);
    }
}
