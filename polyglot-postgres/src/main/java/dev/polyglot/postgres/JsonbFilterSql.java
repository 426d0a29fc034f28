package dev.polyglot.postgres;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates a {@link Filter} into a SQL boolean expression over one {@code jsonb} column holding
 * {@link PostgresJson} text, with exactly the semantics of {@link dev.polyglot.spi.DocumentFilters}.
 *
 * <p>Each operator calls a function of {@link PostgresDocumentSchema} (which must be installed) with
 * the path as a bound {@code text[]} and the value as bound {@code jsonb} text; nothing a user
 * supplies is spliced into the SQL. The column expression is the caller's own SQL text (such as
 * {@code doc} or {@code v.metadata}). Equality on a short path is also expressed as jsonb
 * containment ({@code @>}), a necessary condition that a GIN {@code jsonb_path_ops} index on the
 * column can answer; the exact function stays in the expression, so results do not change.
 *
 * <p>Parameters are JDBC positional ({@code ?}): each translation appends its values, in the order
 * of their placeholders, to the list the translator was given, so the caller adds the parameters
 * of SQL text before the filter first. Values are {@code String} (jsonb text or plain text, cast
 * in the SQL) or {@code String[]} (a path, bound as a {@code text[]} array).
 */
final class JsonbFilterSql {
    /** Paths of at most this many segments get a containment pre-filter (2^n alternatives). */
    private static final int CONTAINMENT_MAX_SEGMENTS = 3;

    private final String column;
    private final List<Object> parameters;

    /**
     * Creates a translator.
     *
     * @param column the SQL expression of the jsonb column (trusted SQL text, never user input)
     * @param parameters the statement's parameters so far; translations append to it
     */
    JsonbFilterSql(String column, List<Object> parameters) {
        this.column = column;
        this.parameters = parameters;
    }

    /** Returns the SQL expression of a filter, adding its parameters. */
    String translate(Filter filter) {
        if (filter instanceof Filter.And and) {
            if (and.filters().isEmpty()) {
                return "TRUE";
            }
            List<String> parts = new ArrayList<>();
            and.filters().forEach(f -> parts.add(translate(f)));
            return "(" + String.join(" AND ", parts) + ")";
        }
        if (filter instanceof Filter.Or or) {
            if (or.filters().isEmpty()) {
                return "FALSE";
            }
            List<String> parts = new ArrayList<>();
            or.filters().forEach(f -> parts.add(translate(f)));
            return "(" + String.join(" OR ", parts) + ")";
        }
        if (filter instanceof Filter.Not not) {
            return "(NOT " + translate(not.filter()) + ")";
        }
        if (filter instanceof Filter.Eq eq) {
            return eq(eq.path(), eq.value());
        }
        if (filter instanceof Filter.Ne ne) {
            return "(NOT " + eq(ne.path(), ne.value()) + ")";
        }
        if (filter instanceof Filter.In in) {
            return anyOf(in.path(), in.values());
        }
        if (filter instanceof Filter.Nin nin) {
            return "(NOT " + anyOf(nin.path(), nin.values()) + ")";
        }
        if (filter instanceof Filter.Gt gt) {
            return compare(gt.path(), gt.value(), 2);
        }
        if (filter instanceof Filter.Gte gte) {
            return compare(gte.path(), gte.value(), 1);
        }
        if (filter instanceof Filter.Lt lt) {
            return compare(lt.path(), lt.value(), -2);
        }
        if (filter instanceof Filter.Lte lte) {
            return compare(lte.path(), lte.value(), -1);
        }
        if (filter instanceof Filter.Exists exists) {
            String sql = "polyglot_doc_exists(" + column + ", " + path(exists.path()) + ")";
            return exists.exists() ? sql : "(NOT " + sql + ")";
        }
        if (filter instanceof Filter.Contains contains) {
            return contains(contains.path(), contains.value());
        }
        if (filter instanceof Filter.ContainsAll all) {
            if (all.values().isEmpty()) {
                return "TRUE";
            }
            List<String> parts = new ArrayList<>();
            all.values().forEach(v -> parts.add(contains(all.path(), v)));
            return "(" + String.join(" AND ", parts) + ")";
        }
        if (filter instanceof Filter.StartsWith sw) {
            return "polyglot_doc_starts_with(" + column + ", " + path(sw.path()) + ", "
                    + bind(JsonbValues.escape(sw.prefix())) + ")";
        }
        throw new IllegalArgumentException("unknown filter " + filter);
    }

