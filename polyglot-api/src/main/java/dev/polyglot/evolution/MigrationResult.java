package dev.polyglot.evolution;

import java.time.Duration;

/**
 * What one run of {@link Migration} did to one collection.
 *
 * @param collection the collection, such as {@code table:accounts} or {@code cache:sessions}
 * @param dryRun whether this was a dry run (then nothing was written and {@code copied} counts
 *     the records that would have been offered to the target)
 * @param resumed whether the run continued from a checkpoint of an earlier run
 * @param read records read from the source in this run
 * @param copied records written to the target
 * @param alreadyPresent records the target already had (written there by dual writes, or by an
 *     earlier run that crashed before its checkpoint); the backfill never overwrites them
 * @param skippedDeleted records skipped because they were deleted while the copy ran
 * @param failed records the target refused (a unique-key clash); they are logged, and
 *     verification reports them as missing
 * @param elapsed how long the run took
 */
public record MigrationResult(String collection, boolean dryRun, boolean resumed, long read, long copied,
        long alreadyPresent, long skippedDeleted, long failed, Duration elapsed) {
}
