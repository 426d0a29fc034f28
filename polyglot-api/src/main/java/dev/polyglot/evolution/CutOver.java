package dev.polyglot.evolution;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.VectorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a port from an old store to a new one while the application keeps running: dual-write
 * decorators that implement the port interfaces, a repair log, shadow reads and the phases
 * {@code SHADOW → VERIFY → CUT_OVER → DONE} (or {@code ROLLBACK} until {@code DONE}).
 *
 * <p><b>Writes</b> go to the old store first; when it succeeds the same change is applied to the
 * new store, holding a per-key lock so that two writers of one key reach both stores in the same
 * order. A failed write to the new store never fails the caller and is never dropped: the key goes
 * to the repair log, and {@link #repair()} later copies the key's current state from the old store
 * to the new one (its current state, not the old operation, so a late repair cannot undo a newer
 * write). Partial changes — a document {@code update}, a cache {@code increment} or {@code touch},
 * a transaction's writes — are mirrored by reading the key back from the old store and writing that
 * state to the new one. <b>Reads</b> come from the old store until {@code CUT_OVER} and from the new
 * one after; a configurable sample of point reads is also made on the other store and compared
 * (shadow reads), mismatches counted and reported to listeners. The Transactional port runs each
 * transaction on the store reads come from (ACID needs reads and writes in one store), so from
 * {@code CUT_OVER} on its transactions run on the new store and are mirrored to the old one.
 *
 * <p><b>Phase changes</b> are logged at INFO by logger {@code dev.polyglot.evolution.CutOver} with
 * the counters of {@link #stats()}, and reported to every {@link CutOverListener} (the hook for
 * metrics). {@link #cutOver(VerificationReport...)} refuses while repairs are pending or a report
 * is not clean.
 *
 * <pre>{@code
 * CutOver move = CutOver.builder("documents-to-mongo").shadowReadSample(0.05).build();
 * DocumentStore documents = move.documents(postgresDocuments, mongoDocuments);   // the app uses this
 * Migration.builder().coordinatedWith(move).build()
 *         .copyDocuments(postgresDocuments, mongoDocuments, "conversations");     // backfill
 * move.verify();
 * VerificationReport report = Verification.documents(postgresDocuments, mongoDocuments, "conversations");
 * move.repair(report);                                                            // if not clean
 * move.cutOver(Verification.documents(postgresDocuments, mongoDocuments, "conversations"));
 * move.finish();                                                                  // or move.rollback()
 * }</pre>
 *
 * <p>The decorators own the stores they wrap: closing a decorator closes both stores.
 */
public final class CutOver {
    private static final Logger LOG = LoggerFactory.getLogger(CutOver.class);
    private static final int RECENT_MISMATCHES = 1000;

    private final String name;
    private final double shadowReadSample;
    private final List<CutOverListener> listeners;
    private final WriteCoordinator coordinator = new WriteCoordinator();
    private volatile CutOverPhase phase = CutOverPhase.SHADOW;

    private final LongAdder mirroredWrites = new LongAdder();
    private final LongAdder failedMirrors = new LongAdder();
    private final LongAdder repaired = new LongAdder();
    private final LongAdder shadowReads = new LongAdder();
    private final LongAdder shadowMismatches = new LongAdder();
    private final LongAdder shadowErrors = new LongAdder();
    private final ConcurrentLinkedDeque<PendingRepair> repairLog = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<ShadowMismatch> recentMismatches = new ConcurrentLinkedDeque<>();
    /** Per collection, how to bring one key of it in line (for repairs from a verification report). */
    private final Map<String, Consumer<String>> syncers = new ConcurrentHashMap<>();

    private record PendingRepair(RepairEntry entry, Runnable resync) {
    }

    private CutOver(Builder builder) {
        this.name = builder.name;
        this.shadowReadSample = builder.shadowReadSample;
        this.listeners = List.copyOf(builder.listeners);
    }

    /**
     * Starts building a cut-over: shadow reads on 1 % of point reads, no listener.
     *
     * @param name a name for the logs, such as {@code cache-to-redis}
     * @return the builder
     * @throws IllegalArgumentException for a null or blank name
     */
    public static Builder builder(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cut-over name must not be blank");
        }
        return new Builder(name);
    }

    // ------------------------------------------------------------------ decorators

    /**
     * Returns a Document port that writes to both stores and reads as the phase says.
     *
     * @param oldStore the store the data lives in now
     * @param newStore the store it moves to
     * @return the decorator; closing it closes both stores
     * @throws IllegalArgumentException for a null or repeated store
     */
    public DocumentStore documents(DocumentStore oldStore, DocumentStore newStore) {
        requireStores(oldStore, newStore);
        return new DualDocumentStore(this, oldStore, newStore);
    }

    /**
     * Returns a Cache port that writes to both stores and reads as the phase says; rate limiters
     * are served by the store reads come from (their grants are not migrated: they expire within a
     * window).
     *
     * @param oldStore the store the data lives in now
     * @param newStore the store it moves to
     * @return the decorator; closing it closes both stores
     * @throws IllegalArgumentException for a null or repeated store
     */
    public CacheStore cache(CacheStore oldStore, CacheStore newStore) {
        requireStores(oldStore, newStore);
        return new DualCacheStore(this, oldStore, newStore);
    }

    /**
     * Returns a Vector port that writes to both stores and reads as the phase says.
     *
     * @param oldStore the store the data lives in now
     * @param newStore the store it moves to
     * @return the decorator; closing it closes both stores
     * @throws IllegalArgumentException for a null or repeated store
     */
    public VectorStore vectors(VectorStore oldStore, VectorStore newStore) {
        requireStores(oldStore, newStore);
        return new DualVectorStore(this, oldStore, newStore);
    }

    /**
     * Returns a Transactional port whose transactions run on the store reads come from and whose
     * committed writes are then mirrored, row by row, to the other store.
     *
     * @param oldStore the store the data lives in now
     * @param newStore the store it moves to
     * @return the decorator; closing it closes both stores
     * @throws IllegalArgumentException for a null or repeated store
     */
    public TransactionalStore transactional(TransactionalStore oldStore, TransactionalStore newStore) {
        requireStores(oldStore, newStore);
        return new DualTransactionalStore(this, oldStore, newStore);
    }

    private static void requireStores(Object oldStore, Object newStore) {
        if (oldStore == null || newStore == null) {
            throw new IllegalArgumentException("old and new stores must not be null");
        }
        if (oldStore == newStore) {
            throw new IllegalArgumentException("old and new store are the same store");
        }
    }

    // ------------------------------------------------------------------ phases

    /**
     * Returns the current phase.
     *
     * @return the phase
     */
    public CutOverPhase phase() {
        return phase;
    }

    /**
     * Moves from {@code SHADOW} to {@code VERIFY}, once the backfill is complete.
     *
     * @throws IllegalStateException if the phase is not {@code SHADOW}
     */
    public void verify() {
        move(EnumSet.of(CutOverPhase.SHADOW), CutOverPhase.VERIFY);
    }

    /**
     * Moves from {@code VERIFY} to {@code CUT_OVER}: reads come from the new store from now on.
     *
     * @param reports verification reports of the collections moved; each must be clean
     * @throws IllegalStateException if the phase is not {@code VERIFY}, repairs are pending, or a
     *     report is not clean (the message names it)
     */
    public void cutOver(VerificationReport... reports) {
        synchronized (this) {
            if (!repairLog.isEmpty()) {
                throw new IllegalStateException("cut-over " + name + ": " + repairLog.size()
                        + " repairs are pending; run repair() first");
            }
            for (VerificationReport report : reports) {
                if (!report.clean()) {
                    throw new IllegalStateException("cut-over " + name + ": verification is not clean: " + report.summary());
                }
            }
            move(EnumSet.of(CutOverPhase.VERIFY), CutOverPhase.CUT_OVER);
        }
    }

    /**
     * Moves from {@code CUT_OVER} to {@code DONE}: the old store is no longer written or read.
     *
     * @throws IllegalStateException if the phase is not {@code CUT_OVER}
     */
    public void finish() {
        move(EnumSet.of(CutOverPhase.CUT_OVER), CutOverPhase.DONE);
    }

    /**
     * Abandons the move: reads and writes go to the old store only, which has every write.
     *
     * @throws IllegalStateException if the phase is {@code DONE} or already {@code ROLLBACK}
     */
    public void rollback() {
        move(EnumSet.of(CutOverPhase.SHADOW, CutOverPhase.VERIFY, CutOverPhase.CUT_OVER), CutOverPhase.ROLLBACK);
    }

    private synchronized void move(EnumSet<CutOverPhase> from, CutOverPhase to) {
        CutOverPhase current = phase;
        if (!from.contains(current)) {
            throw new IllegalStateException("cut-over " + name + " cannot move to " + to + " from " + current
                    + "; it moves from " + from);
        }
        phase = to;
        CutOverStats stats = stats();
        LOG.info("cut-over {}: phase {} -> {} ({} writes mirrored, {} failed, {} repairs pending, {} repaired, "
                + "{} shadow reads, {} mismatches)", name, current, to, stats.mirroredWrites(), stats.failedMirrors(),
                stats.pendingRepairs(), stats.repaired(), stats.shadowReads(), stats.shadowMismatches());
        notify(l -> l.onPhaseChange(current, to, stats));
    }

    // ------------------------------------------------------------------ repair and observation

    /**
     * Brings every key of the repair log in line with the store written first, oldest first; keys
     * that fail again stay in the log.
     *
     * @return how many keys were repaired
     */
    public long repair() {
        long done = 0;
        int rounds = repairLog.size();
        for (int i = 0; i < rounds; i++) {
            PendingRepair pending = repairLog.pollFirst();
            if (pending == null) {
                break;
            }
            try {
                pending.resync().run();
                done++;
                repaired.increment();
            } catch (RuntimeException e) {
                repairLog.addLast(pending);
                LOG.warn("cut-over {}: repair of {} {} failed again: {}", name, pending.entry().collection(),
                        pending.entry().key(), e.toString());
            }
        }
        LOG.info("cut-over {}: repaired {} keys, {} still pending", name, done, repairLog.size());
        return done;
    }

    /**
     * Brings the missing, extra and different records of a verification report in line with the
     * old store (the id lists of the report, so repeat verification and repair while a report
     * lists fewer ids than it counts).
     *
     * @param report a report made by {@link Verification} of a collection the decorators opened
     * @return how many keys were brought in line
     * @throws IllegalArgumentException if no decorator of this cut-over opened the report's collection
     */
    public long repair(VerificationReport report) {
        Consumer<String> syncer = syncers.get(report.collection());
        if (syncer == null) {
            throw new IllegalArgumentException("cut-over " + name + " has not opened " + report.collection()
                    + " through its decorators, so it cannot repair it");
        }
        long done = 0;
        for (List<String> ids : List.of(report.missing(), report.extra(), report.different())) {
            for (String id : ids) {
                syncer.accept(id);
                done++;
            }
        }
        repaired.add(done);
        LOG.info("cut-over {}: repaired {} keys of {} from a verification report", name, done, report.collection());
        return done;
    }

    /**
     * Returns the keys waiting in the repair log, oldest first.
     *
     * @return a snapshot of the log
     */
    public List<RepairEntry> pendingRepairs() {
        List<RepairEntry> out = new ArrayList<>();
        for (PendingRepair p : repairLog) {
            out.add(p.entry());
        }
        return out;
    }

    /**
     * Returns the latest shadow-read mismatches (at most 1000), oldest first.
     *
     * @return a snapshot
     */
    public List<ShadowMismatch> recentMismatches() {
        return new ArrayList<>(recentMismatches);
    }

    /**
     * Returns the counters.
     *
     * @return a snapshot of the counters and the phase
     */
    public CutOverStats stats() {
        return new CutOverStats(phase, mirroredWrites.sum(), failedMirrors.sum(), repairLog.size(), repaired.sum(),
                shadowReads.sum(), shadowMismatches.sum(), shadowErrors.sum());
    }

    @Override
    public String toString() {
        return "CutOver[" + name + ", " + phase + "]";
    }

    // ------------------------------------------------------------------ used by the decorators

    WriteCoordinator coordinator() {
        return coordinator;
    }

    void registerSyncer(String collection, Consumer<String> syncer) {
        syncers.putIfAbsent(collection, syncer);
    }

    /**
     * Runs a write in the phase the caller read: in a dual-write phase, {@code first} on the store
     * written first, then {@code mirror} on the other, both under the key's lock; a failing mirror
     * goes to the repair log with {@code resync}. Otherwise only {@code first}, which the caller
     * pointed at the phase's single store.
     */
    <R> R write(CutOverPhase at, String collection, String key, String operation, Supplier<R> first,
            Consumer<R> mirror, Runnable resync) {
        if (!at.dualWrites()) {
            return first.get();
        }
        return coordinator.withKey(collection, key, () -> {
            R result = first.get();
            mirror(collection, key, operation, () -> mirror.accept(result), resync);
            return result;
        });
    }

    /** Runs one mirror step; a failure goes to the repair log. */
    void mirror(String collection, String key, String operation, Runnable step, Runnable resync) {
        try {
            step.run();
            mirroredWrites.increment();
        } catch (RuntimeException e) {
            failedMirrors.increment();
            RepairEntry entry = new RepairEntry(collection, key, operation, e.toString(), Instant.now());
            repairLog.addLast(new PendingRepair(entry, resync));
            LOG.warn("cut-over {}: {} of {} {} reached the first store but not the second; queued for repair: {}",
                    name, operation, collection, key, e.toString());
            notify(l -> l.onRepairNeeded(entry));
        }
    }

    /** Runs several keys' mirror under their locks (bulk writes). */
    <R> R writeAll(CutOverPhase at, String collection, Collection<String> keys, Supplier<R> first, Runnable mirrorAll) {
        if (!at.dualWrites()) {
            return first.get();
        }
        return coordinator.withKeys(collection, keys, () -> {
            R result = first.get();
            mirrorAll.run();
            return result;
        });
    }

    /** Whether this read is one of the sample compared with the other store. */
    boolean sampleShadow(CutOverPhase at) {
        return at.dualWrites() && shadowReadSample > 0
                && (shadowReadSample >= 1 || ThreadLocalRandom.current().nextDouble() < shadowReadSample);
    }

    /**
     * Compares a served read with the other store's answer; never throws.
     *
     * @param served the checksum of what was served, or null if it was absent
     * @param other reads the other store's checksum (null if absent)
     */
    void shadow(CutOverPhase at, String collection, String key, String served, Supplier<String> other) {
        shadowReads.increment();
        String theirs;
        try {
            theirs = other.get();
        } catch (RuntimeException e) {
            shadowErrors.increment();
            LOG.debug("cut-over {}: shadow read of {} {} failed: {}", name, collection, key, e.toString());
            return;
        }
        if (Objects.equals(served, theirs)) {
            return;
        }
        String otherName = at.readsNew() ? "old" : "new";
        String detail = theirs == null ? "missing in the " + otherName + " store"
                : served == null ? "missing in the " + (at.readsNew() ? "new" : "old") + " store" : "different content";
        ShadowMismatch mismatch = new ShadowMismatch(collection, key, at, detail, Instant.now());
        shadowMismatches.increment();
        recentMismatches.addLast(mismatch);
        while (recentMismatches.size() > RECENT_MISMATCHES) {
            recentMismatches.pollFirst();
        }
        LOG.debug("cut-over {}: shadow read of {} {}: {}", name, collection, key, detail);
        notify(l -> l.onShadowMismatch(mismatch));
    }

    /** The checksum of an optional model value, null when absent. */
    static <V> String checksumOf(java.util.Optional<V> value, Function<V, Object> toModel) {
        return value.map(v -> RecordChecksum.of(toModel.apply(v))).orElse(null);
    }

    private void notify(Consumer<CutOverListener> event) {
        for (CutOverListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("cut-over {}: listener {} failed: {}", name, listener, e.toString());
            }
        }
    }

    /** Collects the settings of a {@link CutOver}. */
    public static final class Builder {
        private final String name;
        private double shadowReadSample = 0.01;
        private final List<CutOverListener> listeners = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the share of point reads that are also made on the other store and compared.
         *
         * @param fraction 0 (none) to 1 (every read)
         * @return this builder
         * @throws IllegalArgumentException for a fraction outside 0..1
         */
        public Builder shadowReadSample(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("shadow read sample must be between 0 and 1, got " + fraction);
            }
            this.shadowReadSample = fraction;
            return this;
        }

        /**
         * Adds a listener of phase changes, repairs and mismatches.
         *
         * @param listener the listener
         * @return this builder
         * @throws IllegalArgumentException for null
         */
        public Builder listener(CutOverListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Builds the cut-over, in phase {@code SHADOW}.
         *
         * @return the cut-over
         */
        public CutOver build() {
            return new CutOver(this);
        }
    }
}