    /**
     * Returns the SQL of a filter that jsonb containment ({@code @>}) alone decides exactly, adding
     * its parameters, or null (adding none) when the filter needs the functions.
     *
     * <p>That is equality, inequality and (not) in with string, number or boolean values on paths
     * of at most {@value #CONTAINMENT_MAX_SEGMENTS} segments, and and/or/not of those. For such a
     * value the containment alternatives of {@link #translate} are exact, not only necessary:
     * jsonb compares numbers as numbers and strings by their (escaped) text, as the function does,
     * and a scalar cannot match a document with extra keys the way an object value can. Containment
     * is plain C in the server, so it costs a fraction of the functions on every row it checks.
     */
    @Nullable String containmentOnly(Filter filter) {
        List<Object> own = new ArrayList<>();
        String sql = new JsonbFilterSql(column, own).containment(filter);
        if (sql != null) {
            parameters.addAll(own);
        }
        return sql;
    }

    private @Nullable String containment(Filter filter) {
        if (filter instanceof Filter.And and) {
            return combine(and.filters(), " AND ", "TRUE");
        }
        if (filter instanceof Filter.Or or) {
            return combine(or.filters(), " OR ", "FALSE");
        }
        if (filter instanceof Filter.Not not) {
            String inner = containment(not.filter());
            return inner == null ? null : "(NOT " + inner + ")";
        }
        if (filter instanceof Filter.Eq eq) {
            return containmentAnyOf(eq.path(), java.util.Collections.singletonList(eq.value()));
        }
        if (filter instanceof Filter.Ne ne) {
            String inner = containmentAnyOf(ne.path(), java.util.Collections.singletonList(ne.value()));
            return inner == null ? null : "(NOT " + inner + ")";
        }
        if (filter instanceof Filter.In in) {
            return containmentAnyOf(in.path(), in.values());
        }
        if (filter instanceof Filter.Nin nin) {
            String inner = containmentAnyOf(nin.path(), nin.values());
            return inner == null ? null : "(NOT " + inner + ")";
        }
        return null;
    }

    private @Nullable String combine(List<Filter> filters, String operator, String empty) {
        if (filters.isEmpty()) {
            return empty;
        }
        List<String> parts = new ArrayList<>();
        for (Filter f : filters) {
            String part = containment(f);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return "(" + String.join(operator, parts) + ")";
    }

    private @Nullable String containmentAnyOf(String path, List<@Nullable Object> values) {
        List<String> segments = FieldPaths.segments(path);
        if (segments.size() > CONTAINMENT_MAX_SEGMENTS) {
            return null;
        }
        for (Object value : values) {
            if (!(value instanceof String || value instanceof Boolean || value instanceof Number)) {
                return null;
            }
        }
        if (values.isEmpty()) {
            return "FALSE";
        }
        List<String> alternatives = new ArrayList<>();
        for (Object value : values) {
            for (int mask = 0; mask < (1 << segments.size()); mask++) {
                alternatives.add(column + " @> " + json(containment(segments, value, mask)));
            }
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    private String eq(String path, @Nullable Object value) {
        List<String> segments = FieldPaths.segments(path);
        if (value == null || segments.size() > CONTAINMENT_MAX_SEGMENTS) {
            return exactEq(path, value);
        }
        // Placeholders bind in text order: the alternatives come first.
        List<String> alternatives = new ArrayList<>();
        for (int mask = 0; mask < (1 << segments.size()); mask++) {
            alternatives.add(column + " @> " + json(containment(segments, value, mask)));
        }
        return "((" + String.join(" OR ", alternatives) + ") AND " + exactEq(path, value) + ")";
    }

    private String exactEq(String path, @Nullable Object value) {
        return "polyglot_doc_eq(" + column + ", " + path(path) + ", " + json(value) + ")";
    }

    /** The document {a: {b: v}} with level i wrapped in an array when bit i of mask is set. */
    private static Object containment(List<String> segments, Object value, int mask) {
        Object node = value;
        for (int i = segments.size() - 1; i >= 0; i--) {
            if ((mask & (1 << i)) != 0) {
                List<@Nullable Object> wrapped = new ArrayList<>(1);
                wrapped.add(node);
                node = wrapped;
            }
            Map<String, @Nullable Object> parent = new LinkedHashMap<>();
            parent.put(segments.get(i), node);
            node = parent;
        }
        return node;
    }

    private String anyOf(String path, List<@Nullable Object> values) {
        if (values.isEmpty()) {
            return "FALSE";
        }
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(eq(path, v)));
        return "(" + String.join(" OR ", parts) + ")";
    }

    private String compare(String path, Object value, int op) {
        return "polyglot_doc_cmp(" + column + ", " + path(path) + ", " + json(value) + ", " + op + ")";
    }

    private String contains(String path, @Nullable Object value) {
        return "polyglot_doc_contains(" + column + ", " + path(path) + ", " + json(value) + ")";
    }

    private String path(String path) {
        return "CAST(" + bind(FieldPaths.segments(path).toArray(new String[0])) + " AS text[])";
    }

    private String json(@Nullable Object value) {
        return "CAST(" + bind(JsonbValues.write(value)) + " AS jsonb)";
    }

    private String bind(Object value) {
        parameters.add(value);
        return "?";
    }
}
