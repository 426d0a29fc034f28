package dev.polyglot.postgres;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.transactional.ColumnType;
import dev.polyglot.transactional.TableSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Translates {@link Filter}s and {@link Sort}s on a table into SQL over its real columns, with the
 * semantics of {@link dev.polyglot.spi.DocumentFilters} and {@link dev.polyglot.spi.DocumentSorts}.
 *
 * <p>Every expression produced is two-valued (never SQL NULL), so {@code NOT} is exact. Scalar
 * columns compare with their native types; paths into {@code jsonb} columns are walked by a
 * correlated subquery that takes each key as a bound parameter and steps into arrays of objects,
 * so no user text reaches the SQL or a JSON path. The table is aliased {@code t}.
 */
final class PostgresTxFilters {

    /** One key of an ORDER BY: an expression, its direction, and how to bind a cursor's value for it. */
    record SortKey(String expression, boolean descending, int order, CursorBinder binder) {
    }

    /** Appends the cursor's value of one sort key (as an expression equal in type to the key). */
    @FunctionalInterface
    interface CursorBinder {
        void bind(PostgresTxSql sql, @Nullable Object value);
    }

    private final TableSpec<?, ?> spec;

    PostgresTxFilters(TableSpec<?, ?> spec) {
        this.spec = spec;
    }

    // ------------------------------------------------------------ filters

    void where(Filter filter, PostgresTxSql out) {
        if (filter instanceof Filter.And and) {
            junction(and.filters(), " AND ", "TRUE", out);
        } else if (filter instanceof Filter.Or or) {
            junction(or.filters(), " OR ", "FALSE", out);
        } else if (filter instanceof Filter.Not not) {
            out.add("(NOT ");
            where(not.filter(), out);
            out.add(")");
        } else if (filter instanceof Filter.Eq f) {
            eq(f.path(), f.value(), out);
        } else if (filter instanceof Filter.Ne f) {
            out.add("(NOT ");
            eq(f.path(), f.value(), out);
            out.add(")");
        } else if (filter instanceof Filter.In f) {
            in(f.path(), f.values(), out);
        } else if (filter instanceof Filter.Nin f) {
            out.add("(NOT ");
            in(f.path(), f.values(), out);
            out.add(")");
        } else if (filter instanceof Filter.Gt f) {
            range(f.path(), ">", f.value(), out);
        } else if (filter instanceof Filter.Gte f) {
            range(f.path(), ">=", f.value(), out);
        } else if (filter instanceof Filter.Lt f) {
            range(f.path(), "<", f.value(), out);
        } else if (filter instanceof Filter.Lte f) {
            range(f.path(), "<=", f.value(), out);
        } else if (filter instanceof Filter.Exists f) {
            exists(f.path(), f.exists(), out);
        } else if (filter instanceof Filter.Contains f) {
            contains(f.path(), f.value(), out);
        } else if (filter instanceof Filter.ContainsAll f) {
            junctionOf(f.values().size(), " AND ", "TRUE", out, i -> contains(f.path(), f.values().get(i), out));
        } else if (filter instanceof Filter.StartsWith f) {
            startsWith(f.path(), f.prefix(), out);
        } else {
            throw new IllegalArgumentException("unknown filter " + filter);
        }
    }

    private void junction(List<Filter> filters, String op, String empty, PostgresTxSql out) {
        junctionOf(filters.size(), op, empty, out, i -> where(filters.get(i), out));
    }

