package dev.polyglot.document;

import dev.polyglot.spi.Ids;
import java.util.Objects;
import java.util.function.Function;

/**
 * A document as read from a collection, together with its id and its revision.
 *
 * @param id the document id
 * @param revision the revision: 1 after the document was created, increased by 1 on every write
 * @param value the decoded document, already brought to the current schema version
 * @param <T> the document type
 */
public record StoredDocument<T>(String id, long revision, T value) {

    /**
     * Validates the fields.
     *
     * @param id the document id
     * @param revision the revision: 1 after the document was created, increased by 1 on every write
     * @param value the decoded document, already brought to the current schema version
     */
    public StoredDocument {
        Ids.requireId(id, "document id");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, got " + revision);
        }
        Objects.requireNonNull(value, "value");
    }

    /**
     * Converts the value, keeping id and revision.
     *
     * @param mapper the conversion
     * @param <R> the new value type
     * @return the converted document
     */
    public <R> StoredDocument<R> map(Function<? super T, ? extends R> mapper) {
        return new StoredDocument<>(id, revision, mapper.apply(value));
    }
}
