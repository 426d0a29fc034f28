package dev.polyglot.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Polyglot's document model and the value rules every adapter shares.
 *
 * <p>A document is a {@code Map<String, Object>} (insertion-ordered) whose values are, recursively:
 * {@code null}, {@link String}, {@link Boolean}, a number ({@link Integer}, {@link Long},
 * {@link Double} or {@link BigDecimal}), {@link Instant}, {@link UUID}, {@code byte[]}, a nested
 * document or a {@link List} of values. This is the common ground of JSON, BSON and PostgreSQL
 * JSONB, and it is what filters compare against.
 *
 * <p>{@link #normalize} maps ordinary Java values into the model: {@code short}/{@code byte} become
 * {@code Integer}, {@code float} becomes {@code Double}, {@code BigInteger} becomes
 * {@code BigDecimal}, offset and zoned date-times and {@link Date} become {@code Instant}, enums
 * become their name and local dates and times become their ISO-8601 text (the same text the codec
 * writes).
 */
public final class DocumentValues {

    /**
     * The families within which values compare; comparisons never match across families, and
     * sorting orders families in the order declared here.
     */
    public enum Family {
        /** {@code null} and missing fields. */
        NULL,
        /** Integer, Long, Double, BigDecimal — compared by value. */
        NUMBER,
        /** Strings, compared by Unicode code point. */
        STRING,
        /** Nested documents. */
        DOCUMENT,
        /** Lists. */
        ARRAY,
        /** Byte arrays, compared by length then unsigned bytes (as MongoDB does). */
        BINARY,
        /** UUIDs, compared as unsigned 128-bit numbers. */
        UUID,
        /** Booleans, false before true. */
        BOOLEAN,
        /** Instants, in time order. */
        INSTANT
    }

    private DocumentValues() {
    }

    /**
     * Converts a Java value into the document model, copying collections, maps and arrays deeply.
     *
     * @param value any supported value
     * @return the model value
     * @throws IllegalArgumentException for a type the model cannot hold, a non-finite number, a
     *     map key that is not a string, or a value nested too deeply
     */
    public static @Nullable Object normalize(@Nullable Object value) {
        return normalize(value, 0);
    }

    /** How deeply values may nest: far beyond real documents, well within BSON's and JSONB's limits. */
    static final int MAX_DEPTH = 100;

    /** Normalizes a value found inside {@code depth} enclosing documents and lists. */
    static @Nullable Object normalize(@Nullable Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Integer || value instanceof Long || value instanceof Instant
                || value instanceof UUID) {
            return value;
        }
        if (value instanceof Double d) {
            return finite(d);
        }
        if (value instanceof Float f) {
            return finite(f.doubleValue());
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof LocalTime) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("document keys must be strings, not "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                out.put(key, normalize(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof Collection<?> collection) {
            List<@Nullable Object> out = new ArrayList<>(collection.size());
            for (Object element : collection) {
                out.add(normalize(element, depth + 1));
            }
            return out;
        }
        if (value instanceof Object[] array) {
            return normalize(Arrays.asList(array), depth);
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        throw new IllegalArgumentException("type " + value.getClass().getName()
                + " is not part of the document model; encode it with a Codec first");
    }

    /**
     * Streams a document (a codec's {@code toDocument} result, possibly holding values outside the
     * model) into a writer, converting and checking values exactly as {@link #normalize} does.
     */
    static void writeDocument(Map<?, ?> document, DocumentWriter out) {
        writeMap(document, out, 0);
    }

    private static void writeMap(Map<?, ?> map, DocumentWriter out, int depth) {
        out.startDocument();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("document keys must be strings, not "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            out.name(key);
            writeValue(e.getValue(), out, depth + 1);
        }
        out.endDocument();
    }

    /** Streams a value found inside {@code depth} enclosing documents and lists. */
    static void writeValue(@Nullable Object value, DocumentWriter out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value instanceof Map<?, ?> map) {
            writeMap(map, out, depth);
        } else if (value instanceof Collection<?> collection) {
            out.startList();
            for (Object element : collection) {
                writeValue(element, out, depth + 1);
            }
            out.endList();
        } else if (value instanceof Object[] array) {
            writeValue(Arrays.asList(array), out, depth);
        } else if (!writeScalar(value, out)) {
            // Float, Short, enums, dates...: converted as the model converts them (or rejected).
            writeValue(normalize(value, depth), out, depth);
        }
    }

    /**
     * Writes a scalar that is already a model value; returns false, writing nothing, for anything
     * else. A double must be finite.
     */
    static boolean writeScalar(@Nullable Object value, DocumentWriter out) {
        if (value == null) {
            out.nullValue();
        } else if (value instanceof String s) {
            out.stringValue(s);
        } else if (value instanceof Integer i) {
            out.intValue(i);
        } else if (value instanceof Long l) {
            out.longValue(l);
        } else if (value instanceof Double d) {
            out.doubleValue(finite(d));
        } else if (value instanceof Boolean b) {
            out.booleanValue(b);
        } else if (value instanceof BigDecimal bd) {
            out.decimalValue(bd);
        } else if (value instanceof Instant instant) {
            out.instantValue(instant);
        } else if (value instanceof UUID uuid) {
            out.uuidValue(uuid);
        } else if (value instanceof byte[] bytes) {
            out.binaryValue(bytes);
        } else {
            return false;
        }
        return true;
    }

    private static Double finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("numbers must be finite, got " + d);
        }
        return d;
    }

    /**
     * Tells whether a model value is a scalar (not a document or a list).
     *
     * @param value a model value
     * @return true for null, strings, numbers, booleans, instants, UUIDs and binary
     */
    public static boolean isScalar(@Nullable Object value) {
        return !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
    }

    /**
     * Returns the family of a model value.
     *
     * @param value a model value
     * @return its family
     * @throws IllegalArgumentException if the value is not a model value
     */
    public static Family family(@Nullable Object value) {
        if (value == null) {
            return Family.NULL;
        }
        if (value instanceof Number) {
            return Family.NUMBER;
        }
        if (value instanceof String) {
            return Family.STRING;
        }
        if (value instanceof Map<?, ?>) {
            return Family.DOCUMENT;
        }
        if (value instanceof List<?>) {
            return Family.ARRAY;
        }
        if (value instanceof byte[]) {
            return Family.BINARY;
        }
        if (value instanceof UUID) {
            return Family.UUID;
        }
        if (value instanceof Boolean) {
            return Family.BOOLEAN;
        }
        if (value instanceof Instant) {
            return Family.INSTANT;
        }
        throw new IllegalArgumentException("not a document-model value: " + value.getClass().getName());
    }

    /**
     * Tells whether two model values are equal in the model's sense: numbers by value across types,
     * binary by content, documents and lists element by element.
     *
     * @param a a model value
     * @param b a model value
     * @return whether they are equal
     */
    public static boolean valueEquals(@Nullable Object a, @Nullable Object b) {
        if (family(a) != family(b)) {
            return false;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            // MongoDB compares embedded documents field by field, in order.
            if (ma.size() != mb.size()) {
                return false;
            }
            var ia = ma.entrySet().iterator();
            var ib = mb.entrySet().iterator();
            while (ia.hasNext()) {
                var ea = ia.next();
                var eb = ib.next();
                if (!ea.getKey().equals(eb.getKey()) || !valueEquals(ea.getValue(), eb.getValue())) {
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
                if (!valueEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null || compare(a, b) == 0;
    }

    /**
     * Compares two model values by content: documents regardless of key order (stores such as
     * JSONB reorder keys), numbers by value across types, binary by content. This is equality of
     * stored data, where {@link #valueEquals} is MongoDB's (key-order-sensitive) filter equality.
     *
     * @param a a model value
     * @param b a model value
     * @return whether they hold the same content
     */
    public static boolean contentEquals(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !contentEquals(e.getValue(), mb.get(e.getKey()))) {
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
                if (!contentEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return compareNumbers(na, nb) == 0;
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return Arrays.equals(ba, bb);
        }
        return a == null ? b == null : a.equals(b);
    }

    /**
     * Returns a hash code consistent with {@link #contentEquals}.
     *
     * @param value a model value
     * @return the hash code
     */
    public static int contentHashCode(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            int h = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                h += e.getKey().hashCode() ^ contentHashCode(e.getValue());
            }
            return h;
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + contentHashCode(element);
            }
            return h;
        }
        if (value instanceof Number n) {
            return toBigDecimal(n).stripTrailingZeros().hashCode();
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        return value == null ? 0 : value.hashCode();
    }

    /**
     * Orders two model values: first by {@link Family} in declaration order, then by value within
     * the family. This is the order used for sorting and keyset paging.
     *
     * @param a a model value
     * @param b a model value
     * @return negative, zero or positive
     */
    @SuppressWarnings("unchecked")
    public static int compare(@Nullable Object a, @Nullable Object b) {
        Family fa = family(a);
        Family fb = family(b);
        if (fa != fb) {
            return fa.compareTo(fb);
        }
        switch (fa) {
            case NULL:
                return 0;
            case NUMBER:
                return compareNumbers((Number) a, (Number) b);
            case STRING:
                return compareCodePoints((String) a, (String) b);
            case BINARY: {
                byte[] x = (byte[]) a;
                byte[] y = (byte[]) b;
                if (x.length != y.length) {
                    return Integer.compare(x.length, y.length);
                }
                return Arrays.compareUnsigned(x, y);
            }
            case UUID: {
                UUID x = (UUID) a;
                UUID y = (UUID) b;
                int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
                return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
            }
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case INSTANT:
                return ((Instant) a).compareTo((Instant) b);
            case DOCUMENT: {
                var ia = ((Map<String, Object>) a).entrySet().iterator();
                var ib = ((Map<String, Object>) b).entrySet().iterator();
                while (ia.hasNext() && ib.hasNext()) {
                    var ea = ia.next();
                    var eb = ib.next();
                    int c = compareCodePoints(ea.getKey(), eb.getKey());
                    if (c == 0) {
                        c = compare(ea.getValue(), eb.getValue());
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return Boolean.compare(ia.hasNext(), ib.hasNext());
            }
            case ARRAY: {
                List<Object> x = (List<Object>) a;
                List<Object> y = (List<Object>) b;
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = compare(x.get(i), y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            default:
                throw new AssertionError(fa);
        }
    }

    /**
     * Compares numbers by their exact value, whatever their Java types.
     *
     * @param a a number of the model
     * @param b a number of the model
     * @return negative, zero or positive
     */
    public static int compareNumbers(Number a, Number b) {
        if ((a instanceof Integer || a instanceof Long) && (b instanceof Integer || b instanceof Long)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    /**
     * Converts a model number to an exact {@link BigDecimal}.
     *
     * @param n a number of the model
     * @return its exact value
     */
    public static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal bd) {
            return bd;
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /**
     * Returns a deep, independent copy of a model value, so stored data never aliases caller data.
     *
     * @param value a model value
     * @return the copy
     */
    @SuppressWarnings("unchecked")
    public static @Nullable Object deepCopy(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(deepCopy(v));
            }
            return out;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        return value;
    }
}
