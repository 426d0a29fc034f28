package dev.polyglot.mongo;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentWriter;
import dev.polyglot.document.DocumentKeys;
import dev.polyglot.spi.FieldPaths;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.io.BasicOutputBuffer;

/**
 * Writes the document a codec streams ({@link Codec#writeDocument}) as BSON, with the types of
 * {@link MongoBson#toBson} and the key checks of a stored document: every key valid
 * ({@link FieldPaths#validateKey}) and no top-level {@code _id}.
 */
final class MongoBsonWriter implements DocumentWriter {
    /** Room for a typical record; the buffer doubles when a record needs more. */
    private static final int INITIAL_BYTES = 256;

    private final BsonWriter out;
    /** How many documents and lists of the record are open. */
    private int depth;

    private MongoBsonWriter(BsonWriter out) {
        this.out = out;
    }

    /** Writes a record into BSON bytes, as an embedded document of a writer positioned on a field name. */
    static <T> void write(Codec<T> codec, T record, BsonWriter out) {
        codec.writeDocument(record, new MongoBsonWriter(out));
    }

    /** A BSON writer over a fresh buffer; {@link #finish} turns what it wrote into a document. */
    static BsonBinaryWriter writer() {
        return new BsonBinaryWriter(new BasicOutputBuffer(INITIAL_BYTES));
    }

    /** The document a writer from {@link #writer} holds, sharing its bytes (the writer is done with them). */
    static RawBsonDocument finish(BsonBinaryWriter writer) {
        BasicOutputBuffer buffer = (BasicOutputBuffer) writer.getBsonOutput();
        RawBsonDocument document = new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
        writer.close();
        return document;
    }

    /** Encodes a record alone as a BSON document. */
    static <T> RawBsonDocument encode(Codec<T> codec, T record) {
        BsonBinaryWriter writer = writer();
        write(codec, record, writer);
        return finish(writer);
    }

    @Override
    public void startDocument() {
        depth++;
        out.writeStartDocument();
    }

    @Override
    public void name(String name) {
        if (depth == 1 && DocumentKeys.RESERVED_FIELD.equals(name)) {
            throw new IllegalArgumentException("the top-level field \"" + DocumentKeys.RESERVED_FIELD
                    + "\" is reserved for the document id; the id is passed separately");
        }
        out.writeName(FieldPaths.validateKey(name));
    }

    @Override
    public void endDocument() {
        depth--;
        out.writeEndDocument();
    }

    @Override
    public void startList() {
        depth++;
        out.writeStartArray();
    }

    @Override
    public void endList() {
        depth--;
        out.writeEndArray();
    }

    @Override
    public void nullValue() {
        out.writeNull();
    }

    @Override
    public void stringValue(String value) {
        out.writeString(value);
    }

    @Override
    public void intValue(int value) {
        out.writeInt32(value);
    }

    @Override
    public void longValue(long value) {
        out.writeInt64(value);
    }

    @Override
    public void doubleValue(double value) {
        out.writeDouble(value);
    }

    @Override
    public void decimalValue(BigDecimal value) {
        out.writeDecimal128(MongoBson.decimal128(value));
    }

    @Override
    public void booleanValue(boolean value) {
        out.writeBoolean(value);
    }

    @Override
    public void instantValue(Instant value) {
        out.writeDateTime(MongoBson.epochMillis(value));
    }

    @Override
    public void uuidValue(UUID value) {
        out.writeBinaryData(new BsonBinary(value, UuidRepresentation.STANDARD));
    }

    @Override
    public void binaryValue(byte[] value) {
        // BsonBinaryWriter copies the bytes into its buffer at once, so no defensive copy.
        out.writeBinaryData(new BsonBinary(BsonBinarySubType.BINARY, value));
    }
}
