package dev.polyglot.codec;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Receives one document of the {@linkplain DocumentValues document model} as a stream of events,
 * so an adapter can encode a record straight into its store's format (BSON, for MongoDB) without
 * a {@code Map} tree in between; see {@link Codec#writeDocument}.
 *
 * <p>A codec calls it with exactly one well-formed document: {@link #startDocument}, then for each
 * field {@link #name} followed by one value, then {@link #endDocument}. A value is a scalar method,
 * a nested document, or {@link #startList} followed by element values and {@link #endList}. Names
 * are distinct within a document, values are already in the model (finite doubles, at most 100
 * levels deep) and come in the same order as in {@link Codec#toDocument}. Names are not validated
 * by the codec: a writer checks them as its store requires and throws
 * {@link IllegalArgumentException} to reject one; the codec lets that exception through unchanged.
 * After any exception the writer's output is incomplete and must be discarded.
 *
 * <pre>{@code
 * codec.writeDocument(order, bsonWriter);   // bsonWriter implements DocumentWriter
 * }</pre>
 */
public interface DocumentWriter {

    /** Starts a document: the top-level one, a field's value or a list element. */
    void startDocument();

    /**
     * Names the next field of the current document.
     *
     * @param name the field name, not yet validated
     * @throws IllegalArgumentException if the store does not accept the name
     */
    void name(String name);

    /** Ends the current document. */
    void endDocument();

    /** Starts a list value. */
    void startList();

    /** Ends the current list. */
    void endList();

    /** Writes a {@code null} value. */
    void nullValue();

    /**
     * Writes a string value.
     *
     * @param value the string
     */
    void stringValue(String value);

    /**
     * Writes an {@code Integer} value of the model.
     *
     * @param value the number
     */
    void intValue(int value);

    /**
     * Writes a {@code Long} value of the model.
     *
     * @param value the number
     */
    void longValue(long value);

    /**
     * Writes a {@code Double} value of the model, always finite.
     *
     * @param value the number
     */
    void doubleValue(double value);

    /**
     * Writes a {@code BigDecimal} value of the model.
     *
     * @param value the number
     * @throws IllegalArgumentException if the store cannot hold the number exactly
     */
    void decimalValue(BigDecimal value);

    /**
     * Writes a boolean value.
     *
     * @param value the boolean
     */
    void booleanValue(boolean value);

    /**
     * Writes an instant value.
     *
     * @param value the instant
     * @throws IllegalArgumentException if the store cannot hold the instant
     */
    void instantValue(Instant value);

    /**
     * Writes a UUID value.
     *
     * @param value the UUID
     */
    void uuidValue(UUID value);

    /**
     * Writes a binary value; a writer that keeps the array beyond the call must copy it.
     *
     * @param value the bytes
     */
    void binaryValue(byte[] value);
}
