package dev.polyglot.evolution;

import java.time.Duration;
import java.util.Optional;

/**
 * How far the copy of one collection has come, reported after every batch.
 *
 * @param collection the collection being copied, such as {@code document:conversations}
 * @param read records read from the source so far in this run (not counting ones skipped because
 *     an earlier run already copied them)
 * @param copied records written to the target so far in this run (in a dry run: that would be
 *     offered to the target)
 * @param total the source's record count when the copy started, or -1 when the port cannot count
 *     (the Cache port)
 * @param elapsed time since this run started
 */
public record MigrationProgress(String collection, long read, long copied, long total, Duration elapsed) {

    /**
     * Returns the read rate of this run.
     *
     * @return records read per second, 0 before the first second has any
     */
    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : read / seconds;
    }

    /**
     * Estimates the time left from the rate so far and the records not read yet (after a resume
     * it overestimates, since what earlier runs copied is not counted).
     *
     * @return the estimate, or empty when the total is unknown or nothing has been read yet
     */
    public Optional<Duration> eta() {
        double rate = recordsPerSecond();
        if (total < 0 || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - read);
        return Optional.of(Duration.ofMillis((long) Math.ceil(left / rate * 1000)));
    }

    /**
     * Returns the share of the source read by this run.
     *
     * @return 0 to 100, or -1 when the total is unknown
     */
    public double percent() {
        if (total < 0) {
            return -1;
        }
        if (total == 0) {
            return 100;
        }
        return Math.min(100.0, 100.0 * read / total);
    }
}
