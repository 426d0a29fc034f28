package dev.polyglot.evolution;

import org.jspecify.annotations.Nullable;

/**
 * Receives the progress of a {@link Migration}, for a progress bar or metrics; every method does
 * nothing by default. Methods run on the copying thread: an exception thrown from one stops the
 * copy (the last saved checkpoint stays, so a later run resumes from it).
 */
public interface MigrationListener {

    /**
     * Called before the first batch of a collection.
     *
     * @param collection the collection, such as {@code document:conversations}
     * @param total the source's record count, or -1 when the port cannot count
     * @param resumeAfter the checkpoint position the copy resumes after, or null for a fresh copy
     */
    default void onStart(String collection, long total, @Nullable String resumeAfter) {
    }

    /**
     * Called after each batch was written and its checkpoint saved.
     *
     * @param progress the progress so far
     */
    default void onProgress(MigrationProgress progress) {
    }

    /**
     * Called when a collection has been copied completely.
     *
     * @param result what the run did
     */
    default void onComplete(MigrationResult result) {
    }
}
