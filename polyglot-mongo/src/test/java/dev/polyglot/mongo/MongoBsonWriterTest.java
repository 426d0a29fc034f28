package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.codec.Codec;
import dev.polyglot.spi.FieldPaths;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The streamed BSON of a record is the BSON of its model document, type for type, with the same key checks. */
class MongoBsonWriterTest {

    enum Kind { SMALL, LARGE }

    record Inner(String name, @Nullable Integer size) {
    }

    record Everything(String text, int i, long l, double d, float f, short s, BigInteger big, BigDecimal money, boolean flag,
            Instant at, UUID id, Kind kind, LocalDate day, OffsetDateTime offset, Inner inner, List<Inner> inners,
            List<List<Integer>> grid, Optional<String> maybe, byte[] bytes, Map<String, Object> free, @Nullable String missing) {
    }

    private static Everything sample() {
        Map<String, Object> free = new LinkedHashMap<>();
        free.put("_id", "allowed below the top level");
        free.put("list", List.of(1, "two", 3.5, List.of(Map.of("x", true))));
        return new Everything("t", 1, 1L << 40, 2.5, 1.25f, (short) 7, BigInteger.TEN.pow(20), new BigDecimal("-10.50"), true,
                Instant.parse("2026-01-02T03:04:05.123456789Z"), UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"),
                Kind.LARGE, LocalDate.of(2026, 2, 3), OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                new Inner("n", null), List.of(new Inner("a", 1)), List.of(List.of(), List.of(1, 2)), Optional.of("m"),
                new byte[] {1, 2, -1}, free, null);
    }

    private static BsonDocument decoded(RawBsonDocument raw) {
        return raw.decode(new BsonDocumentCodec());
    }

    @Test
    @DisplayName("a record streams to the BSON its model document converts to, type for type and in key order")
    void sameBsonAsTheModel() {
        Codec<Everything> codec = Codec.of(Everything.class);
        RawBsonDocument streamed = MongoBsonWriter.encode(codec, sample());
        BsonDocument fromModel = (BsonDocument) MongoBson.toBson(codec.toDocument(sample()));
        assertThat(decoded(streamed)).isEqualTo(fromModel);
        assertThat(List.copyOf(decoded(streamed).keySet())).isEqualTo(List.copyOf(fromModel.keySet()));
        assertThat(decoded(streamed).get("money").isDecimal128()).isTrue();
        assertThat(decoded(streamed).get("at").isDateTime()).isTrue();
        assertThat(decoded(streamed).get("id").asBinary().getType()).isEqualTo((byte) 4);
        assertThat(decoded(streamed).get("bytes").asBinary().getType()).isEqualTo((byte) 0);
        assertThat(decoded(streamed).get("l").isInt64()).isTrue();
        assertThat(decoded(streamed).get("i").isInt32()).isTrue();
    }

    private static String message(Map<String, Object> document) {
        @SuppressWarnings({"unchecked", "rawtypes"}) // Map.class cannot carry its type arguments
        Codec<Map<String, Object>> codec = (Codec) Codec.of(Map.class);
        try {
            MongoBsonWriter.encode(codec, document);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an IllegalArgumentException for " + document);
    }

    private static String keyMessage(String key) {
        try {
            FieldPaths.validateKey(key);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the key to be invalid: " + key);
    }

    @Test
    @DisplayName("keys are checked as stored documents require, at every level, with the same messages")
    void keyChecks() {
        assertThat(message(Map.of("_id", 1))).isEqualTo("the top-level field \"_id\" is reserved for the document id; the id is passed separately");
        for (String bad : List.of("$where", "a.b", "", "a\0b")) {
            assertThat(message(Map.of(bad, 1))).isEqualTo(keyMessage(bad));
            assertThat(message(Map.of("nested", List.of(Map.of(bad, 1))))).isEqualTo(keyMessage(bad));
        }
    }

    @Test
    @DisplayName("values BSON cannot hold exactly are refused as before")
    void valueChecks() {
        assertThat(message(Map.of("n", new BigDecimal("1234567890123456789012345678901234567890"))))
                .contains("does not fit a BSON Decimal128");
        assertThatThrownBy(() -> MongoBson.toBson(new BigDecimal("1234567890123456789012345678901234567890")))
                .hasMessage(message(Map.of("n", new BigDecimal("1234567890123456789012345678901234567890"))));
        assertThat(message(Map.of("at", Instant.MAX))).isEqualTo("instant " + Instant.MAX + " is outside the range of a BSON date");
    }
}
