package dev.polyglot.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Document-model values as {@code jsonb} text, keeping what jsonb alone loses.
 *
 * <p><b>Key order.</b> jsonb stores the keys of an object sorted (shorter first, then by bytes),
 * but documents compare field by field in order, as in MongoDB. An object whose keys are not in
 * that order therefore carries its order in an extra key {@value #KEYS} (an array of the keys);
 * user keys never start with {@code $}, so it cannot clash, and no path can reach it. The update
 * functions of {@link PostgresDocumentSchema} maintain it.
 *
 * <p><b>NUL.</b> The one character jsonb cannot hold is made storable: {@code jsonb} rejects U+0000 in strings, so string values escape it as U+FFFE '0' and
 * escape U+FFFE itself as U+FFFE U+FFFE. The code is prefix-free, so equality and prefixes of
 * escaped strings are those of the originals; only strings holding either character sort
 * differently. Keys never hold NUL (see {@link dev.polyglot.spi.FieldPaths#validateKey}) and are
 * left as they are.
 */
final class JsonbValues {
    private static final char ESCAPE = '\uFFFE';

    /**
     * The longest key written: the JSON parser reading documents back ({@link PostgresJson}, Jackson's
     * default {@code StreamReadConstraints}) refuses longer names, so a longer key is rejected on write.
     */
    static final int MAX_KEY_LENGTH = 50_000;

    /** The key holding the key order of an object whose order is not jsonb's. */
    static final String KEYS = "$keys";

    private JsonbValues() {
    }

    /** Writes a model value as jsonb text, escaping NUL in strings. */
    static String write(@Nullable Object value) {
        return PostgresJson.write(escape(value));
    }

    /** Reads a stored document back into the model. */
    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> readDocument(String json) {
        return (Map<String, @Nullable Object>) unescape(PostgresJson.readDocument(json));
    }

    /** Escapes one string as it is stored. */
    static String escape(String s) {
        if (s.indexOf('\0') < 0 && s.indexOf(ESCAPE) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                sb.append(ESCAPE).append('0');
            } else if (c == ESCAPE) {
                sb.append(ESCAPE).append(ESCAPE);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Tells whether keys are in jsonb's order: shorter UTF-8 first, then unsigned bytes. */
    private static boolean inJsonbOrder(java.util.Collection<?> keys) {
        byte[] previous = null;
        for (Object key : keys) {
            byte[] bytes = String.valueOf(key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (previous != null) {
                int c = previous.length != bytes.length ? Integer.compare(previous.length, bytes.length)
                        : java.util.Arrays.compareUnsigned(previous, bytes);
                if (c > 0) {
                    return false;
                }
            }
            previous = bytes;
        }
        return true;
    }

    private static String unescape(String s) {
        if (s.indexOf(ESCAPE) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESCAPE && i + 1 < s.length()) {
                char next = s.charAt(++i);
                sb.append(next == '0' ? '\0' : next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escapes the strings of a model value as they are stored (a new value; the input is not changed). */
    static @Nullable Object escapeValue(@Nullable Object value) {
        return escape(value);
    }

    private static @Nullable Object escape(@Nullable Object value) {
        if (value instanceof String s) {
            return escape(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, @Nullable Object> out = new LinkedHashMap<>();
            if (!inJsonbOrder(map.keySet())) {
                List<Object> keys = new ArrayList<>(map.keySet());
                out.put(KEYS, keys);
            }
            map.forEach((k, v) -> {
                if (String.valueOf(k).length() > MAX_KEY_LENGTH) {
                    throw new IllegalArgumentException("document keys longer than " + MAX_KEY_LENGTH
                            + " characters cannot be stored in PostgreSQL");
                }
                out.put(k, escape(v));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(escape(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object unescape(@Nullable Object value) {
        if (value instanceof String s) {
            return unescape(s);
        }
        if (value instanceof Map<?, ?> raw) {
            Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) raw;
            Object order = map.remove(KEYS);
            Map<String, @Nullable Object> out = map;
            if (order instanceof List<?> keys) {
                out = new LinkedHashMap<>();
                for (Object key : keys) {
                    if (key instanceof String k && map.containsKey(k)) {
                        out.put(k, map.remove(k));
                    }
                }
                out.putAll(map); // defensive: keys the order does not list keep jsonb's order
            }
            out.replaceAll((k, v) -> unescape(v));
            return out;
        }
        if (value instanceof List<?> list) {
            ((List<@Nullable Object>) list).replaceAll(JsonbValues::unescape);
            return list;
        }
        return value;
    }
}
