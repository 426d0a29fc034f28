package dev.polyglot.postgres;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.FieldPaths;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How vectors and metadata are stored: a vector is a {@code bytea} of its float32 components in
 * little-endian order (4 bytes per component, the least PostgreSQL can carry losslessly), metadata
 * is {@code jsonb} written as the Document adapter writes documents ({@link JsonbValues}), so the
 * document filter functions apply to it.
 */
final class PostgresVectorCodec {

    private PostgresVectorCodec() {
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** Decodes a stored vector, checking it has the collection's dimensions. */
    static float[] decode(byte[] bytes, int dimensions, String collection) {
        if (bytes.length != dimensions * Float.BYTES) {
            throw new StoreConfigurationException("vector collection \"" + collection + "\" holds a vector of "
                    + bytes.length + " bytes, not " + dimensions + " float32 components; was its table changed?", null);
        }
        float[] vector = new float[dimensions];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /**
     * Rejects what PostgreSQL text and jsonb cannot hold, before anything is written: NUL characters
     * in metadata strings (jsonb refuses {@code \u0000}) and unpaired UTF-16 surrogates in the id or
     * metadata (UTF-8 cannot encode them, so they would silently turn into {@code ?}).
     */
    static void requireStorable(String id, Map<String, @Nullable Object> metadata) {
        if (hasUnpairedSurrogate(id)) {
            throw new IllegalArgumentException("vector id \"" + FieldPaths.printable(id)
                    + "\" contains an unpaired UTF-16 surrogate, which PostgreSQL text cannot store");
        }
        requireStorableValue(metadata, id);
    }

    private static void requireStorableValue(@Nullable Object value, String id) {
        if (value instanceof String s) {
            requireStorableString(s, "a metadata string", id);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                requireStorableString((String) e.getKey(), "a metadata key", id);
                requireStorableValue(e.getValue(), id);
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                requireStorableValue(element, id);
            }
        }
    }

    private static void requireStorableString(String s, String what, String id) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " of record \"" + FieldPaths.printable(id)
                    + "\" contains a NUL character, which PostgreSQL jsonb cannot store");
        }
        if (hasUnpairedSurrogate(s)) {
            throw new IllegalArgumentException(what + " of record \"" + FieldPaths.printable(id)
                    + "\" contains an unpaired UTF-16 surrogate, which PostgreSQL cannot store");
        }
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
