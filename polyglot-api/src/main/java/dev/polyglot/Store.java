package dev.polyglot;

/**
 * What every port's store has in common: it is closed when the application is done with it and
 * it can hand out the native client it wraps.
 */
public interface Store extends AutoCloseable {

    /**
     * Returns the native object behind this store, such as a {@code Jdbi} or a {@code MongoClient},
     * for the rare operation the port does not cover.
     *
     * @param type the class of the native object
     * @param <U> the native type
     * @return the native object
     * @throws IllegalArgumentException if this store has no object of that type
     */
    <U> U unwrap(Class<U> type);

    /** Releases what the store opened; later calls on it throw {@link IllegalStateException}. */
    @Override
    void close();
}
