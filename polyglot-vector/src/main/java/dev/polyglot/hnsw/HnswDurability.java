package dev.polyglot.hnsw;

/**
 * When an {@link HnswVectorStore} write is on disk, chosen per store with
 * {@link HnswOptions#withDurability}.
 */
public enum HnswDurability {
    /**
     * Every write is fsynced to the collection's log before it returns; concurrent writers share
     * one fsync (group commit). A crash, even a power loss, loses no write that returned.
     */
    SYNC,
    /**
     * Writes reach the log (the operating system) before they return and are fsynced together
     * every {@link HnswOptions#batchInterval()}; a killed process loses nothing, a power loss at
     * most the last interval.
     */
    BATCHED,
    /** Nothing is written to disk: a memory-only store, opened with {@link HnswVectorStore#inMemory}. */
    NONE
}
