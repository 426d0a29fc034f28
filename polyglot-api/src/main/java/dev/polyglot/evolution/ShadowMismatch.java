package dev.polyglot.evolution;

import java.time.Instant;

/**
 * A sampled read whose answer from the other store differed from the one served.
 *
 * <p>A write that lands between the two reads can cause a mismatch that is not a defect; one that
 * stays after verification is.
 *
 * @param collection the collection, such as {@code cache:sessions}
 * @param key the key read
 * @param phase the phase the read was made in
 * @param detail what differed: {@code "missing in the new store"}, {@code "missing in the old store"} or {@code "different content"}
 * @param at when it was seen
 */
public record ShadowMismatch(String collection, String key, CutOverPhase phase, String detail, Instant at) {
}
