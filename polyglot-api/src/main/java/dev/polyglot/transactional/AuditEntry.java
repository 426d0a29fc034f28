package dev.polyglot.transactional;

import dev.polyglot.codec.DocumentValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an audited table's append-only audit log, written in the same transaction as the
 * change it records (so a rolled-back change leaves no entry).
 *
 * @param table the table name
 * @param id the row id
 * @param operation what happened to the row
 * @param at when the change was made, by the store's clock
 * @param row the row as a document of the {@linkplain DocumentValues document model}: after the
 *     change for inserts and updates, before it for deletes
 * @param <ID> the id type
 */
public record AuditEntry<ID>(String table, ID id, Operation operation, Instant at, Map<String, @Nullable Object> row) {

    /** The kind of change an entry records. */
    public enum Operation {
        /** The row was inserted (also by an upsert that inserted). */
        INSERT,
        /** The row was updated (also by an upsert that updated). */
        UPDATE,
        /** The row was deleted. */
        DELETE
    }

    /**
     * Checks the fields and copies the row deeply, so the entry never changes.
     *
     * @param table the table name
     * @param id the row id
     * @param operation what happened to the row
     * @param at when the change was made
     * @param row the row as a document
     */
    @SuppressWarnings("unchecked") // deepCopy of a document is a document
    public AuditEntry {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(at, "at");
        row = java.util.Collections.unmodifiableMap(
                (Map<String, @Nullable Object>) Objects.requireNonNull(DocumentValues.deepCopy(row)));
    }
}
