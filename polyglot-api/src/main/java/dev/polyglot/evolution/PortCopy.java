package dev.polyglot.evolution;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The port-specific half of a backfill: reading the source in a stable key order, batch by batch,
 * and writing a batch into the target without overwriting anything it already holds.
 *
 * @param <R> a source record
 */
interface PortCopy<R> {

    /** The collection's name in logs, checkpoints and locks, such as {@code document:orders}. */
    String collection();

    /** The source's record count, or -1 when the port cannot count. */
    long sourceCount();

    /** Prepares the target (creating a vector collection, validating a table) before a real run. */
    void prepareTarget();

    /** Opens the source after a checkpoint position (null: from the start). */
    Reader<R> open(@Nullable String position, int batchSize);

    /** The key of a record, as the dual-write decorators name it. */
    String key(R record);

    /** Writes the records the target lacks; called holding the records' key locks. */
    Outcome writeAbsent(List<R> records);

    /** A source opened for one run. */
    interface Reader<R> extends AutoCloseable {
        /** Returns the next batch, empty at the end. */
        List<R> next();

        /** The position to save once the batch last returned is in the target. */
        String position();

        @Override
        void close();
    }

    /** What writing one batch did. */
    record Outcome(long copied, long alreadyPresent, long failed) {
    }
}
