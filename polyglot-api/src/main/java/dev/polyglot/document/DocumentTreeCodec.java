package dev.polyglot.document;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The codec of raw documents: the document model itself, copied deeply both ways. */
final class DocumentTreeCodec implements Codec<Map<String, @Nullable Object>> {

    static final DocumentTreeCodec INSTANCE = new DocumentTreeCodec();

    @SuppressWarnings({"unchecked", "rawtypes"}) // Map.class cannot carry its type arguments
    private static final Codec<Map<String, @Nullable Object>> JSON = (Codec) Codec.of(Map.class);

    private DocumentTreeCodec() {
    }

    @SuppressWarnings("unchecked") // Class literals cannot be generic
    @Override
    public Class<Map<String, @Nullable Object>> type() {
        return (Class<Map<String, @Nullable Object>>) (Class<?>) Map.class;
    }

    @Override
    public @Nullable Object encode(Map<String, @Nullable Object> value) {
        if (value == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        return DocumentValues.normalize(value);
    }

    @SuppressWarnings("unchecked") // checked by the instanceof test
    @Override
    public Map<String, @Nullable Object> decode(@Nullable Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a document: " + DocumentValues.family(value));
        }
        return (Map<String, @Nullable Object>) DocumentValues.deepCopy(value);
    }

    @Override
    public byte[] toJson(Map<String, @Nullable Object> value) {
        return JSON.toJson(value);
    }

    @Override
    public Map<String, @Nullable Object> fromJson(byte[] json) {
        return JSON.fromJson(json);
    }

    @Override
    public String toString() {
        return "DocumentTreeCodec";
    }
}
