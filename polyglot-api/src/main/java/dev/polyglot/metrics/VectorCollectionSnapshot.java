package dev.polyglot.metrics;

/**
 * The size of one vector collection opened through the Vector port, counted when the snapshot
 * was taken.
 *
 * @param name the collection's name
 * @param dimensions its vectors' dimensions
 * @param count its records, or -1 if the store could not count them
 */
public record VectorCollectionSnapshot(String name, int dimensions, long count) {

    /**
     * Checks the figures.
     *
     * @param name the collection's name
     * @param dimensions its dimensions
     * @param count its records, or -1
     * @throws IllegalArgumentException if the name is blank, the dimensions not positive or the count below -1
     */
    public VectorCollectionSnapshot {
        if (name == null || name.isBlank() || dimensions < 1 || count < -1) {
            throw new IllegalArgumentException("invalid vector collection figures for " + name);
        }
    }
}
