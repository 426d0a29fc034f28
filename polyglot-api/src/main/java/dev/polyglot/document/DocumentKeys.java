package dev.polyglot.document;

import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.FieldPaths;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The key rules of stored documents, shared by every Document adapter so all accept and reject
 * exactly the same documents, paths and queries.
 *
 * <p>Keys must be valid {@linkplain FieldPaths#validateKey document keys} at every level (no
 * {@code '.'}, no leading {@code '$'}, no NUL, not empty), and the top-level field
 * {@value #RESERVED_FIELD} is reserved because MongoDB stores the document id there. Filters,
 * sorts, updates and indexes may not name {@value #RESERVED_FIELD} either: the id is not a field
 * of the document.
 */
public final class DocumentKeys {

    /** The top-level field name no document may use. */
    public static final String RESERVED_FIELD = "_id";

    private DocumentKeys() {
    }

    /**
     * Checks every key of a document of the model, recursively.
     *
     * @param document the document
     * @param <M> the map type
     * @return the same document
     * @throws IllegalArgumentException for the reserved top-level field or an invalid key
     */
    public static <M extends Map<String, ? extends @Nullable Object>> M validate(M document) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        if (document.containsKey(RESERVED_FIELD)) {
            throw new IllegalArgumentException("the top-level field \"" + RESERVED_FIELD
                    + "\" is reserved for the document id; the id is passed separately");
        }
        checkKeys(document);
        return document;
    }

    /**
     * Checks a field path used by a query, update or index: valid, and not the reserved field.
     *
     * @param path the path
     * @return the same path
     * @throws IllegalArgumentException for an invalid path or one starting at the reserved field
     */
    public static String validatePath(String path) {
        FieldPaths.validate(path);
        if (path.equals(RESERVED_FIELD) || path.startsWith(RESERVED_FIELD + ".")) {
            throw new IllegalArgumentException("field path \"" + FieldPaths.printable(path) + "\" names the reserved field \""
                    + RESERVED_FIELD + "\"; the document id is not a field");
        }
        return path;
    }

    /**
     * Checks every path of a filter.
     *
     * @param filter the filter
     * @return the same filter
     * @throws IllegalArgumentException for a null filter or a path naming the reserved field
     */
    public static Filter validate(Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        if (filter instanceof Filter.And and) {
            and.filters().forEach(DocumentKeys::validate);
        } else if (filter instanceof Filter.Or or) {
            or.filters().forEach(DocumentKeys::validate);
        } else if (filter instanceof Filter.Not not) {
            validate(not.filter());
        } else {
            validatePath(pathOf(filter));
        }
        return filter;
    }

    /**
     * Checks every path of a sort.
     *
     * @param sort the sort
     * @return the same sort
     * @throws IllegalArgumentException for a null sort or a path naming the reserved field
     */
    public static Sort validate(Sort sort) {
        if (sort == null) {
            throw new IllegalArgumentException("sort must not be null");
        }
        sort.orders().forEach(o -> validatePath(o.path()));
        return sort;
    }

    /**
     * Checks every path of an update.
     *
     * @param update the update
     * @return the same update
     * @throws IllegalArgumentException for a null update or a path naming the reserved field
     */
    public static Update validate(Update update) {
        if (update == null) {
            throw new IllegalArgumentException("update must not be null");
        }
        update.operations().forEach(o -> validatePath(o.path()));
        return update;
    }

    private static String pathOf(Filter filter) {
        if (filter instanceof Filter.Eq f) {
            return f.path();
        } else if (filter instanceof Filter.Ne f) {
            return f.path();
        } else if (filter instanceof Filter.Gt f) {
            return f.path();
        } else if (filter instanceof Filter.Gte f) {
            return f.path();
        } else if (filter instanceof Filter.Lt f) {
            return f.path();
        } else if (filter instanceof Filter.Lte f) {
            return f.path();
        } else if (filter instanceof Filter.In f) {
            return f.path();
        } else if (filter instanceof Filter.Nin f) {
            return f.path();
        } else if (filter instanceof Filter.Exists f) {
            return f.path();
        } else if (filter instanceof Filter.Contains f) {
            return f.path();
        } else if (filter instanceof Filter.ContainsAll f) {
            return f.path();
        } else if (filter instanceof Filter.StartsWith f) {
            return f.path();
        }
        throw new IllegalArgumentException("unknown filter " + filter);
    }

    private static void checkKeys(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("document keys must be strings");
                }
                FieldPaths.validateKey(key);
                checkKeys(e.getValue());
            }
        } else if (value instanceof List<?> list) {
            list.forEach(DocumentKeys::checkKeys);
        }
    }
}
