package dev.polyglot.memory;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored document: immutable once stored (its map is a private deep copy that nothing
 * changes; updates replace the entry), so readers may share it without copying under the lock.
 */
record MemoryDocumentEntry(String id, long revision, int schemaVersion, Map<String, @Nullable Object> document) {
}
