package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.query.Sort;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeysetCursorsTest {

    @Test
    @DisplayName("a cursor round-trips every model type with its exact Java type")
    void roundTrip() {
        Map<String, @Nullable Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", null);
        List<@Nullable Object> values = new ArrayList<>(Arrays.asList(null, "text", true, 7, 8L, 2.5,
                new BigDecimal("1.50"), Instant.parse("2026-01-01T00:00:00.123456789Z"),
                UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"), new ArrayList<>(List.of(1, "x")), nested));
        Sort sort = Sort.asc("a");
        for (int i = 1; i < values.size(); i++) {
            sort = sort.thenDesc("p" + i);
        }
        String cursor = KeysetCursors.encode(sort, values, "the-id");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        KeysetCursors.Position position = KeysetCursors.decode(sort, cursor);
        assertThat(position.id()).isEqualTo("the-id");
        assertThat(position.sortValues()).isEqualTo(values);
        List<@Nullable Object> read = position.sortValues();
        assertThat(read.get(3)).isInstanceOf(Integer.class);
        assertThat(read.get(4)).isInstanceOf(Long.class);
        assertThat(read.get(5)).isInstanceOf(Double.class);
        assertThat(read.get(6)).isInstanceOf(BigDecimal.class).hasToString("1.50");
        assertThat(read.get(7)).isInstanceOf(Instant.class);
        assertThat(read.get(8)).isInstanceOf(UUID.class);
    }

    @Test
    @DisplayName("binary values and extreme numbers survive")
    void binaryAndExtremes() {
        Sort sort = Sort.asc("a").thenAsc("b").thenAsc("c").thenAsc("d");
        List<@Nullable Object> values = List.of(new byte[] {0, (byte) 255}, Long.MIN_VALUE, Double.MIN_VALUE,
                new BigDecimal("-1E+400"));
        KeysetCursors.Position position = KeysetCursors.decode(sort, KeysetCursors.encode(sort, values, "x"));
        assertThat((byte[]) position.sortValues().get(0)).containsExactly(0, 255);
        assertThat(position.sortValues().subList(1, 4)).containsExactly(Long.MIN_VALUE, Double.MIN_VALUE, new BigDecimal("-1E+400"));
    }

    @Test
    @DisplayName("a cursor issued for another sort is rejected")
    void otherSort() {
        String cursor = KeysetCursors.encode(Sort.asc("a"), List.of(1), "id");
        assertThatThrownBy(() -> KeysetCursors.decode(Sort.desc("a"), cursor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another sort");
        assertThatThrownBy(() -> KeysetCursors.decode(Sort.asc("b"), cursor)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeysetCursors.decode(Sort.asc("a").thenAsc("b"), cursor)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeysetCursors.decode(Sort.unsorted(), cursor)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a path containing separators cannot make a cursor pass for another sort")
    void pathsCannotImitateAnotherSort() {
        Sort issued = Sort.asc("a+,b").thenAsc("c");
        Sort other = Sort.asc("a").thenAsc("b+,c");
        String cursor = KeysetCursors.encode(issued, java.util.Arrays.asList(1, 2), "id");
        assertThat(KeysetCursors.decode(issued, cursor).id()).isEqualTo("id");
        assertThatThrownBy(() -> KeysetCursors.decode(other, cursor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another sort");
    }

    @Test
    @DisplayName("malformed cursors are rejected with IllegalArgumentException")
    void malformed() {
        Sort sort = Sort.asc("a");
        for (String bad : List.of("", "!!!", "e30", b64("[]"), b64("{\"v\":2,\"sort\":\"a+\",\"keys\":[[\"i\",1]],\"id\":[\"s\",\"x\"]}"),
                b64("{\"v\":1,\"sort\":\"a+\",\"keys\":[[\"?\",1]],\"id\":[\"s\",\"x\"]}"),
                b64("{\"v\":1,\"sort\":\"a+\",\"keys\":[],\"id\":[\"s\",\"x\"]}"),
                b64("{\"v\":1,\"sort\":\"a+\",\"keys\":[[\"i\",1]],\"id\":[\"null\"]}"),
                b64("{\"v\":1,\"sort\":\"a+\",\"keys\":[[\"t\",\"yesterday\"]],\"id\":[\"s\",\"x\"]}"),
                b64("{\"v\":1,\"sort\":\"a+\",\"keys\":[\"i\"],\"id\":[\"s\",\"x\"]}"),
                b64("not json"))) {
            assertThatThrownBy(() -> KeysetCursors.decode(sort, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("encode needs one value per sort key")
    void valueCount() {
        assertThatThrownBy(() -> KeysetCursors.encode(Sort.asc("a"), List.of(), "id")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
