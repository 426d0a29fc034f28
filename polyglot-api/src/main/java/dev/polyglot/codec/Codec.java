package dev.polyglot.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts one application type to and from Polyglot's {@linkplain DocumentValues document model}
 * and JSON bytes; every adapter stores values through a codec.
 *
 * <p>The default codec is backed by Jackson and handles records, POJOs, {@code java.time},
 * {@code BigDecimal}, {@code UUID}, enums, {@code Optional} and collections. In the document model
 * it keeps {@code Instant}, {@code UUID}, {@code BigDecimal} and {@code byte[]} as typed values (so
 * MongoDB gets a BSON date, a binary UUID and a Decimal128) and turns {@code OffsetDateTime} and
 * {@code ZonedDateTime} into instants (read back in UTC, as every document database does). In
 * JSON they are ISO-8601 text. Unknown properties are ignored on read so stored documents can carry
 * fields a newer or older class does not know.
 *
 * <pre>{@code
 * Codec<Customer> codec = Codec.of(Customer.class);
 * Map<String, Object> doc = codec.toDocument(new Customer("c-1", "Ada"));
 * }</pre>
 *
 * @param <T> the application type
 */
public interface Codec<T> {

    /**
     * Returns the default Jackson-backed codec for a type.
     *
     * @param type the application type
     * @param <T> the application type
     * @return the codec
     */
    static <T> Codec<T> of(Class<T> type) {
        return new JacksonCodec<>(JacksonCodec.DEFAULT_MAPPER, type);
    }

    /**
     * Returns a Jackson-backed codec using the application's own {@link ObjectMapper} settings;
     * the mapper is copied and extended with the document-model types, never changed.
     *
     * @param mapper the application's mapper
     * @param type the application type
     * @param <T> the application type
     * @return the codec
     */
    static <T> Codec<T> of(ObjectMapper mapper, Class<T> type) {
        return new JacksonCodec<>(JacksonCodec.extend(mapper), type);
    }

    /**
     * Returns the application type this codec converts.
     *
     * @return the type
     */
    Class<T> type();

    /**
     * Converts a value into a document-model value (a document for records and POJOs, a scalar for
     * strings and numbers).
     *
     * @param value the application value
     * @return the model value
     * @throws IllegalArgumentException if the value cannot be encoded
     */
    @Nullable Object encode(T value);

    /**
     * Converts a document-model value back into the application type.
     *
     * @param value a model value
     * @return the application value
     * @throws IllegalArgumentException if the value does not fit the type
     */
    T decode(@Nullable Object value);

    /**
     * Converts a value that must encode as a document (a record, POJO or map).
     *
     * @param value the application value
     * @return the document
     * @throws IllegalArgumentException if the value does not encode as a document
     */
    default Map<String, @Nullable Object> toDocument(T value) {
        Object encoded = encode(value);
        if (!(encoded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(type().getName() + " does not encode as a document (got "
                    + DocumentValues.family(encoded) + "); use a record, a POJO or a Map");
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> document = (Map<String, @Nullable Object>) encoded;
        return document;
    }

    /**
     * Streams a value that must encode as a document into a writer, with the content, order and
     * checks of {@link #toDocument} (and its exception messages), for adapters that encode straight
     * into their store's format.
     *
     * <p>The default walks {@link #toDocument}'s result, converting non-model values as
     * {@link DocumentValues#normalize} does; the Jackson codec walks the value's tokens instead,
     * without building the document. Exceptions the writer throws pass through unchanged.
     *
     * @param value the application value
     * @param out the writer that receives exactly one document
     * @throws IllegalArgumentException if the value does not encode as a document, or the writer
     *     rejects part of it
     */
    default void writeDocument(T value, DocumentWriter out) {
        DocumentValues.writeDocument(toDocument(value), out);
    }

    /**
     * Writes a value as UTF-8 JSON.
     *
     * @param value the application value
     * @return JSON bytes
     * @throws IllegalArgumentException if the value cannot be written
     */
    byte[] toJson(T value);

    /**
     * Reads a value from UTF-8 JSON.
     *
     * @param json JSON bytes written by {@link #toJson}
     * @return the application value
     * @throws IllegalArgumentException if the bytes do not hold a value of the type
     */
    T fromJson(byte[] json);
}
