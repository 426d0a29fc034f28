package dev.polyglot.vector;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Normalization and value equality of record metadata, shared by the vector value types. */
final class VectorMetadata {

    private VectorMetadata() {
    }

    /**
     * Converts metadata to the document model, validates every key at every depth and freezes the
     * result, so a record never shares mutable state with its caller.
     */
    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> normalize(@Nullable Map<String, ? extends @Nullable Object> metadata) {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null; use an empty map");
        }
        Object normalized = DocumentValues.normalize(metadata);
        return (Map<String, @Nullable Object>) freeze(normalized);
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object freeze(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                out.put(FieldPaths.validateKey(e.getKey()), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(freeze(element));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
