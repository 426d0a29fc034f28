package dev.polyglot.vector;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Compares metadata by value: keys regardless of order (stores such as JSONB reorder them),
     * numbers by value across types, binary by content.
     */
    static boolean equal(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !equal(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!equal(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return DocumentValues.compareNumbers(na, nb) == 0;
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return Arrays.equals(ba, bb);
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A hash consistent with {@link #equal}. */
    static int hash(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            int h = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                h += e.getKey().hashCode() ^ hash(e.getValue());
            }
            return h;
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + hash(element);
            }
            return h;
        }
        if (value instanceof Number n) {
            return DocumentValues.toBigDecimal(n).stripTrailingZeros().hashCode();
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        return value == null ? 0 : value.hashCode();
    }
}
