package dev.polyglot.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DocumentValuesTest {

    enum Color { RED }

    @Test
    @DisplayName("normalize maps Java values into the model")
    void normalize() {
        assertThat(DocumentValues.normalize((short) 3)).isEqualTo(3);
        assertThat(DocumentValues.normalize((byte) 3)).isEqualTo(3);
        assertThat(DocumentValues.normalize(1.5f)).isEqualTo(1.5);
        assertThat(DocumentValues.normalize(BigInteger.TEN)).isEqualTo(new BigDecimal(BigInteger.TEN));
        assertThat(DocumentValues.normalize('c')).isEqualTo("c");
        assertThat(DocumentValues.normalize(Color.RED)).isEqualTo("RED");
        assertThat(DocumentValues.normalize(LocalDate.of(2026, 1, 2))).isEqualTo("2026-01-02");
        assertThat(DocumentValues.normalize(LocalDateTime.of(2026, 1, 2, 3, 4))).isEqualTo("2026-01-02T03:04");
        Instant instant = Instant.parse("2026-01-02T03:04:05Z");
        assertThat(DocumentValues.normalize(OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(2)))).isEqualTo(instant);
        assertThat(DocumentValues.normalize(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC))).isEqualTo(instant);
        assertThat(DocumentValues.normalize(Date.from(instant))).isEqualTo(instant);
        assertThat(DocumentValues.normalize(new Object[] {1, "a"})).isEqualTo(List.of(1, "a"));
        assertThat(DocumentValues.normalize(Set.of(1))).isEqualTo(List.of(1));
        assertThat(DocumentValues.normalize(null)).isNull();
    }

    @Test
    @DisplayName("normalize copies deeply and rejects what the model cannot hold")
    void normalizeCopiesAndRejects() {
        byte[] bytes = {1};
        List<Object> inner = new ArrayList<>(List.of(bytes));
        Map<String, Object> map = new HashMap<>(Map.of("l", inner));
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) DocumentValues.normalize(map);
        inner.add(2);
        bytes[0] = 9;
        assertThat((List<?>) copy.get("l")).hasSize(1);
        assertThat((byte[]) ((List<?>) copy.get("l")).get(0)).containsExactly(1);
        assertThatThrownBy(() -> DocumentValues.normalize(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentValues.normalize(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentValues.normalize(Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentValues.normalize(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        Map<String, @Nullable Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> DocumentValues.normalize(cyclic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deep");
    }

    @Test
    @DisplayName("family classifies model values and rejects others")
    void family() {
        assertThat(DocumentValues.family(null)).isEqualTo(DocumentValues.Family.NULL);
        assertThat(DocumentValues.family(new BigDecimal("1"))).isEqualTo(DocumentValues.Family.NUMBER);
        assertThat(DocumentValues.family(new byte[0])).isEqualTo(DocumentValues.Family.BINARY);
        assertThat(DocumentValues.family(UUID.randomUUID())).isEqualTo(DocumentValues.Family.UUID);
        assertThatThrownBy(() -> DocumentValues.family(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThat(DocumentValues.isScalar(List.of())).isFalse();
        assertThat(DocumentValues.isScalar(Map.of())).isFalse();
        assertThat(DocumentValues.isScalar(null)).isTrue();
    }

    @Test
    @DisplayName("valueEquals compares numbers by value, binary by content, documents in order")
    void valueEquals() {
        assertThat(DocumentValues.valueEquals(1, 1.0)).isTrue();
        assertThat(DocumentValues.valueEquals(new BigDecimal("2.50"), 2.5)).isTrue();
        assertThat(DocumentValues.valueEquals(Long.MAX_VALUE, (double) Long.MAX_VALUE)).isFalse();
        assertThat(DocumentValues.valueEquals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(DocumentValues.valueEquals(null, null)).isTrue();
        assertThat(DocumentValues.valueEquals(null, 0)).isFalse();
        assertThat(DocumentValues.valueEquals(List.of(1, "a"), List.of(1.0, "a"))).isTrue();
        assertThat(DocumentValues.valueEquals(List.of(1), List.of(1, 2))).isFalse();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        Map<String, Object> abOtherTypes = new LinkedHashMap<>();
        abOtherTypes.put("a", 1L);
        abOtherTypes.put("b", 2.0);
        assertThat(DocumentValues.valueEquals(ab, abOtherTypes)).isTrue();
        assertThat(DocumentValues.valueEquals(ab, ba)).as("field order matters, as in MongoDB").isFalse();
    }

    @Test
    @DisplayName("compare orders within families exactly")
    void compare() {
        assertThat(DocumentValues.compare(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isPositive();
        assertThat(DocumentValues.compare(0.1, new BigDecimal("0.1"))).isPositive();
        assertThat(DocumentValues.compare(-0.0, 0)).isZero();
        assertThat(DocumentValues.compare("a", "b")).isNegative();
        assertThat(DocumentValues.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat(DocumentValues.compare("ab", "a")).isPositive();
        assertThat(DocumentValues.compare(UUID.fromString("80000000-0000-0000-0000-000000000000"),
                UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"))).as("unsigned").isPositive();
        assertThat(DocumentValues.compare(false, true)).isNegative();
        assertThat(DocumentValues.compare(List.of(1, 2), List.of(1, 3))).isNegative();
        assertThat(DocumentValues.compare(List.of(1), List.of(1, 0))).isNegative();
        assertThat(DocumentValues.compare(Map.of("a", 1), Map.of("a", 2))).isNegative();
        assertThat(DocumentValues.compare(Map.of("a", 1), Map.of("b", 0))).isNegative();
        assertThat(DocumentValues.compare(null, 0)).isNegative();
        assertThat(DocumentValues.compare("z", 1)).isPositive();
        assertThat(DocumentValues.compareNumbers(1, 1.5)).isNegative();
    }

    @Test
    @DisplayName("deepCopy shares nothing mutable")
    void deepCopy() {
        List<Object> list = new ArrayList<>();
        list.add(new byte[] {1});
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("l", list);
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) DocumentValues.deepCopy(map);
        list.add(2);
        ((byte[]) list.get(0))[0] = 5;
        assertThat((List<?>) copy.get("l")).hasSize(1);
        assertThat((byte[]) ((List<?>) copy.get("l")).get(0)).containsExactly(1);
        assertThat(DocumentValues.deepCopy("s")).isEqualTo("s");
    }
}
