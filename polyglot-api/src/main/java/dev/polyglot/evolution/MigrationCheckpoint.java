package dev.polyglot.evolution;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a {@link Migration} records, per collection, the position of the last batch it copied
 * completely, so that a run interrupted by a crash resumes there instead of starting over.
 *
 * <p>The position is the last copied key in the copy's stable order (the id for tables, document
 * and vector collections; the adapter's page cursor for caches). Implement this interface to keep
 * checkpoints in your own store; {@link #file(Path)} keeps them in a small properties file.
 */
public interface MigrationCheckpoint {

    /**
     * Returns the saved position of a collection.
     *
     * @param collection the collection, such as {@code table:accounts}
     * @return the position after which the copy continues, or empty when none was saved
     */
    Optional<String> position(String collection);

    /**
     * Tells whether a collection was copied completely.
     *
     * @param collection the collection
     * @return whether {@link #complete(String)} was called for it
     */
    boolean isComplete(String collection);

    /**
     * Saves the position after a batch was written; must be durable when it returns.
     *
     * @param collection the collection
     * @param position the last copied key or the cursor of the next page
     */
    void save(String collection, String position);

    /**
     * Marks a collection as copied completely.
     *
     * @param collection the collection
     */
    void complete(String collection);

    /**
     * Returns a checkpoint kept in memory: it survives an exception, not a restart.
     *
     * @return a new, empty checkpoint
     */
    static MigrationCheckpoint inMemory() {
        return new FileCheckpoint(null);
    }

    /**
     * Returns a checkpoint kept in a properties file, rewritten atomically (write a temporary
     * file, then rename) after every batch; the file is read if it exists.
     *
     * @param file the file; its directory must exist
     * @return the checkpoint
     * @throws IllegalArgumentException if the file is null, or exists and cannot be read
     */
    static MigrationCheckpoint file(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint file must not be null");
        }
        return new FileCheckpoint(file);
    }
}
