package dev.polyglot.postgres;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import org.jspecify.annotations.Nullable;

/**
 * The one place metadata filters are evaluated: for now in Java, on the stored jsonb read back
 * into the document model, with {@link DocumentFilters} (the reference semantics, so results are
 * exactly the in-memory adapter's). When the jsonb filter translator is available this becomes a
 * SQL condition, and the collection stops streaming metadata it only needed for filtering.
 */
final class PostgresVectorFilters {

    private PostgresVectorFilters() {
    }

    /** Tells whether a filter (null meaning none) lets every record through, so no metadata must be read. */
    static boolean matchesEverything(@Nullable Filter filter) {
        return filter == null || (filter instanceof Filter.And and && and.filters().isEmpty());
    }

    /** Tells whether stored metadata, as jsonb text, matches a filter. */
    static boolean matches(Filter filter, String metadataJson) {
        return DocumentFilters.matches(filter, PostgresJson.readDocument(metadataJson));
    }
}
