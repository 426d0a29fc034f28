package dev.polyglot.metrics;

/**
 * What the Document port's decorator records about the shapes of one collection: how many
 * distinct sets of top-level keys the written documents had, how many upcasters the collection
 * has and how often they ran on read.
 *
 * @param name the collection's name
 * @param writes documents encoded for writing ({@code insert}, {@code put})
 * @param reads documents decoded after reading
 * @param distinctKeySets distinct top-level key sets among the written documents (counted up to
 *     {@link #KEY_SET_LIMIT})
 * @param upcasters the upcasters the collection was opened with (its schema versions minus one)
 * @param upcasts upcaster runs on read (one per upcaster per old document read)
 */
public record DocumentCollectionSnapshot(String name, long writes, long reads, int distinctKeySets, int upcasters, long upcasts) {

    /** Distinct key sets are counted up to this many per collection, so memory stays bounded. */
    public static final int KEY_SET_LIMIT = 1024;

    /**
     * Checks the figures.
     *
     * @param name the collection's name
     * @param writes documents written
     * @param reads documents read
     * @param distinctKeySets distinct top-level key sets
     * @param upcasters configured upcasters
     * @param upcasts upcaster runs
     * @throws IllegalArgumentException if the name is blank or a figure negative
     */
    public DocumentCollectionSnapshot {
        if (name == null || name.isBlank() || writes < 0 || reads < 0 || distinctKeySets < 0 || upcasters < 0 || upcasts < 0) {
            throw new IllegalArgumentException("invalid document collection figures for " + name);
        }
    }

    /**
     * Returns upcaster runs per document read, 0 when nothing was read.
     *
     * @return upcasts / reads
     */
    public double upcastsPerRead() {
        return reads == 0 ? 0 : (double) upcasts / reads;
    }
}
