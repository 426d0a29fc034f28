package dev.polyglot.spi;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a {@link Filter} against a document of the model, exactly as the {@code Filter}
 * javadoc specifies; the reference for every adapter and the evaluator for those that filter in
 * memory (the in-memory stores, vector metadata in an HNSW index).
 */
public final class DocumentFilters {

    /** Marks a path that does not reach a field. */
    private static final Object MISSING = new Object();

    private DocumentFilters() {
    }

    /**
     * Tells whether a document matches a filter.
     *
     * @param filter the filter
     * @param document a document of the model
     * @return whether it matches
     */
    public static boolean matches(Filter filter, Map<String, ? extends @Nullable Object> document) {
        if (filter instanceof Filter.And and) {
            for (Filter f : and.filters()) {
                if (!matches(f, document)) {
                    return false;
                }
            }
            return true;
        }
        if (filter instanceof Filter.Or or) {
            for (Filter f : or.filters()) {
                if (matches(f, document)) {
                    return true;
                }
            }
            return false;
        }
        if (filter instanceof Filter.Not not) {
            return !matches(not.filter(), document);
        }
        if (filter instanceof Filter.Eq eq) {
            return equalsAny(leaves(document, eq.path()), eq.value());
        }
        if (filter instanceof Filter.Ne ne) {
            return !equalsAny(leaves(document, ne.path()), ne.value());
        }
        if (filter instanceof Filter.In in) {
            return inAny(leaves(document, in.path()), in.values());
        }
        if (filter instanceof Filter.Nin nin) {
            return !inAny(leaves(document, nin.path()), nin.values());
        }
        if (filter instanceof Filter.Gt gt) {
            return compareAny(leaves(document, gt.path()), gt.value(), c -> c > 0);
        }
        if (filter instanceof Filter.Gte gte) {
            return compareAny(leaves(document, gte.path()), gte.value(), c -> c >= 0);
        }
        if (filter instanceof Filter.Lt lt) {
            return compareAny(leaves(document, lt.path()), lt.value(), c -> c < 0);
        }
        if (filter instanceof Filter.Lte lte) {
            return compareAny(leaves(document, lte.path()), lte.value(), c -> c <= 0);
        }
        if (filter instanceof Filter.Exists exists) {
            boolean present = leaves(document, exists.path()).stream().anyMatch(v -> v != MISSING);
            return present == exists.exists();
        }
        if (filter instanceof Filter.Contains contains) {
            return leaves(document, contains.path()).stream()
                    .anyMatch(v -> v instanceof List<?> list && listHolds(list, contains.value()));
        }
        if (filter instanceof Filter.ContainsAll all) {
            List<Object> leaves = leaves(document, all.path());
            for (Object wanted : all.values()) {
                boolean found = leaves.stream().anyMatch(v -> v instanceof List<?> list && listHolds(list, wanted));
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (filter instanceof Filter.StartsWith sw) {
            return candidates(leaves(document, sw.path())).stream()
                    .anyMatch(v -> v instanceof String s && s.startsWith(sw.prefix()));
        }
        throw new IllegalArgumentException("unknown filter " + filter);
    }

    /**
     * Returns the value a document holds at a path, for sorting and keyset paging: the first value
     * the path reaches, or null when it reaches none.
     *
     * @param document a document of the model
     * @param path a field path
     * @return the value, or null
     */
    public static @Nullable Object valueAt(Map<String, ? extends @Nullable Object> document, String path) {
        for (Object v : leaves(document, path)) {
            if (v != MISSING) {
                return v;
            }
        }
        return null;
    }

    /** Every value the path reaches, walking into arrays of documents; MISSING where it stops short. */
    private static List<Object> leaves(Map<String, ? extends @Nullable Object> document, String path) {
        List<Object> out = new ArrayList<>();
        collect(document, FieldPaths.segments(path), 0, out);
        return out;
    }

    private static void collect(@Nullable Object node, List<String> segments, int index, List<Object> out) {
        if (index == segments.size()) {
            out.add(node);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            String key = segments.get(index);
            if (map.containsKey(key)) {
                collect(map.get(key), segments, index + 1, out);
            } else {
                out.add(MISSING);
            }
        } else if (node instanceof List<?> list && index > 0) {
            if (list.isEmpty()) {
                out.add(MISSING);
            }
            for (Object element : list) {
                if (element instanceof Map<?, ?>) {
                    collect(element, segments, index, out);
                } else {
                    out.add(MISSING);
                }
            }
        } else {
            out.add(MISSING);
        }
    }

    /** The scalars a comparison looks at: each leaf, and the elements of each array leaf. */
    private static List<@Nullable Object> candidates(List<Object> leaves) {
        List<@Nullable Object> out = new ArrayList<>();
        for (Object leaf : leaves) {
            if (leaf == MISSING) {
                continue;
            }
            if (leaf instanceof List<?> list) {
                out.addAll(list);
            } else {
                out.add(leaf);
            }
        }
        return out;
    }

    private static boolean equalsAny(List<Object> leaves, @Nullable Object value) {
        if (value == null) {
            for (Object leaf : leaves) {
                if (leaf == MISSING || leaf == null || (leaf instanceof List<?> list && list.contains(null))) {
                    return true;
                }
            }
            return false;
        }
        for (Object candidate : candidates(leaves)) {
            if (DocumentValues.valueEquals(candidate, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inAny(List<Object> leaves, List<@Nullable Object> values) {
        for (Object value : values) {
            if (equalsAny(leaves, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean compareAny(List<Object> leaves, Object value, Predicate<Integer> test) {
        DocumentValues.Family family = DocumentValues.family(value);
        for (Object candidate : candidates(leaves)) {
            if (DocumentValues.family(candidate) == family && test.test(DocumentValues.compare(candidate, value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean listHolds(List<?> list, @Nullable Object value) {
        for (Object element : list) {
            if (DocumentValues.valueEquals(element, value)) {
                return true;
            }
        }
        return false;
    }
}
