package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.codec.DocumentValues;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Document-model values in jsonb")
class PostgresJsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "text with \"quotes\" and ' and \\ and ünïcödé");
        doc.put("i", 42);
        doc.put("l", 9_000_000_000L);
        doc.put("d", 1.5);
        doc.put("tenth", 0.1);
        doc.put("longKey" + "k".repeat(60_000), "keys longer than Jackson's default limit");
        doc.put("big", new BigDecimal("12345678901234567890.123456789"));
        doc.put("t", Instant.parse("2026-01-02T03:04:05.123456789Z"));
        doc.put("u", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        doc.put("b", true);
        doc.put("n", null);
        doc.put("list", Arrays.asList(1, "two", null, List.of(3)));
        doc.put("nested", Map.of("x", Map.of("y", "z")));
        return doc;
    }

    private static String sorted(Object value) {
        return PostgresJson.write(sortKeys(value));
    }

    private static Object sortKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put((String) k, sortKeys(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? null : sortKeys(v)).collect(java.util.stream.Collectors.toList());
        }
        return value;
    }

    @Test
    @DisplayName("values round-trip through JSON text with their model types")
    void roundTrip() {
        Map<String, Object> doc = sample();
        Map<String, Object> back = PostgresJson.readDocument(PostgresJson.write(doc));
        assertThat(DocumentValues.valueEquals(back, doc)).isTrue();
        assertThat(back.get("i")).isInstanceOf(Integer.class);
        assertThat(back.get("l")).isInstanceOf(Long.class);
        assertThat(back.get("d")).isEqualTo(1.5);
        assertThat(back.get("tenth")).isEqualTo(0.1);
        assertThat(back.get("big")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(back.get("t")).isInstanceOf(Instant.class);
        assertThat(back.get("u")).isInstanceOf(UUID.class);
        byte[] bytes = {0, 1, (byte) 255};
        assertThat((byte[]) PostgresJson.read(PostgresJson.write(bytes))).containsExactly(bytes);
    }

    @Test
    @DisplayName("values round-trip through a real jsonb column, and instants keep their order as text")
    void throughJsonb() throws Exception {
        Map<String, Object> doc = sample();
        try (Connection c = PostgresTestDatabase.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select ?::jsonb::text, (?::jsonb ->> '$date') < (?::jsonb ->> '$date') collate \"C\"")) {
            ps.setString(1, PostgresJson.write(doc));
            ps.setString(2, PostgresJson.write(Instant.parse("2026-01-02T03:04:05.9Z")));
            ps.setString(3, PostgresJson.write(Instant.parse("2026-01-02T03:04:05.10Z")));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                // jsonb keeps keys in its own order, so compare key-order-free
                assertThat(sorted(PostgresJson.readDocument(rs.getString(1)))).isEqualTo(sorted(doc));
                assertThat(rs.getBoolean(2)).isFalse();
            }
        }
    }
}
