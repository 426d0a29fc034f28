package dev.polyglot.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The Jackson-backed {@link Codec}. */
final class JacksonCodec<T> implements Codec<T> {

    static final ObjectMapper DEFAULT_MAPPER = extend(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .addModule(new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build());

    private final ObjectMapper mapper;
    private final Class<T> type;

    JacksonCodec(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Copies a mapper and teaches it to keep typed scalars when writing the document model. */
    static ObjectMapper extend(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("polyglot-document-model");
        module.addSerializer(Instant.class, new EmbeddingSerializer<>(Instant.class, i -> i));
        module.addSerializer(OffsetDateTime.class, new EmbeddingSerializer<>(OffsetDateTime.class, OffsetDateTime::toInstant));
        module.addSerializer(ZonedDateTime.class, new EmbeddingSerializer<>(ZonedDateTime.class, ZonedDateTime::toInstant));
        module.addSerializer(UUID.class, new EmbeddingSerializer<>(UUID.class, u -> u));
        module.addDeserializer(OffsetDateTime.class, new InstantAwareDeserializer<>(OffsetDateTime.class,
                InstantDeserializer.OFFSET_DATE_TIME, i -> i.atOffset(ZoneOffset.UTC)));
        module.addDeserializer(ZonedDateTime.class, new InstantAwareDeserializer<>(ZonedDateTime.class,
                InstantDeserializer.ZONED_DATE_TIME, i -> i.atZone(ZoneOffset.UTC)));
        ObjectMapper copy = mapper.copy();
        copy.registerModule(new JavaTimeModule());
        copy.registerModule(module);
        return copy;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public @Nullable Object encode(T value) {
        Objects.requireNonNull(value, "value");
        try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
            mapper.writeValue(buffer, value);
            try (JsonParser parser = buffer.asParser(mapper)) {
                return DocumentValues.normalize(mapper.readValue(parser, Object.class));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T decode(@Nullable Object value) {
        try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
            writeModel(buffer, value);
            try (JsonParser parser = buffer.asParser(mapper)) {
                T decoded = mapper.readValue(parser, type);
                if (decoded == null) {
                    throw new IllegalArgumentException("null does not decode to " + type.getName());
                }
                return decoded;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Writes model values token by token so typed scalars stay embedded for the deserializers. */
    private static void writeModel(TokenBuffer out, @Nullable Object value) throws IOException {
        if (value instanceof java.util.Map<?, ?> map) {
            out.writeStartObject();
            for (var e : map.entrySet()) {
                out.writeFieldName((String) e.getKey());
                writeModel(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof java.util.List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                writeModel(out, element);
            }
            out.writeEndArray();
        } else if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer i) {
            out.writeNumber(i);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof java.math.BigDecimal bd) {
            out.writeNumber(bd);
        } else if (value instanceof byte[] bytes) {
            out.writeBinary(bytes);
        } else {
            out.writeEmbeddedObject(value);
        }
    }

    @Override
    public byte[] toJson(T value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public T fromJson(byte[] json) {
        try {
            T decoded = mapper.readValue(json, type);
            if (decoded == null) {
                throw new IllegalArgumentException("JSON null does not decode to " + type.getName());
            }
            return decoded;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.getName() + " from JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JacksonCodec[" + type.getName() + "]";
    }

    /** Writes an embedded typed value into a TokenBuffer, and ISO text into real JSON. */
    private static final class EmbeddingSerializer<V> extends StdSerializer<V> {
        private static final long serialVersionUID = 1L;
        private final transient Function<V, Object> embedded;

        EmbeddingSerializer(Class<V> type, Function<V, Object> embedded) {
            super(type);
            this.embedded = embedded;
        }

        @Override
        public void serialize(V value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof TokenBuffer) {
                gen.writeEmbeddedObject(embedded.apply(value));
            } else {
                gen.writeString(value.toString());
            }
        }
    }

    /** Reads a date-time from its ISO text, or from an embedded instant (then in UTC). */
    private static final class InstantAwareDeserializer<V extends Temporal> extends StdDeserializer<V> {
        private static final long serialVersionUID = 1L;
        private final transient JsonDeserializer<V> text;
        private final transient Function<Instant, V> fromInstant;

        InstantAwareDeserializer(Class<V> type, JsonDeserializer<V> text, Function<Instant, V> fromInstant) {
            super(type);
            this.text = text;
            this.fromInstant = fromInstant;
        }

        @Override
        public V deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof Instant i) {
                return fromInstant.apply(i);
            }
            return text.deserialize(p, ctxt);
        }
    }
}
