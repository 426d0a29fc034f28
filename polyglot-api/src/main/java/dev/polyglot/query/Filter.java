package dev.polyglot.query;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A portable condition on documents, table rows and vector metadata; every adapter translates it
 * to a native query with values bound as parameters, never spliced into query text.
 *
 * <p><b>Paths.</b> A path names a field; dots walk into nested objects ({@code "address.city"}).
 * Segments must be non-empty, must not start with {@code $} and must not contain NUL. When a path
 * meets an array on the way, it looks into every element (so {@code "items.sku"} reaches the
 * {@code sku} of each item). Numeric segments are field names, not array indexes.
 *
 * <p><b>Semantics</b> are MongoDB's for this subset, and the in-memory reference adapter
 * implements them exactly:
 * <ul>
 *   <li>Numbers compare by value across {@code Integer}, {@code Long}, {@code Double} and
 *       {@code BigDecimal}: {@code eq("n", 1)} matches a stored {@code 1.0}.</li>
 *   <li>Comparisons ({@code gt gte lt lte}) never match across type families: {@code gt("n", 5)}
 *       does not match the string {@code "7"}. The families are numbers, strings, booleans,
 *       instants, UUIDs and binary. Strings compare by Unicode code point.</li>
 *   <li>A comparison on an array field matches when <em>any</em> element matches:
 *       {@code eq("tags", "red")} matches {@code tags: ["red", "blue"]}.</li>
 *   <li>{@code eq(path, null)} matches a field that is null <em>or missing</em>; comparisons
 *       ({@code gt gte lt lte}) do not take null.</li>
 *   <li>{@code ne} and {@code nin} are the negation of {@code eq} and {@code in}, so they match
 *       documents where the field is missing.</li>
 *   <li>{@code exists(path, true)} matches a present field, even one holding null.</li>
 *   <li>{@code contains} and {@code containsAll} match only array fields holding the value(s).</li>
 *   <li>{@code startsWith} matches strings (or array elements that are strings) with that
 *       prefix, compared exactly (case-sensitive).</li>
 * </ul>
 *
 * <p>Values are converted to the document model with {@link DocumentValues#normalize(Object)} when
 * the filter is built, so an enum compares as its name and a {@code LocalDate} as its ISO text,
 * exactly as the codec stores them. Only scalar values are accepted (no objects or arrays).
 *
 * <pre>{@code
 * Filter f = Filter.and(Filter.eq("status", "active"), Filter.gte("age", 18));
 * }</pre>
 */
public sealed interface Filter {

    /**
     * Matches when the field equals the value (or, for an array field, any element does).
     *
     * @param path field path
     * @param value scalar value or null (null also matches a missing field)
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter eq(String path, @Nullable Object value) {
        return new Eq(path, value);
    }

    /**
     * Matches when {@link #eq} does not, including documents without the field.
     *
     * @param path field path
     * @param value scalar value or null
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter ne(String path, @Nullable Object value) {
        return new Ne(path, value);
    }

    /**
     * Matches when the field is greater than the value, within the value's type family.
     *
     * @param path field path
     * @param value non-null scalar value
     * @return the filter
     * @throws IllegalArgumentException for a bad path, a null or a non-scalar value
     */
    static Filter gt(String path, Object value) {
        return new Gt(path, value);
    }

    /**
     * Matches when the field is greater than or equal to the value, within its type family.
     *
     * @param path field path
     * @param value non-null scalar value
     * @return the filter
     * @throws IllegalArgumentException for a bad path, a null or a non-scalar value
     */
    static Filter gte(String path, Object value) {
        return new Gte(path, value);
    }

    /**
     * Matches when the field is less than the value, within the value's type family.
     *
     * @param path field path
     * @param value non-null scalar value
     * @return the filter
     * @throws IllegalArgumentException for a bad path, a null or a non-scalar value
     */
    static Filter lt(String path, Object value) {
        return new Lt(path, value);
    }

    /**
     * Matches when the field is less than or equal to the value, within its type family.
     *
     * @param path field path
     * @param value non-null scalar value
     * @return the filter
     * @throws IllegalArgumentException for a bad path, a null or a non-scalar value
     */
    static Filter lte(String path, Object value) {
        return new Lte(path, value);
    }

    /**
     * Matches when the field equals any of the values (null in the list matches missing fields).
     *
     * @param path field path
     * @param values scalar values; may be empty (then nothing matches)
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter in(String path, Collection<?> values) {
        return new In(path, copy(values));
    }

    /**
     * Matches when the field equals any of the values.
     *
     * @param path field path
     * @param values scalar values
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter in(String path, @Nullable Object... values) {
        return new In(path, copy(values));
    }

    /**
     * Matches when {@link #in} does not, including documents without the field.
     *
     * @param path field path
     * @param values scalar values; may be empty (then everything matches)
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter nin(String path, Collection<?> values) {
        return new Nin(path, copy(values));
    }

    /**
     * Matches when {@link #in} does not, including documents without the field.
     *
     * @param path field path
     * @param values scalar values
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter nin(String path, @Nullable Object... values) {
        return new Nin(path, copy(values));
    }

    /**
     * Matches when the field is present (even if null), or absent when {@code exists} is false.
     *
     * @param path field path
     * @param exists whether the field must be present
     * @return the filter
     * @throws IllegalArgumentException for a bad path
     */
    static Filter exists(String path, boolean exists) {
        return new Exists(path, exists);
    }

    /**
     * Matches when every one of the filters matches; with no filters, matches everything.
     *
     * @param filters the conditions
     * @return the filter
     */
    static Filter and(Filter... filters) {
        return new And(filterList(filters == null ? null : Arrays.asList(filters)));
    }

    /**
     * Matches when at least one of the filters matches; with no filters, matches nothing.
     *
     * @param filters the conditions
     * @return the filter
     */
    static Filter or(Filter... filters) {
        return new Or(filterList(filters == null ? null : Arrays.asList(filters)));
    }

    /**
     * Matches when the filter does not.
     *
     * @param filter the condition to negate
     * @return the filter
     */
    static Filter not(Filter filter) {
        return new Not(filter);
    }

    /**
     * Matches when the field is an array holding an element equal to the value.
     *
     * @param path field path
     * @param value scalar value
     * @return the filter
     * @throws IllegalArgumentException for a bad path or a non-scalar value
     */
    static Filter contains(String path, @Nullable Object value) {
        return new Contains(path, value);
    }

    /**
     * Matches when the field is an array holding every one of the values.
     *
     * @param path field path
     * @param values scalar values, at least one
     * @return the filter
     * @throws IllegalArgumentException for a bad path, no values or a non-scalar value
     */
    static Filter containsAll(String path, Collection<?> values) {
        return new ContainsAll(path, copy(values));
    }

    /**
     * Matches when the field is an array holding every one of the values.
     *
     * @param path field path
     * @param values scalar values, at least one
     * @return the filter
     * @throws IllegalArgumentException for a bad path, no values or a non-scalar value
     */
    static Filter containsAll(String path, @Nullable Object... values) {
        return new ContainsAll(path, copy(values));
    }

    /**
     * Matches when the field is a string starting with the prefix (case-sensitive).
     *
     * @param path field path
     * @param prefix the prefix; the empty prefix matches every string
     * @return the filter
     * @throws IllegalArgumentException for a bad path
     */
    static Filter startsWith(String path, String prefix) {
        return new StartsWith(path, prefix);
    }

    /**
     * Returns the filter that matches everything.
     *
     * @return the empty {@code and}
     */
    static Filter all() {
        return And.EMPTY;
    }

    /**
     * Field equals value.
     *
     * @param path field path
     * @param value normalized scalar value or null
     */
    record Eq(String path, @Nullable Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized scalar value or null
         */
        public Eq {
            path = FieldPaths.validate(path);
            value = scalar(value);
        }
    }

    /**
     * Field does not equal value.
     *
     * @param path field path
     * @param value normalized scalar value or null
     */
    record Ne(String path, @Nullable Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized scalar value or null
         */
        public Ne {
            path = FieldPaths.validate(path);
            value = scalar(value);
        }
    }

    /**
     * Field greater than value.
     *
     * @param path field path
     * @param value normalized non-null scalar value
     */
    record Gt(String path, Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized non-null scalar value
         */
        public Gt {
            path = FieldPaths.validate(path);
            value = comparable(value, "gt");
        }
    }

    /**
     * Field greater than or equal to value.
     *
     * @param path field path
     * @param value normalized non-null scalar value
     */
    record Gte(String path, Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized non-null scalar value
         */
        public Gte {
            path = FieldPaths.validate(path);
            value = comparable(value, "gte");
        }
    }

    /**
     * Field less than value.
     *
     * @param path field path
     * @param value normalized non-null scalar value
     */
    record Lt(String path, Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized non-null scalar value
         */
        public Lt {
            path = FieldPaths.validate(path);
            value = comparable(value, "lt");
        }
    }

    /**
     * Field less than or equal to value.
     *
     * @param path field path
     * @param value normalized non-null scalar value
     */
    record Lte(String path, Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized non-null scalar value
         */
        public Lte {
            path = FieldPaths.validate(path);
            value = comparable(value, "lte");
        }
    }

    /**
     * Field equals one of the values.
     *
     * @param path field path
     * @param values normalized scalar values (may hold null)
     */
    record In(String path, List<@Nullable Object> values) implements Filter {
        /**
         * Validates the path and normalizes the values.
         *
         * @param path field path
         * @param values normalized scalar values (may hold null)
         */
        public In {
            path = FieldPaths.validate(path);
            values = scalars(values);
        }
    }

    /**
     * Field equals none of the values.
     *
     * @param path field path
     * @param values normalized scalar values (may hold null)
     */
    record Nin(String path, List<@Nullable Object> values) implements Filter {
        /**
         * Validates the path and normalizes the values.
         *
         * @param path field path
         * @param values normalized scalar values (may hold null)
         */
        public Nin {
            path = FieldPaths.validate(path);
            values = scalars(values);
        }
    }

    /**
     * Field is present (or absent).
     *
     * @param path field path
     * @param exists whether the field must be present
     */
    record Exists(String path, boolean exists) implements Filter {
        /**
         * Validates the path.
         *
         * @param path field path
         * @param exists whether the field must be present
         */
        public Exists {
            path = FieldPaths.validate(path);
        }
    }

    /**
     * Every filter matches.
     *
     * @param filters the conditions; empty matches everything
     */
    record And(List<Filter> filters) implements Filter {
        static final And EMPTY = new And(List.of());

        /**
         * Copies the list.
         *
         * @param filters the conditions; empty matches everything
         */
        public And {
            filters = filterList(filters);
        }
    }

    /**
     * At least one filter matches.
     *
     * @param filters the conditions; empty matches nothing
     */
    record Or(List<Filter> filters) implements Filter {
        /**
         * Copies the list.
         *
         * @param filters the conditions; empty matches nothing
         */
        public Or {
            filters = filterList(filters);
        }
    }

    /**
     * The filter does not match.
     *
     * @param filter the negated condition
     */
    record Not(Filter filter) implements Filter {
        /**
         * Checks the argument.
         *
         * @param filter the negated condition
         */
        public Not {
            if (filter == null) {
                throw new IllegalArgumentException("not() needs a filter, got null");
            }
        }
    }

    /**
     * Array field holds the value.
     *
     * @param path field path
     * @param value normalized scalar value or null
     */
    record Contains(String path, @Nullable Object value) implements Filter {
        /**
         * Validates the path and normalizes the value.
         *
         * @param path field path
         * @param value normalized scalar value or null
         */
        public Contains {
            path = FieldPaths.validate(path);
            value = scalar(value);
        }
    }

    /**
     * Array field holds every value.
     *
     * @param path field path
     * @param values normalized scalar values, at least one
     */
    record ContainsAll(String path, List<@Nullable Object> values) implements Filter {
        /**
         * Validates the path and normalizes the values.
         *
         * @param path field path
         * @param values normalized scalar values, at least one
         */
        public ContainsAll {
            path = FieldPaths.validate(path);
            values = scalars(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("containsAll(\"" + path + "\") needs at least one value");
            }
        }
    }

    /**
     * String field starts with the prefix.
     *
     * @param path field path
     * @param prefix the prefix
     */
    record StartsWith(String path, String prefix) implements Filter {
        /**
         * Validates the path and the prefix.
         *
         * @param path field path
         * @param prefix the prefix
         */
        public StartsWith {
            path = FieldPaths.validate(path);
            if (prefix == null) {
                throw new IllegalArgumentException("startsWith(\"" + path + "\") needs a non-null prefix");
            }
            if (prefix.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("startsWith(\"" + path + "\") prefix contains a NUL character");
            }
        }
    }

    private static List<@Nullable Object> copy(@Nullable Collection<?> values) {
        if (values == null) {
            throw new IllegalArgumentException("filter value list must not be null");
        }
        return new ArrayList<>(values);
    }

    private static List<@Nullable Object> copy(@Nullable Object @Nullable [] values) {
        if (values == null) {
            throw new IllegalArgumentException("filter value list must not be null");
        }
        return Arrays.asList(values);
    }

    private static List<Filter> filterList(@Nullable List<? extends @Nullable Filter> filters) {
        if (filters == null) {
            throw new IllegalArgumentException("filter list must not be null");
        }
        for (Filter f : filters) {
            if (f == null) {
                throw new IllegalArgumentException("and()/or() got a null filter");
            }
        }
        return List.copyOf(filters);
    }

    private static @Nullable Object scalar(@Nullable Object value) {
        Object normalized = DocumentValues.normalize(value);
        if (!DocumentValues.isScalar(normalized)) {
            throw new IllegalArgumentException("filter values must be scalars (string, number, boolean, "
                    + "instant, UUID, binary or null), not " + value.getClass().getName());
        }
        return normalized;
    }

    private static Object comparable(@Nullable Object value, String operator) {
        if (value == null) {
            throw new IllegalArgumentException(operator + " does not take null; use eq(path, null) or exists(path, false)");
        }
        Object normalized = scalar(value);
        return Objects.requireNonNull(normalized);
    }

    private static List<@Nullable Object> scalars(@Nullable List<?> values) {
        if (values == null) {
            throw new IllegalArgumentException("filter value list must not be null");
        }
        List<@Nullable Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(scalar(v));
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
