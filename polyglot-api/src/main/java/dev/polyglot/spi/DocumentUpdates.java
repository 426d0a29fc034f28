package dev.polyglot.spi;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Update;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies an {@link Update} to a document of the model with the semantics its javadoc states; for
 * adapters that update in memory and as the reference for those that translate updates.
 */
public final class DocumentUpdates {

    private DocumentUpdates() {
    }

    /**
     * Returns a changed copy of a document; the input is never modified.
     *
     * @param document the stored document
     * @param update the changes
     * @return the new document
     * @throws IllegalArgumentException if a change does not fit the stored document (inc of a
     *     non-number, push to a non-array, a path through a non-object, a long overflow)
     */
    @SuppressWarnings("unchecked")
    public static Map<String, @Nullable Object> apply(Map<String, ? extends @Nullable Object> document, Update update) {
        Map<String, @Nullable Object> copy = (Map<String, @Nullable Object>) DocumentValues.deepCopy(document);
        for (Update.Operation op : update.operations()) {
            List<String> segments = FieldPaths.segments(op.path());
            Map<String, @Nullable Object> parent = parent(copy, segments, op, !(op instanceof Update.Unset));
            if (parent == null) {
                continue;
            }
            String field = segments.get(segments.size() - 1);
            if (op instanceof Update.Set set) {
                parent.put(field, DocumentValues.deepCopy(set.value()));
            } else if (op instanceof Update.Unset) {
                parent.remove(field);
            } else if (op instanceof Update.Inc inc) {
                Object current = parent.get(field);
                if (current == null && !parent.containsKey(field)) {
                    parent.put(field, inc.delta());
                } else if (current instanceof Number n) {
                    parent.put(field, add(n, inc.delta(), op.path()));
                } else {
                    throw new IllegalArgumentException("cannot inc \"" + op.path() + "\": it holds "
                            + DocumentValues.family(current) + ", not a number");
                }
            } else if (op instanceof Update.Push push) {
                Object current = parent.get(field);
                if (current == null && !parent.containsKey(field)) {
                    List<@Nullable Object> list = new ArrayList<>();
                    list.add(DocumentValues.deepCopy(push.value()));
                    parent.put(field, list);
                } else if (current instanceof List<?> list) {
                    ((List<@Nullable Object>) list).add(DocumentValues.deepCopy(push.value()));
                } else {
                    throw new IllegalArgumentException("cannot push to \"" + op.path() + "\": it holds "
                            + DocumentValues.family(current) + ", not an array");
                }
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, @Nullable Object> parent(Map<String, @Nullable Object> root,
            List<String> segments, Update.Operation op, boolean create) {
        Map<String, @Nullable Object> node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String key = segments.get(i);
            Object child = node.get(key);
            if (child == null && !node.containsKey(key)) {
                if (!create) {
                    return null;
                }
                child = new LinkedHashMap<String, @Nullable Object>();
                node.put(key, child);
            }
            if (!(child instanceof Map<?, ?>)) {
                if (!create) {
                    return null;
                }
                throw new IllegalArgumentException("cannot change \"" + op.path() + "\": \""
                        + String.join(".", segments.subList(0, i + 1)) + "\" holds "
                        + DocumentValues.family(child) + ", not an object");
            }
            node = (Map<String, @Nullable Object>) child;
        }
        return node;
    }

    /**
     * Adds two model numbers as MongoDB's {@code $inc} does: ints widen to long on overflow,
     * a double makes a double, a BigDecimal makes a BigDecimal, a long overflow is an error.
     *
     * @param a the stored number
     * @param b the delta
     * @param path the field, for the error message
     * @return the sum as a model number
     * @throws IllegalArgumentException on long overflow
     */
    public static Number add(Number a, Number b, String path) {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return DocumentValues.toBigDecimal(a).add(DocumentValues.toBigDecimal(b));
        }
        if (a instanceof Double || b instanceof Double) {
            return a.doubleValue() + b.doubleValue();
        }
        long sum;
        try {
            sum = Math.addExact(a.longValue(), b.longValue());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("inc of \"" + path + "\" overflows a long", e);
        }
        if (a instanceof Integer && b instanceof Integer && sum == (int) sum) {
            return (int) sum;
        }
        return sum;
    }
}
