package dev.polyglot.metrics;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A codec that passes everything to the collection's own codec and notes, for the advisor, the
 * top-level keys of every document encoded for writing (built or streamed) and every document
 * decoded after a read.
 */
final class ShapeRecordingCodec<T> implements Codec<T> {
    private final Codec<T> delegate;
    private final DocumentShapes shapes;

    ShapeRecordingCodec(Codec<T> delegate, DocumentShapes shapes) {
        this.delegate = delegate;
        this.shapes = shapes;
    }

    @Override
    public Class<T> type() {
        return delegate.type();
    }

    @Override
    public @Nullable Object encode(T value) {
        Object encoded = delegate.encode(value);
        if (encoded instanceof Map<?, ?> document) {
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) document;
            shapes.written(typed);
        }
        return encoded;
    }

    @Override
    public T decode(@Nullable Object value) {
        shapes.read();
        return delegate.decode(value);
    }

    @Override
    public Map<String, @Nullable Object> toDocument(T value) {
        Map<String, @Nullable Object> document = delegate.toDocument(value);
        shapes.written(document);
        return document;
    }

    @Override
    public void writeDocument(T value, DocumentWriter out) {
        TopLevelNames names = new TopLevelNames(out);
        delegate.writeDocument(value, names);
        shapes.written(names.keys);
    }

    /** Passes every event on and notes the names of the top-level document, as toDocument's keys. */
    private static final class TopLevelNames implements DocumentWriter {
        private final DocumentWriter out;
        private final Map<String, Boolean> keys = new HashMap<>();
        private int depth;

        TopLevelNames(DocumentWriter out) {
            this.out = out;
        }

        @Override
        public void startDocument() {
            depth++;
            out.startDocument();
        }

        @Override
        public void name(String name) {
            out.name(name);
            if (depth == 1) {
                keys.put(name, Boolean.TRUE);
            }
        }

        @Override
        public void endDocument() {
            depth--;
            out.endDocument();
        }

        @Override
        public void startList() {
            depth++;
            out.startList();
        }

        @Override
        public void endList() {
            depth--;
            out.endList();
        }

        @Override
        public void nullValue() {
            out.nullValue();
        }

        @Override
        public void stringValue(String value) {
            out.stringValue(value);
        }

        @Override
        public void intValue(int value) {
            out.intValue(value);
        }

        @Override
        public void longValue(long value) {
            out.longValue(value);
        }

        @Override
        public void doubleValue(double value) {
            out.doubleValue(value);
        }

        @Override
        public void decimalValue(BigDecimal value) {
            out.decimalValue(value);
        }

        @Override
        public void booleanValue(boolean value) {
            out.booleanValue(value);
        }

        @Override
        public void instantValue(Instant value) {
            out.instantValue(value);
        }

        @Override
        public void uuidValue(UUID value) {
            out.uuidValue(value);
        }

        @Override
        public void binaryValue(byte[] value) {
            out.binaryValue(value);
        }
    }

    @Override
    public byte[] toJson(T value) {
        return delegate.toJson(value);
    }

    @Override
    public T fromJson(byte[] json) {
        shapes.read();
        return delegate.fromJson(json);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
