package dev.polyglot.postgres;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place metadata filters are evaluated. The part of a filter that jsonb containment
 * decides exactly (equality and membership on scalars, see {@link JsonbFilterSql#containmentOnly})
 * becomes a SQL condition, so the server skips the records it rejects; the rest is evaluated in
 * Java with {@link DocumentFilters} (the reference semantics), and only on records that would
 * otherwise make the top k. The Document adapter's functions decide every filter exactly too, but
 * they cost tens of microseconds on every row of a scan, far more than evaluating a residual filter
 * on a few candidates in Java (see the README).
 *
 * <p>Metadata is stored as the Document adapter stores documents ({@link JsonbValues}: key order
 * in a hidden {@code $keys}, strings escaped), so the SQL sees exactly the encoding its
 * translation was written and tested for.
 */
final class PostgresVectorFilters {

    /**
     * A filter split into what SQL decides and what Java decides.
     *
     * @param condition the SQL condition on the metadata column ({@code TRUE} for none)
     * @param residual what is left for {@link #matches}, or null when the condition decides everything
     */
    record Plan(String condition, @Nullable Filter residual) {
    }

    private PostgresVectorFilters() {
    }

    /** Tells whether a filter (null meaning none) lets every record through. */
    static boolean matchesEverything(@Nullable Filter filter) {
        return filter == null || (filter instanceof Filter.And and && and.filters().isEmpty());
    }

    /**
     * Splits a filter on a metadata column, appending the condition's parameters.
     *
     * @param filter the filter; null or empty means every record
     * @param column the SQL expression of the metadata column (trusted text, such as {@code meta})
     * @param parameters the statement's parameters so far
     */
    static Plan plan(@Nullable Filter filter, String column, List<Object> parameters) {
        if (matchesEverything(filter)) {
            return new Plan("TRUE", null);
        }
        JsonbFilterSql sql = new JsonbFilterSql(column, parameters);
        String whole = sql.containmentOnly(filter);
        if (whole != null) {
            return new Plan(whole, null);
        }
        if (!(filter instanceof Filter.And and)) {
            return new Plan("TRUE", filter);
        }
        List<String> conditions = new ArrayList<>();
        List<Filter> rest = new ArrayList<>();
        for (Filter part : and.filters()) {
            String condition = sql.containmentOnly(part);
            if (condition != null) {
                conditions.add(condition);
            } else {
                rest.add(part);
            }
        }
        return new Plan(conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions),
                rest.size() == 1 ? rest.get(0) : Filter.and(rest.toArray(new Filter[0])));
    }

    /** Tells whether stored metadata, as jsonb text, matches a filter. */
    static boolean matches(Filter filter, String metadataJson) {
        return DocumentFilters.matches(filter, JsonbValues.readDocument(metadataJson));
    }
}
