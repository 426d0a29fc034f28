package dev.polyglot.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CodecTest {

    enum Kind { SMALL, LARGE }

    record Inner(String name, @Nullable Integer size) {
    }

    record Everything(String text, int i, long l, double d, BigDecimal money, boolean flag, Instant at, UUID id, Kind kind,
            LocalDate day, OffsetDateTime offset, Inner inner, List<Inner> inners, Optional<String> maybe, byte[] bytes,
            Map<String, Integer> counts) {
    }

    /** A mutable bean, as older applications have. */
    public static final class Bean {
        private String name = "";
        private int count;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getCount() {
            return count;
        }

        public void setCount(int count) {
            this.count = count;
        }
    }

    private static Everything sample() {
        return new Everything("t", 1, 1L << 40, 2.5, new BigDecimal("10.50"), true, Instant.parse("2026-01-02T03:04:05.123456789Z"),
                UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"), Kind.LARGE, LocalDate.of(2026, 2, 3),
                OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)), new Inner("n", null),
                List.of(new Inner("a", 1)), Optional.of("m"), new byte[] {1, 2}, Map.of("k", 3));
    }

    @Test
    @DisplayName("records encode to the document model with typed scalars")
    void encodeTypes() {
        Map<String, @Nullable Object> doc = Codec.of(Everything.class).toDocument(sample());
        assertThat(doc.get("text")).isEqualTo("t");
        assertThat(doc.get("i")).isEqualTo(1);
        assertThat(doc.get("l")).isEqualTo(1L << 40);
        assertThat(doc.get("d")).isEqualTo(2.5);
        assertThat(doc.get("money")).isInstanceOf(BigDecimal.class).isEqualTo(new BigDecimal("10.50"));
        assertThat(doc.get("flag")).isEqualTo(true);
        assertThat(doc.get("at")).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456789Z"));
        assertThat(doc.get("id")).isEqualTo(UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"));
        assertThat(doc.get("kind")).isEqualTo("LARGE");
        assertThat(doc.get("day")).isEqualTo("2026-02-03");
        assertThat(doc.get("offset")).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> innerDoc = (Map<String, @Nullable Object>) doc.get("inner");
        assertThat(innerDoc).containsEntry("name", "n").containsEntry("size", null);
        assertThat(doc.get("maybe")).isEqualTo("m");
        assertThat(doc.get("bytes")).isInstanceOf(byte[].class);
        assertThat(doc.get("counts")).isEqualTo(Map.of("k", 3));
    }

    @Test
    @DisplayName("decode gives back an equal record, offset date-times in UTC")
    void roundTrip() {
        Codec<Everything> codec = Codec.of(Everything.class);
        Everything original = sample();
        Everything back = codec.decode(codec.encode(original));
        assertThat(back).usingRecursiveComparison().ignoringFields("offset").isEqualTo(original);
        assertThat(back.offset().toInstant()).isEqualTo(original.offset().toInstant());
        assertThat(back.offset().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(back.money()).isEqualTo(new BigDecimal("10.50"));
    }

    @Test
    @DisplayName("JSON round-trips and writes ISO text for instants and UUIDs")
    void json() {
        Codec<Everything> codec = Codec.of(Everything.class);
        byte[] json = codec.toJson(sample());
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"2026-01-02T03:04:05.123456789Z\"").contains("\"3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b\"");
        assertThat(codec.fromJson(json)).usingRecursiveComparison().ignoringFields("offset").isEqualTo(sample());
        assertThatThrownBy(() -> codec.fromJson("{".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.fromJson("null".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("POJOs work, unknown properties are ignored, missing Optional is empty")
    void pojosAndUnknowns() {
        Codec<Bean> beans = Codec.of(Bean.class);
        Bean bean = new Bean();
        bean.setName("b");
        bean.setCount(2);
        assertThat(beans.toDocument(bean)).isEqualTo(Map.of("name", "b", "count", 2));
        Bean back = beans.decode(Map.of("name", "c", "count", 3, "unknown", List.of(1)));
        assertThat(back.getName()).isEqualTo("c");
        assertThat(back.getCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("values that do not fit fail with IllegalArgumentException")
    void errors() {
        Codec<Inner> inner = Codec.of(Inner.class);
        assertThatThrownBy(() -> inner.decode(Map.of("name", "x", "size", "not a number"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inner.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.of(String.class).toDocument("s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not encode as a document");
        assertThat(Codec.of(String.class).encode("s")).isEqualTo("s");
        assertThat(inner.type()).isEqualTo(Inner.class);
    }

    @Test
    @DisplayName("a codec from the application's mapper keeps the model types and leaves the mapper unchanged")
    void customMapper() {
        ObjectMapper mine = new ObjectMapper();
        Codec<Inner> codec = Codec.of(mine, Inner.class);
        assertThat(codec.decode(codec.encode(new Inner("x", 2)))).isEqualTo(new Inner("x", 2));
        assertThat(mine.getRegisteredModuleIds()).isEmpty();
    }
}
