package dev.polyglot.evolution;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.Ids;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a port's data from one adapter to another (the backfill of a store move): tables, document
 * collections, cache namespaces with each entry's remaining TTL, and vector collections with their
 * metadata. It is written against the port interfaces only, so it moves data between any two
 * adapters.
 *
 * <p><b>How it copies.</b> Batch by batch in a stable key order (ids for tables, documents and
 * vectors; the adapter's key-page order for caches), holding one batch in memory at a time, so
 * memory stays constant whatever the data size. After each batch it saves the position of the
 * batch's last key to its {@link MigrationCheckpoint}; a run that crashed resumes after the last
 * saved position (re-copying at most one batch, which changes nothing, see below). Progress —
 * records, rate and ETA — goes to SLF4J (logger {@code dev.polyglot.evolution.Migration}: INFO at
 * start, every {@linkplain Builder#progressLogInterval progress interval} and at the end; DEBUG per
 * batch) and to a {@link MigrationListener}. A {@linkplain Builder#dryRun dry run} reads the source
 * exactly as a real run would and reports what it read, but never touches the target or the
 * checkpoint.
 *
 * <p><b>The ordering rule for writes during the backfill.</b> The backfill only ever
 * <em>inserts what the target lacks</em>: it never overwrites a record the target has (insert if
 * absent, {@code putIfAbsent} for caches). Writes made through a {@link CutOver}'s dual-write
 * decorators always win: they overwrite the new store. A key deleted while the copy runs leaves a
 * tombstone (a vector delete by filter leaves one per deleted id), and the backfill skips a record
 * whose key was deleted after the copy started reading. The backfill's check-then-insert and the
 * decorators' writes to the new store take the same per-key lock. So a record written during the
 * copy is never lost (the dual write put it in the new store) and never overwritten by a stale
 * copy (the backfill sees it present and leaves it), and a deleted record is not resurrected. This
 * holds when every writer goes through the decorators of the {@link CutOver} this migration is
 * {@linkplain Builder#coordinatedWith coordinated with}, in this JVM; with several application
 * instances, verify and {@linkplain CutOver#repair(VerificationReport) repair} before cutting over.
 *
 * <p>What the ports do not let a copy carry: table rows start at version 1 with the target's
 * timestamps, and their audit history stays behind; documents start at revision 1; document
 * indexes are not copied (create them on the target first, as the application does at start-up).
 *
 * <pre>{@code
 * Migration migration = Migration.builder()
 *         .coordinatedWith(cutOver)
 *         .checkpoint(MigrationCheckpoint.file(Path.of("move-documents.checkpoint")))
 *         .build();
 * MigrationResult result = migration.copyDocuments(postgresDocuments, mongoDocuments, "conversations");
 * }</pre>
 */
public final class Migration {
    private static final Logger LOG = LoggerFactory.getLogger(Migration.class);

    private final int batchSize;
    private final MigrationCheckpoint checkpoint;
    private final List<MigrationListener> listeners;
    private final boolean dryRun;
    private final WriteCoordinator coordinator;
    private final boolean createTargetTables;
    private final Duration progressLogInterval;

    private Migration(Builder builder) {
        this.batchSize = builder.batchSize;
        this.checkpoint = builder.checkpoint;
        this.listeners = List.copyOf(builder.listeners);
        this.dryRun = builder.dryRun;
        this.coordinator = builder.cutOver == null ? new WriteCoordinator() : builder.cutOver.coordinator();
        this.createTargetTables = builder.createTargetTables;
        this.progressLogInterval = builder.progressLogInterval;
    }

    /**
     * Starts building a migration: batches of 500, an in-memory checkpoint, no listener, a real run.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies the rows of one table.
     *
     * @param source the store the rows come from
     * @param target the store they go to; the table must exist there unless
     *     {@link Builder#createTargetTables} is set
     * @param spec the table
     * @param <T> the row type
     * @param <ID> the id type: String, Integer, Long or UUID
     * @return what the run did
     * @throws IllegalArgumentException for a null argument or an unsupported id type
     * @throws dev.polyglot.StoreConfigurationException if the target's table is missing or differs
     */
    public <T, ID> MigrationResult copyTable(TransactionalStore source, TransactionalStore target, TableSpec<T, ID> spec) {
        requireStores(source, target);
        if (spec == null) {
            throw new IllegalArgumentException("table spec must not be null");
        }
        TableCopy.requireSupportedId(spec);
        return run(new TableCopy<>(source, target, spec, createTargetTables));
    }

    /**
     * Copies one document collection without schema versioning.
     *
     * @param source the store the documents come from
     * @param target the store they go to
     * @param collection the collection name
     * @return what the run did
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public MigrationResult copyDocuments(DocumentStore source, DocumentStore target, String collection) {
        return copyDocuments(source, target, collection, CollectionOptions.defaults());
    }

    /**
     * Copies one document collection: each document is read through the options' upcasters and
     * written at their current schema version.
     *
     * @param source the store the documents come from
     * @param target the store they go to
     * @param collection the collection name
     * @param options the collection's schema version and upcasters, as the application opens it
     * @return what the run did
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public MigrationResult copyDocuments(DocumentStore source, DocumentStore target, String collection,
            CollectionOptions options) {
        requireStores(source, target);
        Ids.requireName(collection, "collection name");
        if (options == null) {
            throw new IllegalArgumentException("collection options must not be null");
        }
        return run(new DocumentCopy(source, target, collection, options));
    }

    /**
     * Copies one cache namespace: every live entry with the TTL it has left when it is read
     * (entries without expiry stay without). Needs {@link dev.polyglot.cache.Cache#keys}.
     *
     * @param source the store the entries come from
     * @param target the store they go to
     * @param namespace the namespace
     * @return what the run did
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public MigrationResult copyCache(CacheStore source, CacheStore target, String namespace) {
        requireStores(source, target);
        Ids.requireName(namespace, "cache namespace");
        return run(new CacheCopy(source, target, namespace));
    }

    /**
     * Copies one vector collection with its metadata; the target collection is created with the
     * same dimensions and metric.
     *
     * @param source the store the records come from
     * @param target the store they go to
     * @param collection the collection name
     * @param dimensions the collection's dimensions
     * @param metric the collection's metric
     * @return what the run did
     * @throws IllegalArgumentException for a null argument, a bad name or bad dimensions
     * @throws dev.polyglot.StoreConfigurationException if either side has the collection with other
     *     dimensions or metric
     */
    public MigrationResult copyVectors(VectorStore source, VectorStore target, String collection, int dimensions,
            Metric metric) {
        requireStores(source, target);
        return run(new VectorCopy(source, target, collection, dimensions, metric));
    }

    private static void requireStores(@Nullable Object source, @Nullable Object target) {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target stores must not be null");
        }
        if (source == target) {
            throw new IllegalArgumentException("source and target are the same store");
        }
    }

    private <R> MigrationResult run(PortCopy<R> copy) {
        String collection = copy.collection();
        long started = System.nanoTime();
        String resumeAfter = checkpoint.position(collection).filter(p -> !p.isEmpty()).orElse(null);
        if (!dryRun && checkpoint.isComplete(collection)) {
            LOG.info("{}: already copied completely according to {}; nothing to do", collection, checkpoint);
            MigrationResult result = new MigrationResult(collection, false, true, 0, 0, 0, 0, 0, Duration.ZERO);
            listeners.forEach(l -> l.onComplete(result));
            return result;
        }
        long total = copy.sourceCount();
        if (!dryRun) {
            copy.prepareTarget();
        }
        LOG.info("{}: {}copying {} records in batches of {}{}", collection, dryRun ? "dry run, " : "",
                total < 0 ? "an unknown number of" : "about " + total, batchSize,
                resumeAfter == null ? "" : ", resuming after position " + resumeAfter);
        for (MigrationListener listener : listeners) {
            listener.onStart(collection, total, resumeAfter);
        }
        long read = 0;
        long copied = 0;
        long present = 0;
        long deleted = 0;
        long failed = 0;
        long lastLog = started;
        long window = coordinator.beginCopy();
        try (PortCopy.Reader<R> reader = copy.open(resumeAfter, batchSize)) {
            while (true) {
                List<R> batch = reader.next();
                if (batch.isEmpty()) {
                    break;
                }
                read += batch.size();
                PortCopy.Outcome outcome;
                long skipped;
                if (dryRun) {
                    outcome = new PortCopy.Outcome(batch.size(), 0, 0);
                    skipped = 0;
                } else {
                    List<String> keys = new ArrayList<>(batch.size());
                    for (R record : batch) {
                        keys.add(copy.key(record));
                    }
                    long[] tombstoned = new long[1];
                    outcome = coordinator.withKeys(collection, keys, () -> {
                        List<R> live = new ArrayList<>(batch.size());
                        for (int i = 0; i < batch.size(); i++) {
                            R record = batch.get(i);
                            if (coordinator.deletedSince(collection, keys.get(i), window)) {
                                tombstoned[0]++;
                            } else {
                                live.add(record);
                            }
                        }
                        return copy.writeAbsent(live);
                    });
                    skipped = tombstoned[0];
                    checkpoint.save(collection, reader.position());
                }
                copied += outcome.copied();
                present += outcome.alreadyPresent();
                failed += outcome.failed();
                deleted += skipped;
                MigrationProgress progress = new MigrationProgress(collection, read, copied, total,
                        Duration.ofNanos(System.nanoTime() - started));
                LOG.debug("{}: batch of {} read, {} copied, {} already present, {} deleted meanwhile, position {}",
                        collection, batch.size(), outcome.copied(), outcome.alreadyPresent(), skipped,
                        dryRun ? "(dry run)" : reader.position());
                long now = System.nanoTime();
                if (now - lastLog >= progressLogInterval.toNanos()) {
                    lastLog = now;
                    logProgress(progress);
                }
                for (MigrationListener listener : listeners) {
                    listener.onProgress(progress);
                }
            }
        } finally {
            coordinator.endCopy(window);
        }
        if (!dryRun) {
            checkpoint.complete(collection);
        }
        MigrationResult result = new MigrationResult(collection, dryRun, resumeAfter != null, read, copied, present,
                deleted, failed, Duration.ofNanos(System.nanoTime() - started));
        LOG.info("{}: {} in {} ms: {} read, {} copied, {} already present, {} deleted meanwhile, {} failed", collection,
                dryRun ? "dry run done (nothing written)" : "copy complete", result.elapsed().toMillis(), read, copied,
                present, deleted, failed);
        for (MigrationListener listener : listeners) {
            listener.onComplete(result);
        }
        return result;
    }

    private static void logProgress(MigrationProgress p) {
        Optional<Duration> eta = p.eta();
        LOG.info("{}: {} read, {} copied{}, {} records/s{}", p.collection(), p.read(), p.copied(),
                p.percent() < 0 ? "" : String.format(java.util.Locale.ROOT, " (%.1f %%)", p.percent()),
                Math.round(p.recordsPerSecond()),
                eta.map(d -> ", about " + Math.max(1, d.toSeconds()) + " s left").orElse(""));
    }

    /** Collects the settings of a {@link Migration}. */
    public static final class Builder {
        private int batchSize = 500;
        private MigrationCheckpoint checkpoint = MigrationCheckpoint.inMemory();
        private final List<MigrationListener> listeners = new ArrayList<>();
        private boolean dryRun;
        private @Nullable CutOver cutOver;
        private boolean createTargetTables;
        private Duration progressLogInterval = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Sets how many records are read, locked and written together.
         *
         * @param batchSize 1 to {@value dev.polyglot.query.PageRequest#MAX_SIZE}
         * @return this builder
         * @throws IllegalArgumentException for a size out of range
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > dev.polyglot.query.PageRequest.MAX_SIZE) {
                throw new IllegalArgumentException("batch size must be between 1 and "
                        + dev.polyglot.query.PageRequest.MAX_SIZE + ", got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets where the last copied position of each collection is saved.
         *
         * @param checkpoint the checkpoint, such as {@link MigrationCheckpoint#file}
         * @return this builder
         * @throws IllegalArgumentException for null
         */
        public Builder checkpoint(MigrationCheckpoint checkpoint) {
            if (checkpoint == null) {
                throw new IllegalArgumentException("checkpoint must not be null");
            }
            this.checkpoint = checkpoint;
            return this;
        }

        /**
         * Adds a listener for progress.
         *
         * @param listener the listener
         * @return this builder
         * @throws IllegalArgumentException for null
         */
        public Builder listener(MigrationListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Makes the run a dry run: read the source and report, never touch the target or checkpoint.
         *
         * @param dryRun whether to only read
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Shares the per-key locks and tombstones of a cut-over's dual-write decorators, so writes
         * made while the copy runs follow the ordering rule of {@link Migration}.
         *
         * @param cutOver the cut-over whose decorators the application writes through
         * @return this builder
         * @throws IllegalArgumentException for null
         */
        public Builder coordinatedWith(CutOver cutOver) {
            if (cutOver == null) {
                throw new IllegalArgumentException("cut-over must not be null");
            }
            this.cutOver = cutOver;
            return this;
        }

        /**
         * Lets the copy create a missing target table ({@link TransactionalStore#createTables});
         * by default it only validates that the table exists ({@link TransactionalStore#validateSchema}).
         *
         * @param create whether to create missing tables
         * @return this builder
         */
        public Builder createTargetTables(boolean create) {
            this.createTargetTables = create;
            return this;
        }

        /**
         * Sets how often progress is logged at INFO (DEBUG has every batch).
         *
         * @param interval a positive duration
         * @return this builder
         * @throws IllegalArgumentException for a null, zero or negative interval
         */
        public Builder progressLogInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("progress log interval must be positive, got " + interval);
            }
            this.progressLogInterval = interval;
            return this;
        }

        /**
         * Builds the migration.
         *
         * @return the migration
         */
        public Migration build() {
            return new Migration(this);
        }
    }
}
