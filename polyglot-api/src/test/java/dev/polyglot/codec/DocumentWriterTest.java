package dev.polyglot.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Codec#writeDocument} streams exactly what {@link Codec#toDocument} builds, with the same errors. */
class DocumentWriterTest {

    enum Kind { SMALL, LARGE }

    record Inner(String name, @Nullable Integer size) {
    }

    record Everything(String text, int i, long l, double d, float f, short s, byte b, BigInteger big, BigDecimal money,
            boolean flag, Instant at, UUID id, Kind kind, LocalDate day, OffsetDateTime offset, Inner inner,
            List<Inner> inners, List<List<Integer>> grid, Optional<String> maybe, Optional<String> none, byte[] bytes,
            Map<String, Object> free, @Nullable String missing, char c, Object[] objects) {
    }

    record Numbers(int i, long l, double d, BigInteger big, List<Object> mixed) {
    }

    record Wrapper(Object value) {
    }

    /** Writes the name {@code name} twice: once as a property, once from the any-getter. */
    public static final class Repeats {
        public String getName() {
            return "property";
        }

        public int getSize() {
            return 1;
        }

        @JsonAnyGetter
        public Map<String, Object> extra() {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("other", 2);
            extra.put("name", "any-getter");
            return extra;
        }
    }

    private static Everything sample() {
        Map<String, Object> free = new LinkedHashMap<>();
        free.put("n", null);
        free.put("list", List.of(1, "two", 3.5));
        free.put("nested", Map.of("deep", List.of(Map.of("x", true))));
        return new Everything("t", 1, 1L << 40, 2.5, 1.25f, (short) 7, (byte) -3, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("10.50"), true, Instant.parse("2026-01-02T03:04:05.123456789Z"),
                UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"), Kind.LARGE, LocalDate.of(2026, 2, 3),
                OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)), new Inner("n", null),
                List.of(new Inner("a", 1), new Inner("b", 2)), List.of(List.of(), List.of(1, 2)), Optional.of("m"),
                Optional.empty(), new byte[] {1, 2, -1}, free, null, 'z', new Object[] {1, "x"});
    }

    /** Rebuilds a model tree from the events, checking that they are well-formed. */
    static class TreeWriter implements DocumentWriter {
        private final Deque<Object> open = new ArrayDeque<>();
        private final Deque<String> names = new ArrayDeque<>();
        private @Nullable String pendingName;
        private @Nullable Object result;
        private int documents;

        @Nullable Object result() {
            assertThat(open).as("every container closed").isEmpty();
            assertThat(documents).as("exactly one top-level document").isEqualTo(1);
            return result;
        }

        private void add(@Nullable Object value) {
            if (open.isEmpty()) {
                assertThat(value).as("the top level is a document").isInstanceOf(Map.class);
                documents++;
                result = value;
                return;
            }
            Object container = open.peek();
            if (container instanceof Map<?, ?>) {
                assertThat(pendingName).as("a value in a document follows a name").isNotNull();
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) container;
                assertThat(map).as("names are distinct").doesNotContainKey(pendingName);
                map.put(pendingName, value);
                pendingName = null;
            } else {
                @SuppressWarnings("unchecked")
                List<@Nullable Object> list = (List<@Nullable Object>) container;
                list.add(value);
            }
        }

        @Override
        public void startDocument() {
            Map<String, @Nullable Object> map = new LinkedHashMap<>();
            add(map);
            if (pendingName != null) {
                names.push(pendingName);
            }
            open.push(map);
        }

        @Override
        public void name(String name) {
            assertThat(open.peek()).as("a name inside a document").isInstanceOf(Map.class);
            assertThat(pendingName).as("one name per value").isNull();
            pendingName = name;
        }

        @Override
        public void endDocument() {
            assertThat(open.pop()).isInstanceOf(Map.class);
            assertThat(pendingName).as("no name without a value").isNull();
        }

        @Override
        public void startList() {
            List<@Nullable Object> list = new ArrayList<>();
            add(list);
            open.push(list);
        }

        @Override
        public void endList() {
            assertThat(open.pop()).isInstanceOf(List.class);
        }

        @Override
        public void nullValue() {
            add(null);
        }

        @Override
        public void stringValue(String value) {
            add(value);
        }

        @Override
        public void intValue(int value) {
            add(value);
        }

        @Override
        public void longValue(long value) {
            add(value);
        }

        @Override
        public void doubleValue(double value) {
            assertThat(Double.isFinite(value)).isTrue();
            add(value);
        }

        @Override
        public void decimalValue(BigDecimal value) {
            add(value);
        }

        @Override
        public void booleanValue(boolean value) {
            add(value);
        }

        @Override
        public void instantValue(Instant value) {
            add(value);
        }

        @Override
        public void uuidValue(UUID value) {
            add(value);
        }

        @Override
        public void binaryValue(byte[] value) {
            add(value.clone());
        }
    }

    /** A tree writer that refuses names starting with '$', as a store would. */
    static final class StrictWriter extends TreeWriter {
        @Override
        public void name(String name) {
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("refused name " + name);
            }
            super.name(name);
        }
    }

    /** The model value with every Java type spelled out, so equal descriptions mean equal types, values and key order. */
    static String describe(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(k).append('=').append(describe(v)).append(", "));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(describe(v)).append(", "));
            return out.append(']').toString();
        }
        if (value instanceof byte[] bytes) {
            return "byte[]" + Arrays.toString(bytes);
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    private static <T> String streamed(Codec<T> codec, T value) {
        TreeWriter writer = new TreeWriter();
        codec.writeDocument(value, writer);
        return describe(writer.result());
    }

    private static <T> String built(Codec<T> codec, T value) {
        return describe(codec.toDocument(value));
    }

    @Test
    @DisplayName("the Jackson codec streams the very document toDocument builds, type for type and in key order")
    void streamsWhatToDocumentBuilds() {
        Codec<Everything> codec = Codec.of(Everything.class);
        assertThat(((JacksonCodec<Everything>) codec).streams()).as("the default codec takes the streaming path").isTrue();
        assertThat(streamed(codec, sample())).isEqualTo(built(codec, sample()));
        assertThat(streamed(codec, sample())).contains("money=BigDecimal:10.50", "f=Double:1.25", "s=Integer:7",
                "big=BigDecimal:123456789012345678901234567890", "at=Instant:2026-01-02T03:04:05.123456789Z",
                "offset=Instant:2026-01-01T10:00:00Z", "bytes=byte[][1, 2, -1]", "objects=[Integer:1, String:x, ]");
    }

    @Test
    @DisplayName("an application mapper's number features give the same numbers on both paths")
    void mapperNumberFeatures() {
        Numbers numbers = new Numbers(5, 6L, 1.5, BigInteger.TEN.pow(30), List.of(1, 2.5, Long.MAX_VALUE));
        for (DeserializationFeature feature : List.of(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)) {
            Codec<Numbers> codec = Codec.of(JsonMapper.builder().enable(feature).build(), Numbers.class);
            if (feature == DeserializationFeature.USE_LONG_FOR_INTS) {
                // toDocument fails on the 31-digit BigInteger; so must the stream, with the same message.
                assertThatThrownBy(() -> codec.toDocument(numbers)).isInstanceOf(IllegalArgumentException.class);
                String message = catchMessage(() -> codec.toDocument(numbers));
                assertThat(catchMessage(() -> codec.writeDocument(numbers, new TreeWriter()))).isEqualTo(message);
                Numbers small = new Numbers(5, 6L, 1.5, BigInteger.ONE, List.of(1, 2.5));
                assertThat(streamed(codec, small)).isEqualTo(built(codec, small)).contains("i=Long:5");
            } else {
                assertThat(streamed(codec, numbers)).as(feature.name()).isEqualTo(built(codec, numbers));
            }
        }
        Codec<Numbers> decimals = Codec.of(JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build(),
                Numbers.class);
        assertThat(streamed(decimals, numbers)).contains("d=BigDecimal:1.5");
    }

    @Test
    @DisplayName("a name written twice keeps the last value at the first position, as the tree does")
    void repeatedNames() {
        Codec<Repeats> codec = Codec.of(Repeats.class);
        assertThat(built(codec, new Repeats())).isEqualTo("{name=String:any-getter, size=Integer:1, other=Integer:2, }");
        assertThat(streamed(codec, new Repeats())).isEqualTo(built(codec, new Repeats()));
        Codec<Wrapper> nested = Codec.of(Wrapper.class);
        Wrapper deep = new Wrapper(List.of(Map.of("r", new Repeats())));
        assertThat(streamed(nested, deep)).isEqualTo(built(nested, deep));
    }

    @Test
    @DisplayName("wide documents with distinct names stream unchanged (the repeated-name check switches to a hash set)")
    void wideDocuments() {
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            wide.put("k" + i, Map.of("inner" + i, i));
        }
        Codec<Wrapper> codec = Codec.of(Wrapper.class);
        assertThat(streamed(codec, new Wrapper(wide))).isEqualTo(built(codec, new Wrapper(wide)));
    }

    private static String catchMessage(Runnable work) {
        try {
            work.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an IllegalArgumentException");
    }

    private static Object nested(int levels) {
        Object value = 1;
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    @Test
    @DisplayName("what toDocument rejects, writeDocument rejects with the same message")
    void sameErrors() {
        Codec<Wrapper> codec = Codec.of(Wrapper.class);
        for (Object bad : List.of(Double.NaN, Float.POSITIVE_INFINITY, nested(100), List.of(1, Map.of("x", Double.NaN)))) {
            String message = catchMessage(() -> codec.toDocument(new Wrapper(bad)));
            assertThat(catchMessage(() -> codec.writeDocument(new Wrapper(bad), new TreeWriter()))).isEqualTo(message);
        }
        assertThat(streamed(codec, new Wrapper(nested(99)))).isEqualTo(built(codec, new Wrapper(nested(99))));
        Codec<String> text = Codec.of(String.class);
        assertThat(catchMessage(() -> text.writeDocument("x", new TreeWriter())))
                .isEqualTo(catchMessage(() -> text.toDocument("x")))
                .contains("does not encode as a document (got STRING)");
    }

    @Test
    @DisplayName("the codec's own checks come before the writer's, and the writer's exception passes unchanged")
    void errorPrecedence() {
        Codec<Wrapper> codec = Codec.of(Wrapper.class);
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("$bad", 1);
        both.put("x", Double.NaN);
        assertThat(catchMessage(() -> codec.writeDocument(new Wrapper(both), new StrictWriter())))
                .isEqualTo(catchMessage(() -> codec.toDocument(new Wrapper(both))))
                .contains("numbers must be finite");
        assertThat(catchMessage(() -> codec.writeDocument(new Wrapper(Map.of("$bad", 1)), new StrictWriter())))
                .isEqualTo("refused name $bad");
    }

    /** A codec that implements only what it must, and produces values outside the model. */
    static final class LooseCodec implements Codec<String> {
        @Override
        public Class<String> type() {
            return String.class;
        }

        @Override
        public @Nullable Object encode(String value) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("f", 1.5f);
            out.put("kind", Kind.SMALL);
            out.put("s", (short) 2);
            out.put("array", new Object[] {1, List.of("a")});
            out.put("day", LocalDate.of(2026, 1, 1));
            out.put("value", value);
            return out;
        }

        @Override
        public String decode(@Nullable Object value) {
            return String.valueOf(value);
        }

        @Override
        public byte[] toJson(String value) {
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String fromJson(byte[] json) {
            return new String(json, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("the default writeDocument walks toDocument, converting non-model values as normalize does")
    void defaultWalk() {
        LooseCodec codec = new LooseCodec();
        assertThat(streamed(codec, "v")).isEqualTo(describe(DocumentValues.normalize(codec.toDocument("v"))))
                .isEqualTo("{f=Double:1.5, kind=String:SMALL, s=Integer:2, array=[Integer:1, [String:a, ], ], day=String:2026-01-01, value=String:v, }");
    }

    @Test
    @DisplayName("a mapper with default typing takes the tree path and still agrees with toDocument")
    void defaultTypingFallsBack() {
        ObjectMapper typing = JsonMapper.builder()
                .activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
                .build();
        Codec<Inner> codec = Codec.of(typing, Inner.class);
        assertThat(((JacksonCodec<Inner>) codec).streams()).isFalse();
        String message;
        try {
            message = built(codec, new Inner("n", 1));
        } catch (IllegalArgumentException e) {
            message = "error: " + e.getMessage();
        }
        String streamedOrError;
        try {
            streamedOrError = streamed(codec, new Inner("n", 1));
        } catch (IllegalArgumentException e) {
            streamedOrError = "error: " + e.getMessage();
        }
        assertThat(streamedOrError).isEqualTo(message);
    }
}
