package dev.polyglot.evolution;

import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.spi.Ids;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A collection of a {@link DualVectorStore}. Upserts and deletes are applied to both stores; a
 * delete by filter runs on both with the collection locked exclusively, and while a backfill runs
 * it first lists the matching ids (one scan of the old store) to leave a tombstone for each.
 */
final class DualVectorCollection implements VectorCollection {
    private final CutOver cutOver;
    private final String collection;
    private final VectorCollection oldVectors;
    private final Lazy<VectorCollection> newVectors;

    DualVectorCollection(CutOver cutOver, VectorCollection oldVectors, Lazy<VectorCollection> newVectors) {
        this.cutOver = cutOver;
        this.collection = VectorCopy.collectionKey(oldVectors.name());
        this.oldVectors = oldVectors;
        this.newVectors = newVectors;
    }

    private VectorCollection writeFirst(CutOverPhase at) {
        return at == CutOverPhase.DONE ? newVectors.get() : oldVectors;
    }

    private VectorCollection reads(CutOverPhase at) {
        return at.readsNew() ? newVectors.get() : oldVectors;
    }

    void sync(String id) {
        Optional<VectorRecord> current = oldVectors.get(id);
        if (current.isPresent()) {
            newVectors.get().upsert(current.get());
        } else {
            cutOver.coordinator().tombstone(collection, id);
            newVectors.get().delete(id);
        }
    }

    void syncWithLock(String id) {
        cutOver.coordinator().withKey(collection, id, () -> {
            sync(id);
            return null;
        });
    }

    private Runnable resync(String id) {
        return () -> syncWithLock(id);
    }

    @Override
    public String name() {
        return oldVectors.name();
    }

    @Override
    public int dimensions() {
        return oldVectors.dimensions();
    }

    @Override
    public Metric metric() {
        return oldVectors.metric();
    }

    @Override
    public void upsert(VectorRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("vector record must not be null");
        }
        CutOverPhase at = cutOver.phase();
        cutOver.write(at, collection, record.id(), "upsert", () -> {
            writeFirst(at).upsert(record);
            return null;
        }, r -> newVectors.get().upsert(record), resync(record.id()));
    }

    @Override
    public void upsertAll(Collection<VectorRecord> records) {
        if (records == null) {
            throw new IllegalArgumentException("vector records must not be null");
        }
        List<String> ids = new ArrayList<>(records.size());
        for (VectorRecord record : records) {
            if (record == null) {
                throw new IllegalArgumentException("vector records must not contain null");
            }
            ids.add(record.id());
        }
        CutOverPhase at = cutOver.phase();
        cutOver.writeAll(at, collection, ids, () -> {
            writeFirst(at).upsertAll(records);
            return null;
        }, () -> {
            try {
                newVectors.get().upsertAll(records);
            } catch (RuntimeException e) {
                for (String id : ids) {
                    cutOver.mirror(collection, id, "upsertAll", () -> {
                        throw e;
                    }, resync(id));
                }
            }
        });
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        CutOverPhase at = cutOver.phase();
        Optional<VectorRecord> served = reads(at).get(id);
        if (cutOver.sampleShadow(at)) {
            Supplier<VectorCollection> other = at.readsNew() ? () -> oldVectors : newVectors;
            cutOver.shadow(at, collection, id, checksum(served), () -> checksum(other.get().get(id)));
        }
        return served;
    }

    private static @Nullable String checksum(Optional<VectorRecord> record) {
        return record.map(r -> RecordChecksum.ofVector(r.id(), r.vector(), r.metadata())).orElse(null);
    }

    @Override
    public boolean delete(String id) {
        Ids.requireId(id, "vector id");
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, id, "delete", () -> writeFirst(at).delete(id), r -> {
            cutOver.coordinator().tombstone(collection, id);
            newVectors.get().delete(id);
        }, resync(id));
    }

    @Override
    public long delete(Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        CutOverPhase at = cutOver.phase();
        if (!at.dualWrites()) {
            return writeFirst(at).delete(filter);
        }
        return cutOver.coordinator().exclusive(collection, () -> {
            // While a backfill runs, the deleted ids become tombstones: the copy may hold an older
            // version of a record whose metadata did not match then, so the filter alone is not enough.
            List<String> matching = new ArrayList<>();
            if (cutOver.coordinator().copyRunning()) {
                try (Stream<VectorRecord> all = oldVectors.scan()) {
                    all.filter(r -> DocumentFilters.matches(filter, r.metadata())).forEach(r -> matching.add(r.id()));
                }
            }
            long deleted = oldVectors.delete(filter);
            matching.forEach(id -> cutOver.coordinator().tombstone(collection, id));
            // The repair re-syncs every new-store record the filter matches from the old store, rather
            // than replaying the delete, which could remove records written since.
            cutOver.mirror(collection, "(filter " + filter + ")", "delete(filter)", () -> newVectors.get().delete(filter),
                    () -> resyncMatching(filter));
            return deleted;
        });
    }

    private void resyncMatching(Filter filter) {
        List<String> ids = new ArrayList<>();
        try (Stream<VectorRecord> all = newVectors.get().scan()) {
            all.filter(r -> DocumentFilters.matches(filter, r.metadata())).forEach(r -> ids.add(r.id()));
        }
        ids.forEach(this::syncWithLock);
    }

    @Override
    public List<VectorMatch> search(VectorQuery query) {
        return reads(cutOver.phase()).search(query);
    }

    @Override
    public long count() {
        return reads(cutOver.phase()).count();
    }

    @Override
    public Stream<VectorRecord> scan() {
        return reads(cutOver.phase()).scan();
    }

    @Override
    public String toString() {
        return "DualVectorCollection[" + name() + ", " + cutOver + "]";
    }
}
