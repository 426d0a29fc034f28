package dev.polyglot.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.polyglot.codec.DocumentValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes document-model values as JSON text for {@code jsonb} columns and reads them back, keeping
 * the types JSON lacks in one-key wrapper objects, as MongoDB's extended JSON does:
 * {@code {"$date": "2026-01-02T03:04:05.000000000Z"}}, {@code {"$uuid": "…"}},
 * {@code {"$binary": "base64…"}}.
 *
 * <p>Document keys can never start with {@code $} (see {@link dev.polyglot.spi.FieldPaths}), so a
 * wrapper is never confused with user data. Instants are written in UTC with exactly nine fraction
 * digits, so the text of two instants compares like the instants (years 0000–9999) and SQL can sort
 * and range-compare them as text; UUIDs are written in lower case, whose text order is their
 * unsigned order. Numbers are JSON numbers ({@code numeric} in jsonb, exact): integral values read
 * back as {@code Integer} or {@code Long} when they fit, fractional ones as {@code Double} when the
 * text is a double's shortest form (as Jackson writes doubles), otherwise as {@code BigDecimal}.
 */
final class PostgresJson {
    /** Wrapper key of instants. */
    static final String DATE = "$date";
    /** Wrapper key of UUIDs. */
    static final String UUID_KEY = "$uuid";
    /** Wrapper key of binary values. */
    static final String BINARY = "$binary";

    // Documents may hold long keys and strings; the limits guard only against absurd input.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength(10_000_000)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();
    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private PostgresJson() {
    }

    /**
     * Writes a model value as JSON text.
     *
     * @param value a document-model value
     */
    static String write(@Nullable Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            write(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Returns the JSON text of an instant as it is stored inside its wrapper (for SQL comparisons).
     *
     * @param instant the instant
     */
    static String instantText(Instant instant) {
        return INSTANT.format(instant);
    }

    private static void write(JsonGenerator gen, @Nullable Object value) throws IOException {
        switch (DocumentValues.family(value)) {
            case NULL -> gen.writeNull();
            case STRING -> gen.writeString((String) value);
            case BOOLEAN -> gen.writeBoolean((Boolean) value);
            case NUMBER -> {
                if (value instanceof Integer i) {
                    gen.writeNumber(i);
                } else if (value instanceof Long l) {
                    gen.writeNumber(l);
                } else if (value instanceof Double d) {
                    gen.writeNumber(d);
                } else {
                    gen.writeNumber((BigDecimal) value);
                }
            }
            case INSTANT -> {
                gen.writeStartObject();
                gen.writeStringField(DATE, instantText((Instant) value));
                gen.writeEndObject();
            }
            case UUID -> {
                gen.writeStartObject();
                gen.writeStringField(UUID_KEY, value.toString().toLowerCase(Locale.ROOT));
                gen.writeEndObject();
            }
            case BINARY -> {
                gen.writeStartObject();
                gen.writeStringField(BINARY, Base64.getEncoder().encodeToString((byte[]) value));
                gen.writeEndObject();
            }
            case ARRAY -> {
                gen.writeStartArray();
                for (Object element : (List<?>) value) {
                    write(gen, element);
                }
                gen.writeEndArray();
            }
            case DOCUMENT -> {
                gen.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    gen.writeFieldName((String) e.getKey());
                    write(gen, e.getValue());
                }
                gen.writeEndObject();
            }
        }
    }

    /**
     * Reads JSON text written by {@link #write} back into the model.
     *
     * @param json the text, as PostgreSQL returns a jsonb value
     */
    static @Nullable Object read(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a JSON object written by {@link #write} as a document.
     *
     * @param json the text of an object
     */
    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> readDocument(String json) {
        Object value = read(json);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("stored JSON is not an object: " + json.substring(0, Math.min(80, json.length())));
        }
        return (Map<String, @Nullable Object>) value;
    }

    private static @Nullable Object read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p.getText());
            case START_ARRAY: {
                List<@Nullable Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, read(p));
                }
                return unwrap(map);
            }
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static Object unwrap(Map<String, @Nullable Object> map) {
        if (map.size() == 1) {
            Object v = map.values().iterator().next();
            if (v instanceof String s) {
                if (map.containsKey(DATE)) {
                    return Instant.parse(s);
                }
                if (map.containsKey(UUID_KEY)) {
                    return UUID.fromString(s);
                }
                if (map.containsKey(BINARY)) {
                    return Base64.getDecoder().decode(s);
                }
            }
        }
        return map;
    }

    private static Number number(String text) {
        BigDecimal n = new BigDecimal(text);
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral) {
            try {
                long l = n.longValueExact();
                return l == (int) l ? (Number) (int) l : (Number) l;
            } catch (ArithmeticException tooBig) {
                return n;
            }
        }
        // A double written as JSON is its shortest decimal text, so read it back as that double.
        double d = n.doubleValue();
        return !Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(n) == 0 ? (Number) d : n;
    }
}
