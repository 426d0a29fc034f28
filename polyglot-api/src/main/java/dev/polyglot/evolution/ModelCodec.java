package dev.polyglot.evolution;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import org.jspecify.annotations.Nullable;

/**
 * The codec of raw cache values: the document model itself, so a migration moves a value without
 * knowing its application type. JSON goes through the default Jackson codec, as typed caches do.
 */
final class ModelCodec implements Codec<Object> {

    static final ModelCodec INSTANCE = new ModelCodec();

    private static final Codec<Object> JSON = Codec.of(Object.class);

    private ModelCodec() {
    }

    @Override
    public Class<Object> type() {
        return Object.class;
    }

    @Override
    public @Nullable Object encode(Object value) {
        return DocumentValues.normalize(value);
    }

    @Override
    public Object decode(@Nullable Object value) {
        Object copy = DocumentValues.deepCopy(value);
        if (copy == null) {
            throw new IllegalArgumentException("a cache value cannot be null");
        }
        return copy;
    }

    @Override
    public byte[] toJson(Object value) {
        return JSON.toJson(value);
    }

    @Override
    public Object fromJson(byte[] json) {
        Object model = DocumentValues.normalize(JSON.fromJson(json));
        if (model == null) {
            throw new IllegalArgumentException("a cache value cannot be null");
        }
        return model;
    }

    /**
     * Returns a value in the form it has after a round trip through JSON, the form in which two
     * adapters that store the model and JSON respectively can be compared.
     */
    Object canonical(Object value) {
        return fromJson(toJson(value));
    }

    @Override
    public String toString() {
        return "ModelCodec";
    }
}
