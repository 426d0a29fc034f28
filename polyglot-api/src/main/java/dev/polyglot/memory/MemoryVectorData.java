package dev.polyglot.memory;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The records of one in-memory vector collection. A read-write lock lets searches run in parallel
 * while making every write atomic and visible to all searches that start after it returns.
 */
final class MemoryVectorData {

    /** A stored record; never mutated once stored (a write replaces the entry), so it can be read after unlocking. */
    private record Entry(String id, float[] vector, Map<String, @Nullable Object> metadata) {
        @SuppressWarnings("unchecked")
        static Entry of(VectorRecord record) {
            // The record's vector() is already a copy; its metadata may hold binary the caller can still reach.
            return new Entry(record.id(), record.vector(),
                    (Map<String, @Nullable Object>) DocumentValues.deepCopy(record.metadata()));
        }

        VectorRecord toRecord() {
            // The record constructor copies the vector and the metadata, so callers never reach stored state.
            return new VectorRecord(id, vector, metadata);
        }
    }

    private record Scored(Entry entry, double score) {
    }

    /** The worst match first, so a bounded heap can evict it: lower score, then larger id. */
    private static final Comparator<Scored> WORST_FIRST = (a, b) -> {
        int c = Double.compare(a.score + 0.0, b.score + 0.0);
        return c != 0 ? c : VectorScores.compareIds(b.entry.id, a.entry.id);
    };

    private final int dimensions;
    private final Metric metric;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Entry> records = new TreeMap<>(VectorScores::compareIds);

    MemoryVectorData(int dimensions, Metric metric) {
        this.dimensions = dimensions;
        this.metric = metric;
    }

    int dimensions() {
        return dimensions;
    }

    Metric metric() {
        return metric;
    }

    /** Stores records already validated for this collection, all under one lock, later ones winning. */
    void upsertAll(List<VectorRecord> valid) {
        List<Entry> entries = new ArrayList<>(valid.size());
        for (VectorRecord r : valid) {
            entries.add(Entry.of(r));
        }
        lock.writeLock().lock();
        try {
            for (Entry e : entries) {
                records.put(e.id, e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Nullable VectorRecord get(String id) {
        Entry e;
        lock.readLock().lock();
        try {
            e = records.get(id);
        } finally {
            lock.readLock().unlock();
        }
        return e == null ? null : e.toRecord();
    }

    boolean delete(String id) {
        lock.writeLock().lock();
        try {
            return records.remove(id) != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long delete(Filter filter) {
        lock.writeLock().lock();
        try {
            long deleted = 0;
            for (Iterator<Entry> it = records.values().iterator(); it.hasNext(); ) {
                if (DocumentFilters.matches(filter, it.next().metadata)) {
                    it.remove();
                    deleted++;
                }
            }
            return deleted;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long count() {
        lock.readLock().lock();
        try {
            return records.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    List<VectorRecord> snapshot() {
        List<Entry> entries;
        lock.readLock().lock();
        try {
            entries = new ArrayList<>(records.values());
        } finally {
            lock.readLock().unlock();
        }
        List<VectorRecord> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.toRecord());
        }
        return out;
    }

    /** Runs a query whose vector, if any, was validated for this collection. */
    List<VectorMatch> search(VectorQuery query) {
        float[] vector = query.vector();
        Filter filter = query.filter();
        List<Scored> found = new ArrayList<>();
        lock.readLock().lock();
        try {
            if (vector == null) {
                for (Entry e : records.values()) {
                    if (found.size() == query.k()) {
                        break;
                    }
                    if (filter == null || DocumentFilters.matches(filter, e.metadata)) {
                        found.add(new Scored(e, 0.0));
                    }
                }
            } else {
                Double minScore = query.minScore();
                PriorityQueue<Scored> best = new PriorityQueue<>(Math.min(query.k(), records.size()) + 1, WORST_FIRST);
                for (Entry e : records.values()) {
                    if (filter != null && !DocumentFilters.matches(filter, e.metadata)) {
                        continue;
                    }
                    double score = VectorScores.score(metric, vector, e.vector);
                    if (minScore != null && score < minScore) {
                        continue;
                    }
                    best.add(new Scored(e, score));
                    if (best.size() > query.k()) {
                        best.poll();
                    }
                }
                found.addAll(best);
            }
        } finally {
            lock.readLock().unlock();
        }
        List<VectorMatch> matches = new ArrayList<>(found.size());
        for (Scored s : found) {
            matches.add(new VectorMatch(s.entry.toRecord(), s.score));
        }
        if (vector != null) {
            matches.sort(VectorScores.bestFirst());
        }
        return matches;
    }
}
