package dev.polyglot.evolution;

import java.time.Instant;

/**
 * A key whose write to the second store failed and that {@link CutOver#repair()} will bring in line
 * with the first store.
 *
 * @param collection the collection, such as {@code document:conversations}
 * @param key the key
 * @param operation the operation whose second write failed, such as {@code put}
 * @param error the failure's class and message
 * @param at when it failed
 */
public record RepairEntry(String collection, String key, String operation, String error, Instant at) {
}