    private static void junctionOf(int n, String op, String empty, PostgresTxSql out, java.util.function.IntConsumer part) {
        if (n == 0) {
            out.add(empty);
            return;
        }
        out.add("(");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.add(op);
            }
            part.accept(i);
        }
        out.add(")");
    }

    /** A path resolved against the spec: its column and the segments below it. */
    private record Target(TableSpec.Column column, List<String> rest) {
        String columnSql() {
            return "t." + PostgresTxSql.column(column.name());
        }

        boolean json() {
            return column.type() == ColumnType.JSON;
        }
    }

    private Target target(String path) {
        spec.checkPath(path);
        List<String> segments = FieldPaths.segments(path);
        TableSpec.Column column = spec.column(segments.get(0)).orElseThrow();
        List<String> rest = segments.subList(1, segments.size());
        if (!rest.isEmpty() && column.type() != ColumnType.JSON) {
            throw new IllegalArgumentException("path \"" + FieldPaths.printable(path) + "\" goes into a scalar column");
        }
        for (String segment : rest) {
            PostgresTxSql.checkText(segment);
        }
        return new Target(column, List.copyOf(rest));
    }

    private void eq(String path, @Nullable Object value, PostgresTxSql out) {
        Target target = target(path);
        if (target.json()) {
            jsonEq(target, value, out);
            return;
        }
        if (value == null) {
            out.add("(" + target.columnSql() + " IS NULL)");
            return;
        }
        scalarCompare(target, "=", value, out);
    }

    private void in(String path, List<@Nullable Object> values, PostgresTxSql out) {
        target(path);
        junctionOf(values.size(), " OR ", "FALSE", out, i -> eq(path, values.get(i), out));
    }

    private void range(String path, String op, @Nullable Object value, PostgresTxSql out) {
        Target target = target(path);
        if (value == null) {
            // Only null compares equal to null; missing fields never match a comparison.
            if (op.equals(">=") || op.equals("<=")) {
                if (target.json()) {
                    out.add("(EXISTS (SELECT 1 FROM ");
                    candidates(target, out);
                    out.add(" WHERE c.v = 'null'::jsonb))");
                } else {
                    out.add("(" + target.columnSql() + " IS NULL)");
                }
            } else {
                out.add("FALSE");
            }
            return;
        }
        if (target.json()) {
            out.add("(EXISTS (SELECT 1 FROM ");
            candidates(target, out);
            out.add(" WHERE ");
            jsonCompare("c.v", op, value, out);
            out.add("))");
            return;
        }
        scalarCompare(target, op, value, out);
    }

    private void exists(String path, boolean exists, PostgresTxSql out) {
        Target target = target(path);
        if (!target.json() || target.rest().isEmpty()) {
            // A column is always present (a null column is a present field holding null).
            out.add(exists ? "TRUE" : "FALSE");
            return;
        }
        out.add(exists ? "(EXISTS (SELECT 1 FROM " : "(NOT EXISTS (SELECT 1 FROM ");
        leaves(target, out);
        out.add(" WHERE l.v IS NOT NULL))");
    }

    private void contains(String path, @Nullable Object value, PostgresTxSql out) {
        Target target = target(path);
        if (!target.json()) {
            out.add("FALSE");
            return;
        }
        out.add("(EXISTS (SELECT 1 FROM ");
        leaves(target, out);
        out.add(" CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(l.v) = 'array' THEN l.v ELSE '[]'::jsonb END) AS e(v)"
                + " WHERE e.v = ");
        out.bind(PostgresTxSql.text(ColumnType.JSON, value), "jsonb");
        out.add("))");
    }

    private void startsWith(String path, String prefix, PostgresTxSql out) {
        Target target = target(path);
        PostgresTxSql.checkText(prefix);
        if (target.json()) {
            out.add("(EXISTS (SELECT 1 FROM ");
            candidates(target, out);
            out.add(" WHERE jsonb_typeof(c.v) = 'string' AND starts_with(c.v #>> '{}', ");
            out.bind(prefix, "text");
            out.add(")))");
            return;
        }
        ColumnType type = target.column().type();
        if (type == ColumnType.STRING || type == ColumnType.ENUM || type == ColumnType.DATE) {
            String c = target.columnSql();
            String textExpr = type == ColumnType.DATE ? "to_char(" + c + ", 'YYYY-MM-DD')" : c;
            out.add("(" + c + " IS NOT NULL AND starts_with(" + textExpr + ", ");
            out.bind(prefix, "text");
            out.add("))");
        } else {
            out.add("FALSE");
        }
    }

    /** A comparison of a scalar column with a non-null value, false for null columns and other families. */
    private void scalarCompare(Target target, String op, Object value, PostgresTxSql out) {
        ColumnType type = target.column().type();
        String c = target.columnSql();
        if (DocumentValues.family(value) != PostgresTxSql.family(type)) {
            out.add("FALSE");
            return;
        }
        out.add("(" + c + " IS NOT NULL AND ");
        switch (type) {
            case STRING, ENUM -> {
                out.add(c + (op.equals("=") ? "" : " COLLATE \"C\"") + " " + op + " ");
                out.bind(PostgresTxSql.checkText((String) value), "text");
            }
            case DATE -> {
                String s = PostgresTxSql.checkText((String) value);
                if (isIsoDate(s)) {
                    out.add(c + " " + op + " ");
                    out.bind(s, "date");
                } else {
                    out.add("to_char(" + c + ", 'YYYY-MM-DD') COLLATE \"C\" " + op + " ");
                    out.bind(s, "text");
                }
            }
            case INTEGER, LONG -> {
                if (value instanceof Integer || value instanceof Long) {
                    out.add(c + " " + op + " ");
                    out.bind(value.toString(), "bigint");
                } else {
                    out.add(c + "::numeric " + op + " ");
                    out.bind(PostgresTxSql.numberText((Number) value), "numeric");
                }
            }
            case DOUBLE -> {
                if (value instanceof Double d) {
                    out.add(c + " " + op + " ");
                    out.bind(Double.toString(d), "double precision");
                } else {
                    out.add(c + "::numeric " + op + " ");
                    out.bind(PostgresTxSql.numberText((Number) value), "numeric");
                }
            }
            case DECIMAL -> {
                out.add(c + " " + op + " ");
                out.bind(PostgresTxSql.numberText((Number) value), "numeric");
            }
            case BOOLEAN -> {
                out.add(c + " " + op + " ");
                out.bind(value.toString(), "boolean");
            }
            case UUID -> {
                out.add(c + " " + op + " ");
                out.bind(value.toString(), "uuid");
            }
            case INSTANT -> {
                out.add(c + " " + op + " ");
                out.bind(value.toString(), "timestamptz");
            }
            case BINARY -> {
                byte[] bytes = (byte[]) value;
                out.add("(octet_length(" + c + "), " + c + ") " + op + " (");
                out.bind(Integer.toString(bytes.length), "integer");
                out.add(", ");
                out.bind(PostgresTxSql.text(ColumnType.BINARY, bytes), "bytea");
                out.add(")");
            }
            default -> throw new AssertionError(type);
        }
        out.add(")");
    }

    private static boolean isIsoDate(String s) {
        try {
            return LocalDate.parse(s).toString().equals(s) && s.length() == 10;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ------------------------------------------------------------ jsonb paths

    /**
     * Appends a relation {@code l(v)} of every value the path reaches, SQL NULL standing for a
     * missing field, exactly as DocumentFilters collects leaves.
     */
    private void leaves(Target target, PostgresTxSql out) {
        out.add("(");
        walk(target, target.rest().size(), out);
        out.add(") AS l");
    }

    private void walk(Target target, int steps, PostgresTxSql out) {
        if (steps == 0) {
            out.add("SELECT COALESCE(" + target.columnSql() + ", 'null'::jsonb) AS v");
            return;
        }
        out.add("SELECT s.v FROM (");
        walk(target, steps - 1, out);
        out.add(") AS p CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(p.v) = 'object' THEN p.v -> ");
        String key = target.rest().get(steps - 1);
        out.bind(key, "text");
        out.add(" END AS v WHERE p.v IS NULL OR jsonb_typeof(p.v) <> 'array'"
                + " UNION ALL SELECT CASE WHEN jsonb_typeof(e.v) = 'object' THEN e.v -> ");
        out.bind(key, "text");
        out.add(" END FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.v) = 'array' THEN p.v ELSE '[]'::jsonb END) AS e(v)"
                + " UNION ALL SELECT NULL::jsonb WHERE p.v = '[]'::jsonb) AS s");
    }

    /** Appends a relation {@code c(v)} of the values comparisons look at: each present leaf and the elements of array leaves. */
    private void candidates(Target target, PostgresTxSql out) {
        out.add("(SELECT x.v FROM ");
        leaves(target, out);
        out.add(" CROSS JOIN LATERAL (SELECT l.v AS v WHERE l.v IS NOT NULL AND jsonb_typeof(l.v) <> 'array'"
                + " UNION ALL SELECT e.v FROM jsonb_array_elements(CASE WHEN jsonb_typeof(l.v) = 'array' THEN l.v ELSE '[]'::jsonb END)"
                + " AS e(v)) AS x) AS c");
    }

    private void jsonEq(Target target, @Nullable Object value, PostgresTxSql out) {
        if (value == null) {
            out.add("(EXISTS (SELECT 1 FROM ");
            leaves(target, out);
            out.add(" WHERE l.v IS NULL OR l.v = 'null'::jsonb OR (jsonb_typeof(l.v) = 'array' AND l.v @> '[null]'::jsonb)))");
            return;
        }
        out.add("(EXISTS (SELECT 1 FROM ");
        candidates(target, out);
        out.add(" WHERE c.v = ");
        out.bind(PostgresTxSql.text(ColumnType.JSON, value), "jsonb");
        out.add("))");
    }

    /** A comparison of a jsonb value with a non-null scalar of the same family. */
    private static void jsonCompare(String v, String op, Object value, PostgresTxSql out) {
        switch (DocumentValues.family(value)) {
            case NUMBER -> {
                out.add("jsonb_typeof(" + v + ") = 'number' AND (" + v + " #>> '{}')::numeric " + op + " ");
                out.bind(PostgresTxSql.numberText((Number) value), "numeric");
            }
            case STRING -> {
                out.add("jsonb_typeof(" + v + ") = 'string' AND (" + v + " #>> '{}') COLLATE \"C\" " + op + " ");
                out.bind(PostgresTxSql.checkText((String) value), "text");
            }
            case BOOLEAN -> {
                out.add("jsonb_typeof(" + v + ") = 'boolean' AND (" + v + " #>> '{}')::boolean " + op + " ");
                out.bind(value.toString(), "boolean");
            }
            case INSTANT -> {
                out.add("jsonb_typeof(" + v + ") = 'object' AND (" + v + " ->> '$date') COLLATE \"C\" " + op + " ");
                out.bind(PostgresJson.instantText((Instant) value), "text");
            }
            case UUID -> {
                out.add("jsonb_typeof(" + v + ") = 'object' AND (" + v + " ->> '$uuid') COLLATE \"C\" " + op + " ");
                out.bind(value.toString().toLowerCase(Locale.ROOT), "text");
            }
            case BINARY -> {
                byte[] bytes = (byte[]) value;
                String decoded = "decode(" + v + " ->> '$binary', 'base64')";
                out.add("jsonb_typeof(" + v + ") = 'object' AND (" + v + " ->> '$binary') IS NOT NULL AND (octet_length("
                        + decoded + "), " + decoded + ") " + op + " (");
                out.bind(Integer.toString(bytes.length), "integer");
                out.add(", ");
                out.bind(PostgresTxSql.text(ColumnType.BINARY, bytes), "bytea");
                out.add(")");
            }
            default -> out.add("FALSE");
        }
    }

    // ------------------------------------------------------------ sorting

    /**
     * Returns the ORDER BY keys of a sort (without the id), appending to {@code lateral} the
     * lateral subquery columns that JSON sort keys need ({@code k.s0}, ...).
     */
    List<SortKey> sortKeys(Sort sort, PostgresTxSql lateral) {
        spec.checkSort(sort);
        List<SortKey> keys = new ArrayList<>();
        int jsonKeys = 0;
        for (int index = 0; index < sort.orders().size(); index++) {
            Sort.Order order = sort.orders().get(index);
            int owner = index;
            boolean desc = order.direction() == Sort.Direction.DESC;
            Target target = target(order.path());
            if (!target.json()) {
                scalarSortKeys(target, desc, owner, keys);
                continue;
            }
            String s = "k.s" + jsonKeys;
            lateral.add(jsonKeys == 0 ? "" : ", ");
            if (target.rest().isEmpty()) {
                lateral.add(target.columnSql());
            } else {
                lateral.add("(SELECT l.v FROM ");
                leaves(target, lateral);
                lateral.add(" WHERE l.v IS NOT NULL LIMIT 1)");
            }
            lateral.add(" AS s" + jsonKeys);
            jsonKeys++;
            String type = "jsonb_typeof(" + s + ")";
            keys.add(new SortKey("(CASE WHEN " + s + " IS NULL OR " + type + " = 'null' THEN 0 WHEN " + type + " = 'number' THEN 1"
                    + " WHEN " + type + " = 'string' THEN 2 WHEN " + type + " = 'array' THEN 4 WHEN " + type + " = 'boolean' THEN 7"
                    + " WHEN (" + s + " ->> '$date') IS NOT NULL THEN 8 WHEN (" + s + " ->> '$uuid') IS NOT NULL THEN 6"
                    + " WHEN (" + s + " ->> '$binary') IS NOT NULL THEN 5 ELSE 3 END)", desc, owner,
                    (sql, value) -> sql.bind(Integer.toString(DocumentValues.family(value).ordinal()), "integer")));
            keys.add(new SortKey("COALESCE(CASE WHEN " + type + " = 'number' THEN (" + s + " #>> '{}')::numeric END, 0)", desc, owner,
                    (sql, value) -> sql.add("COALESCE(").bind(value instanceof Number n ? PostgresTxSql.numberText(n) : null, "numeric")
                            .add(", 0)")));
            keys.add(new SortKey("COALESCE(CASE WHEN " + type + " = 'string' THEN " + s + " #>> '{}' WHEN " + type
                    + " = 'object' THEN COALESCE(" + s + " ->> '$date', " + s + " ->> '$uuid', " + s + " ->> '$binary', " + s
                    + "::text) WHEN " + type + " = 'array' THEN " + s + "::text END, '') COLLATE \"C\"", desc, owner,
                    (sql, value) -> {
                        if (value instanceof java.util.Map<?, ?> || value instanceof List<?>) {
                            // PostgreSQL's own text form of the jsonb, exactly as the ORDER BY key computes it.
                            PostgresTxSql.checkNoNul(value);
                            sql.add("CAST(").bind(PostgresJson.write(value), "jsonb").add(" AS text) COLLATE \"C\"");
                        } else {
                            sql.add("COALESCE(").bind(jsonSortText(value), "text").add(", '') COLLATE \"C\"");
                        }
                    }));
            keys.add(new SortKey("COALESCE(CASE WHEN " + type + " = 'boolean' THEN (" + s + " #>> '{}')::boolean END, false)", desc, owner,
                    (sql, value) -> sql.add("COALESCE(").bind(value instanceof Boolean b ? b.toString() : null, "boolean")
                            .add(", false)")));
        }
        return keys;
    }

    private static @Nullable String jsonSortText(@Nullable Object value) {
        if (value instanceof String s) {
            return PostgresTxSql.checkText(s);
        }
        if (value instanceof Instant i) {
            return PostgresJson.instantText(i);
        }
        if (value instanceof UUID u) {
            return u.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        return null;
    }

    /**
     * Checks that a value from a page cursor fits a column (cursors are not signed, so a forged one
     * must fail as an invalid argument, not as a SQL error).
     */
    static @Nullable Object cursorValue(ColumnType type, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (DocumentValues.family(value) != PostgresTxSql.family(type)
                || (type == ColumnType.DATE && !isIsoDate((String) value))
                || ((type == ColumnType.INTEGER || type == ColumnType.LONG) && !(value instanceof Integer || value instanceof Long))) {
            throw new IllegalArgumentException("malformed page cursor: a value does not fit its sort column");
        }
        return value;
    }

    private static void scalarSortKeys(Target target, boolean desc, int owner, List<SortKey> keys) {
        ColumnType type = target.column().type();
        String c = target.columnSql();
        keys.add(new SortKey("(" + c + " IS NOT NULL)", desc, owner,
                (sql, value) -> sql.add(value == null ? "false" : "true")));
        String fallback = switch (type) {
            case STRING, ENUM -> "''";
            case INTEGER, LONG, DOUBLE, DECIMAL -> "0";
            case BOOLEAN -> "false";
            case UUID -> "'00000000-0000-0000-0000-000000000000'::uuid";
            case INSTANT -> "'-infinity'::timestamptz";
            case DATE -> "'-infinity'::date";
            case BINARY -> "''::bytea";
            case JSON -> throw new AssertionError(type);
        };
        String collate = type == ColumnType.STRING || type == ColumnType.ENUM ? " COLLATE \"C\"" : "";
        String cast = PostgresTxSql.sqlType(type);
        if (type == ColumnType.BINARY) {
            keys.add(new SortKey("COALESCE(octet_length(" + c + "), 0)", desc, owner,
                    (sql, value) -> sql.bind(Integer.toString(value == null ? 0 : ((byte[]) value).length), "integer")));
        }
        keys.add(new SortKey("COALESCE(" + c + ", " + fallback + ")" + collate, desc, owner,
                (sql, value) -> sql.add("COALESCE(").bind(PostgresTxSql.text(type, cursorValue(type, value)), cast)
                        .add(", " + fallback + ")" + collate)));
    }
}
