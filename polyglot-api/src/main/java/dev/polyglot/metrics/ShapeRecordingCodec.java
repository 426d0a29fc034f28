package dev.polyglot.metrics;

import dev.polyglot.codec.Codec;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A codec that passes everything to the collection's own codec and notes, for the advisor, the
 * top-level keys of every document encoded for writing and every document decoded after a read.
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
