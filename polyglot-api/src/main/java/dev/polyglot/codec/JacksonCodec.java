package dev.polyglot.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /** The deserializer Jackson reads untyped values with by default, which {@link #walk} mirrors. */
    private static final String PLAIN_UNTYPED_DESERIALIZER = "com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializerNR";

    private final ObjectMapper mapper;
    private final Class<T> type;
    /** Whether {@link #writeDocument} may walk tokens: only when reading them as {@code Object} is plain. */
    private final boolean streams;
    private final boolean bigIntegerForInts;
    private final boolean longForInts;
    private final boolean bigDecimalForFloats;

    JacksonCodec(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = Objects.requireNonNull(type, "type");
        DeserializationConfig config = mapper.getDeserializationConfig();
        this.bigIntegerForInts = config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        this.longForInts = config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
        this.bigDecimalForFloats = config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.streams = readsObjectsPlainly(mapper);
    }

    /**
     * Tells whether the mapper reads an untyped value with Jackson's own untyped deserializer and
     * without default typing, the reading that {@link #walk} reproduces; any other mapper (a custom
     * {@code Object}, {@code Map} or {@code List} deserializer, polymorphic default typing) is left
     * to the tree path, which stays exact for it.
     */
    private static boolean readsObjectsPlainly(ObjectMapper mapper) {
        JavaType object = mapper.constructType(Object.class);
        if (mapper.getSerializationConfig().getDefaultTyper(object) != null
                || mapper.getDeserializationConfig().getDefaultTyper(object) != null) {
            return false;
        }
        try {
            DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                    .createDummyInstance(mapper.getDeserializationConfig());
            return context.findRootValueDeserializer(object).getClass().getName().equals(PLAIN_UNTYPED_DESERIALIZER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@link #writeDocument} walks this codec's tokens (the fast path) rather than a tree. */
    boolean streams() {
        return streams;
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
            throw cannotEncode(value, e);
        }
    }

    private static IllegalArgumentException cannotEncode(Object value, Exception e) {
        return new IllegalArgumentException("cannot encode " + value.getClass().getName() + ": " + e.getMessage(), e);
    }

    /**
     * Streams the value's Jackson tokens into the writer, reading each scalar as
     * {@code readValue(parser, Object.class)} would and converting it as {@link #encode} does, so
     * the writer sees what a walk of {@link #toDocument} would show it — without the {@code Map}
     * tree, its normalized copy or a BSON (or other) tree built from them.
     */
    @Override
    public void writeDocument(T value, DocumentWriter out) {
        Objects.requireNonNull(value, "value");
        if (!streams) {
            Codec.super.writeDocument(value, out);
            return;
        }
        try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
            boolean useTree;
            try {
                mapper.writeValue(buffer, value);
                // The codec's own checks run over the whole value before the writer sees any of
                // it, so a value with several faults fails as toDocument fails, codec checks first.
                useTree = walk(buffer, null);
            } catch (NotADocument e) {
                useTree = true;
            } catch (IOException | RuntimeException e) {
                throw cannotEncode(value, e);
            }
            if (useTree) {
                // Rare (a custom serializer or an any-getter writing a name twice; or not a document
                // at all): the tree keeps the last value at the first position, and says what it got.
                Codec.super.writeDocument(value, out);
                return;
            }
            walk(buffer, out);
        } catch (IOException e) {
            throw cannotEncode(value, e);
        }
    }

    /** The value does not start with a document; {@link #toDocument} explains what it is. */
    private static final class NotADocument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotADocument() {
            super(null, null, false, false);
        }
    }

    /**
     * Walks the buffered tokens of one document. Without a writer it checks every value as
     * {@link DocumentValues#normalize} would and returns whether some document repeats a name;
     * with one it writes the document (and returns false).
     */
    private boolean walk(TokenBuffer buffer, @Nullable DocumentWriter out) throws IOException {
        try (JsonParser p = buffer.asParser(mapper)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new NotADocument();
            }
            RepeatedNames names = out == null ? new RepeatedNames() : null;
            boolean repeats = false;
            int depth = 0; // how many documents and lists enclose the current token
            while (true) {
                switch (token) {
                    case START_OBJECT:
                        requireDepth(depth);
                        depth++;
                        if (out != null) {
                            out.startDocument();
                        } else {
                            names.open(depth);
                        }
                        break;
                    case END_OBJECT:
                        if (out != null) {
                            out.endDocument();
                        } else {
                            names.close(depth);
                        }
                        depth--;
                        break;
                    case START_ARRAY:
                        requireDepth(depth);
                        depth++;
                        if (out != null) {
                            out.startList();
                        }
                        break;
                    case END_ARRAY:
                        depth--;
                        if (out != null) {
                            out.endList();
                        }
                        break;
                    case FIELD_NAME:
                        if (out != null) {
                            out.name(p.currentName());
                        } else if (names.repeated(depth, p.currentName())) {
                            repeats = true;
                        }
                        break;
                    default: {
                        Object scalar = scalar(p, token);
                        if (out == null) {
                            DocumentValues.normalize(scalar, depth);
                        } else if (!DocumentValues.writeScalar(scalar, out)) {
                            DocumentValues.writeValue(DocumentValues.normalize(scalar, depth), out, depth);
                        }
                    }
                }
                if (depth == 0) {
                    return repeats;
                }
                token = p.nextToken();
                if (token == null) {
                    throw new IOException("the serialized value ends inside a document");
                }
            }
        }
    }

    private static void requireDepth(int depth) {
        if (depth > DocumentValues.MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested more than " + DocumentValues.MAX_DEPTH + " levels deep");
        }
    }

    /** A scalar token as Jackson's untyped deserializer reads it under this mapper's features. */
    private @Nullable Object scalar(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (bigIntegerForInts) {
                    return p.getBigIntegerValue();
                }
                return longForInts ? (Object) p.getLongValue() : p.getNumberValue();
            case VALUE_NUMBER_FLOAT: {
                JsonParser.NumberTypeFP fp = p.getNumberTypeFP();
                if (fp == JsonParser.NumberTypeFP.BIG_DECIMAL || (!p.isNaN() && bigDecimalForFloats)) {
                    return p.getDecimalValue();
                }
                return fp == JsonParser.NumberTypeFP.FLOAT32 ? (Object) p.getFloatValue() : p.getDoubleValue();
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return p.getEmbeddedObject();
            default:
                throw new IOException("unexpected token " + token + " in a serialized value");
        }
    }

    /** The names seen so far in each open document of a walk, to notice a name written twice. */
    private static final class RepeatedNames {
        /** Beyond this many names a document's names move to a hash set; real records stay below. */
        private static final int LINEAR = 16;
        /** The names of the open documents, outermost first (those of a large one are in its set). */
        private final ArrayList<String> names = new ArrayList<>();
        private int[] starts = new int[8];
        private @Nullable Map<Integer, Set<String>> large;

        /** A document opens whose fields are at this depth. */
        void open(int depth) {
            if (depth >= starts.length) {
                starts = Arrays.copyOf(starts, Math.max(depth + 1, starts.length * 2));
            }
            starts[depth] = names.size();
        }

        /** Records a name of the document open at this depth; true if that document already had it. */
        boolean repeated(int depth, String name) {
            Set<String> set = large == null ? null : large.get(depth);
            if (set != null) {
                return !set.add(name);
            }
            int start = starts[depth];
            for (int i = start; i < names.size(); i++) {
                if (names.get(i).equals(name)) {
                    return true;
                }
            }
            if (names.size() - start < LINEAR) {
                names.add(name);
                return false;
            }
            set = new HashSet<>(names.subList(start, names.size()));
            truncate(start);
            if (large == null) {
                large = new HashMap<>();
            }
            large.put(depth, set);
            return !set.add(name);
        }

        /** The document whose fields are at this depth ends. */
        void close(int depth) {
            truncate(starts[depth]);
            if (large != null) {
                large.remove(depth);
            }
        }

        private void truncate(int size) {
            for (int i = names.size() - 1; i >= size; i--) {
                names.remove(i);
            }
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
