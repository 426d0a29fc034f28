package dev.polyglot.hnsw;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one collection: its records, its HNSW graph and, unless the store is memory-only,
 * its directory with snapshot and log.
 *
 * <p><b>Truth and index.</b> A sorted concurrent map of {@link HnswEntry}s is the truth; the graph
 * only proposes candidates, and a search keeps a candidate only while its entry is
 * {@linkplain HnswEntry#isLive() live}. A write retires the entry it deletes or replaces before it
 * returns, so no search started later can return it, whatever state the graph is in.
 *
 * <p><b>Locking.</b> Writes and searches share the read side of one lock; the graph's own adds
 * and searches are safe together. The write side is taken only for a moment: to grow the graph
 * (its arrays are replaced), to swap in a rebuilt graph, and to cut the log for a snapshot. Every
 * write carries a sequence number that orders writes of the same id, in memory and on replay, so
 * the order in which concurrent writers reach the log does not matter.
 */
final class HnswCollection {
    private static final Logger LOG = LoggerFactory.getLogger(HnswCollection.class);

    private static final byte UPSERT = 1;
    private static final byte DELETE = 2;
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{1,18})\\.hnsw");
    private static final Pattern LOG_FILE = Pattern.compile("log-(\\d{1,18})\\.hnsw");
    /** Graphs with fewer nodes are not worth rebuilding. */
    private static final int MIN_NODES_TO_COMPACT = 1_000;
    /** A filtered search scans exactly once the graph would have to examine more than this share of the records. */
    private static final int EXACT_SCAN_DIVISOR = 20;
    /** Batches at least this large are indexed by several threads. */
    private static final int PARALLEL_INDEX_BATCH = 2_048;

    private final String name;
    private final int dimensions;
    private final Metric metric;
    private final HnswDistances distances;
    private final HnswOptions options;
    private final @Nullable Path directory;
    private final Executor maintenance;

    private final ConcurrentSkipListMap<String, HnswEntry> records = new ConcurrentSkipListMap<>(VectorScores::compareIds);
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile HnswGraph graph;
    private volatile @Nullable Rebuild rebuild;
    private volatile @Nullable HnswLog log;
    private volatile boolean dropped;
    private volatile boolean closed;
    /** Set when the store starts closing: background work stops early. */
    private volatile boolean stopping;
    private final AtomicBoolean rebuildScheduled = new AtomicBoolean();
    private final AtomicBoolean snapshotScheduled = new AtomicBoolean();

    /**
     * Upserts made while a rebuilt graph is being built, replayed into it before it replaces the
     * old one (deletes need no replay: they retire the entries both graphs share).
     */
    private static final class Rebuild {
        final ConcurrentLinkedQueue<HnswEntry> pending = new ConcurrentLinkedQueue<>();
    }

    private HnswCollection(String name, int dimensions, Metric metric, HnswOptions options, @Nullable Path directory,
            Executor maintenance) {
        this.name = name;
        this.dimensions = dimensions;
        this.metric = metric;
        this.distances = HnswDistances.of(metric);
        this.options = options;
        this.directory = directory;
        this.maintenance = maintenance;
        this.graph = new HnswGraph(distances, dimensions, options, 1024);
    }

    /** Creates a new, empty collection; in {@code directory} unless it is null (memory-only). */
    static HnswCollection create(String name, int dimensions, Metric metric, HnswOptions options,
            @Nullable Path directory, Executor maintenance) throws IOException {
        HnswCollection c = new HnswCollection(name, dimensions, metric, options, directory, maintenance);
        if (directory != null) {
            Files.createDirectory(directory);
            c.log = HnswLog.create(directory.resolve(logName(1)), dimensions, metric, 1);
            HnswSnapshot.syncDirectory(directory.getParent());
        }
        return c;
    }

    /**
     * Opens a collection from its directory: the newest snapshot, then every log from its
     * generation on, then a graph built from the records.
     *
     * @return the collection, or null if the directory holds no file (a creation that a crash
     *     interrupted before it returned)
     * @throws IOException for damaged or foreign files, naming the file
     */
    static @Nullable HnswCollection load(String name, Path directory, HnswOptions options, Executor maintenance)
            throws IOException {
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        TreeMap<Long, Path> logs = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String fileName = f.getFileName().toString();
                Matcher s = SNAPSHOT.matcher(fileName);
                Matcher l = LOG_FILE.matcher(fileName);
                if (fileName.endsWith(".tmp")) {
                    // A snapshot a crash interrupted before its rename; the files it was to replace are still there.
                    Files.delete(f);
                } else if (s.matches()) {
                    snapshots.put(Long.parseLong(s.group(1)), f);
                } else if (l.matches()) {
                    logs.put(Long.parseLong(l.group(1)), f);
                } else {
                    throw new HnswFileException(f, "is not a file of a Polyglot HNSW collection"
                            + " (expected snapshot-<n>.hnsw or log-<n>.hnsw)");
                }
            }
        }
        if (snapshots.isEmpty() && logs.isEmpty()) {
            return null;
        }
        long snapshotGeneration = snapshots.isEmpty() ? 0 : snapshots.lastKey();
        Map<String, HnswCodec.Decoded> state = new HashMap<>();
        Map<String, Long> tombstones = new HashMap<>();
        long[] maxSequence = {0};
        int dims;
        Metric met;
        if (snapshotGeneration > 0) {
            Path file = snapshots.lastEntry().getValue();
            HnswSnapshot.Header header = HnswSnapshot.read(file, d -> state.put(d.id(), d));
            if (header.generation() != snapshotGeneration || state.size() != header.count()) {
                throw new HnswFileException(file, "does not match its name or repeats ids (generation "
                        + header.generation() + ", " + header.count() + " records, " + state.size() + " distinct ids)");
            }
            dims = header.dimensions();
            met = header.metric();
            maxSequence[0] = header.maxSequence();
        } else {
            HnswLog.Header header = HnswLog.readHeader(logs.firstEntry().getValue());
            dims = header.dimensions();
            met = header.metric();
        }
        HnswLog.Replay lastReplay = null;
        long lastGeneration = snapshotGeneration;
        for (Map.Entry<Long, Path> e : logs.tailMap(snapshotGeneration, true).entrySet()) {
            Path file = e.getValue();
            lastReplay = HnswLog.replay(file, e.getKey(), dims, met,
                    (buf, off, len) -> apply(buf, off, len, dims, state, tombstones, maxSequence));
            lastGeneration = e.getKey();
            if (lastReplay.tornTail()) {
                LOG.warn("HNSW log {} ended in a torn record (a write interrupted by a crash, never acknowledged);"
                        + " it was dropped", file);
            }
        }
        HnswCollection c = new HnswCollection(name, dims, met, options, directory, maintenance);
        List<HnswEntry> entries = new ArrayList<>(state.size());
        for (HnswCodec.Decoded d : state.values()) {
            VectorRecord valid;
            try {
                valid = new VectorRecord(d.id(), d.vector(), d.metadata());
                VectorScores.requireVector(d.vector(), dims, met, "vector of record \"" + d.id() + "\"");
            } catch (IllegalArgumentException bad) {
                throw new HnswFileException(directory, "holds an invalid record: " + bad.getMessage());
            }
            HnswEntry entry = c.newEntry(valid, d.version());
            entries.add(entry);
            c.records.put(entry.id(), entry);
        }
        c.live.set(entries.size());
        c.sequence.set(maxSequence[0]);
        if (lastReplay != null && lastGeneration >= snapshotGeneration && logs.containsKey(lastGeneration)) {
            c.log = HnswLog.reopen(logs.get(lastGeneration), lastGeneration, lastReplay.validLength());
        } else {
            c.log = HnswLog.create(directory.resolve(logName(snapshotGeneration)), dims, met, snapshotGeneration);
        }
        // Files the newest snapshot made obsolete (a crash came before their deletion).
        for (Path old : snapshots.headMap(snapshotGeneration, false).values()) {
            Files.deleteIfExists(old);
        }
        for (Path old : logs.headMap(snapshotGeneration, false).values()) {
            Files.deleteIfExists(old);
        }
        HnswGraph g = new HnswGraph(c.distances, dims, options, entries.size() + entries.size() / 4 + 1024);
        try {
            g.addAll(entries, Runtime.getRuntime().availableProcessors(), () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.log.close();
            throw new IOException("interrupted while building the HNSW graph of " + directory, e);
        }
        c.graph = g;
        return c;
    }

    private static void apply(byte[] buf, int off, int len, int dims, Map<String, HnswCodec.Decoded> state,
            Map<String, Long> tombstones, long[] maxSequence) throws HnswCodec.MalformedException {
        HnswCodec.Reader r = new HnswCodec.Reader(buf, off, len);
        int type = r.readByte();
        int count = r.readInt();
        if (count < 0) {
            throw new HnswCodec.MalformedException("negative record count");
        }
        for (int i = 0; i < count; i++) {
            if (type == UPSERT) {
                HnswCodec.Decoded d = HnswCodec.readEntry(r, dims);
                maxSequence[0] = Math.max(maxSequence[0], d.version());
                HnswCodec.Decoded current = state.get(d.id());
                Long deletedAt = tombstones.get(d.id());
                if ((current == null || current.version() < d.version()) && (deletedAt == null || deletedAt < d.version())) {
                    state.put(d.id(), d);
                }
            } else if (type == DELETE) {
                String id = r.readString();
                long version = r.readLong();
                maxSequence[0] = Math.max(maxSequence[0], version);
                HnswCodec.Decoded current = state.get(id);
                if (current != null && current.version() < version) {
                    state.remove(id);
                }
                tombstones.merge(id, version, Math::max);
            } else {
                throw new HnswCodec.MalformedException("unknown log record type " + type);
            }
        }
        if (!r.atEnd()) {
            throw new HnswCodec.MalformedException("trailing bytes in log record");
        }
    }

    static String logName(long generation) {
        return "log-" + generation + ".hnsw";
    }

    static String snapshotName(long generation) {
        return "snapshot-" + generation + ".hnsw";
    }

    String name() {
        return name;
    }

    int dimensions() {
        return dimensions;
    }

    Metric metric() {
        return metric;
    }

    // ---------------------------------------------------------------- writes

    @SuppressWarnings("unchecked")
    private HnswEntry newEntry(VectorRecord record, long version) {
        float[] vector = record.vector(); // already a copy
        // Binary metadata values are the record's own arrays, which its caller can still reach.
        Map<String, @Nullable Object> metadata = (Map<String, @Nullable Object>) DocumentValues.deepCopy(record.metadata());
        return new HnswEntry(record.id(), vector, metadata, version);
    }

    /** Upserts records already validated for this collection; later records of the same id win. */
    void upsertAll(List<VectorRecord> valid) {
        Map<String, VectorRecord> unique = new LinkedHashMap<>();
        for (VectorRecord r : valid) {
            unique.remove(r.id());
            unique.put(r.id(), r);
        }
        List<HnswEntry> entries = new ArrayList<>(unique.size());
        // The entry each one replaces when the vector is unchanged: the graph reuses its node then.
        HnswEntry[] sameVector = new HnswEntry[unique.size()];
        long position;
        HnswLog target;
        lock.readLock().lock();
        try {
            checkUsable();
            long first = sequence.getAndAdd(unique.size()) + 1;
            for (VectorRecord r : unique.values()) {
                entries.add(newEntry(r, first + entries.size()));
            }
            target = log;
            position = 0;
            if (target != null) {
                HnswCodec.Writer w = new HnswCodec.Writer(entries.size() * (4 * dimensions + 64) + 16);
                w.writeByte(UPSERT);
                w.writeInt(entries.size());
                for (HnswEntry e : entries) {
                    HnswCodec.writeEntry(w, e);
                }
                position = append(target, w);
            }
            for (int i = 0; i < entries.size(); i++) {
                HnswEntry e = entries.get(i);
                int index = i;
                records.compute(e.id(), (id, old) -> {
                    if (old != null && old.version() > e.version()) {
                        e.retire(); // a later write of this id got here first
                        return old;
                    }
                    if (old == null) {
                        live.incrementAndGet();
                    } else {
                        old.retire();
                        if (Arrays.equals(old.components(), e.components())) {
                            sameVector[index] = old;
                        }
                    }
                    return e;
                });
            }
        } finally {
            lock.readLock().unlock();
        }
        if (entries.size() >= PARALLEL_INDEX_BATCH && Runtime.getRuntime().availableProcessors() > 1) {
            indexInParallel(entries, sameVector);
        } else {
            index(entries, sameVector, 0, entries.size());
        }
        await(target, position);
        maybeMaintain();
    }

    /** Indexes a large batch from several threads (graph inserts are thread-safe), as a bulk load needs. */
    private void indexInParallel(List<HnswEntry> entries, @Nullable HnswEntry[] sameVector) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), entries.size() / (PARALLEL_INDEX_BATCH / 2));
        int chunk = (entries.size() + threads - 1) / threads;
        List<Thread> workers = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 1; t < threads; t++) {
            int from = t * chunk;
            int to = Math.min(entries.size(), from + chunk);
            Thread worker = new Thread(() -> {
                try {
                    index(entries, sameVector, from, to);
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "polyglot-hnsw-index-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        index(entries, sameVector, 0, Math.min(chunk, entries.size()));
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is in the log and the map already: finish indexing it
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    /** Puts written entries into the graph, growing it (under the write lock) whenever it is full. */
    private void index(List<HnswEntry> entries, @Nullable HnswEntry[] sameVector, int from, int to) {
        int i = from;
        while (i < to) {
            HnswGraph g;
            int fullAt;
            lock.readLock().lock();
            try {
                g = graph;
                fullAt = g.capacity();
                Rebuild r = rebuild;
                for (; i < to; i++) {
                    HnswEntry e = entries.get(i);
                    if (!e.isLive()) {
                        continue;
                    }
                    if (!g.tryAdd(e, sameVector[i])) {
                        break;
                    }
                    if (r != null) {
                        r.pending.add(e);
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            if (i < to) {
                lock.writeLock().lock();
                try {
                    if (graph == g && g.capacity() == fullAt) {
                        g.grow(); // unless another writer grew it (or a rebuild replaced it) meanwhile
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            }
        }
    }

    boolean delete(String id) {
        return deleteAll(List.of(id)) == 1;
    }

    long delete(Filter filter) {
        List<String> ids = new ArrayList<>();
        for (HnswEntry e : records.values()) {
            if (DocumentFilters.matches(filter, e.metadata())) {
                ids.add(e.id());
            }
        }
        if (ids.isEmpty()) {
            checkUsable();
            return 0;
        }
        return deleteAll(ids);
    }

    private long deleteAll(List<String> ids) {
        List<HnswEntry> removed = new ArrayList<>();
        long position = 0;
        HnswLog target;
        long version;
        lock.readLock().lock();
        try {
            checkUsable();
            List<String> present = new ArrayList<>(ids.size());
            for (String id : ids) {
                if (records.containsKey(id)) {
                    present.add(id);
                }
            }
            if (present.isEmpty()) {
                return 0;
            }
            version = sequence.incrementAndGet();
            target = log;
            if (target != null) {
                HnswCodec.Writer w = new HnswCodec.Writer(present.size() * 48 + 16);
                w.writeByte(DELETE);
                w.writeInt(present.size());
                for (String id : present) {
                    w.writeString(id);
                    w.writeLong(version);
                }
                position = append(target, w);
            }
            for (String id : present) {
                records.computeIfPresent(id, (k, old) -> {
                    if (old.version() > version) {
                        return old; // upserted again after this delete began
                    }
                    old.retire();
                    live.decrementAndGet();
                    removed.add(old);
                    return null;
                });
            }
            // Nothing to do in the graph (or a rebuild's): a retired entry's node only routes searches.
        } finally {
            lock.readLock().unlock();
        }
        await(target, position);
        maybeMaintain();
        return removed.size();
    }

    private long append(HnswLog target, HnswCodec.Writer payload) {
        try {
            return target.append(payload);
        } catch (IOException e) {
            throw unavailable("cannot append to the log " + target.file(), e);
        }
    }

    private void await(@Nullable HnswLog target, long position) {
        if (target == null || options.durability() != HnswDurability.SYNC) {
            return;
        }
        try {
            target.sync(position);
        } catch (IOException e) {
            throw unavailable("cannot fsync the log " + target.file(), e);
        }
    }

    private RuntimeException unavailable(String message, IOException cause) {
        if (dropped) {
            return droppedException();
        }
        if (closed) {
            return new IllegalStateException("the vector store is closed");
        }
        return new StoreUnavailableException("HNSW collection \"" + name + "\": " + message + ": " + cause, cause);
    }

    // ---------------------------------------------------------------- reads

    @Nullable VectorRecord get(String id) {
        checkUsable();
        HnswEntry e = records.get(id);
        return e == null ? null : e.toRecord();
    }

    long count() {
        checkUsable();
        return live.get();
    }

    List<VectorRecord> snapshot() {
        checkUsable();
        List<HnswEntry> entries = new ArrayList<>(records.values());
        List<VectorRecord> out = new ArrayList<>(entries.size());
        for (HnswEntry e : entries) {
            out.add(e.toRecord());
        }
        return out;
    }

    /** Runs a query whose vector, if any, was validated for this collection. */
    List<VectorMatch> search(VectorQuery query) {
        checkUsable();
        float[] vector = query.vector();
        if (vector == null) {
            return filterOnly(query.filter(), query.k());
        }
        int k = query.k();
        Integer effort = query.searchEffort();
        int ef = Math.max(k, effort != null ? effort : options.ef());
        long n = live.get();
        if (n <= options.exactSearchLimit() || ef >= n) {
            return exact(query, vector);
        }
        List<VectorMatch> found = approximate(query, vector, ef, n);
        return found != null ? found : exact(query, vector);
    }

    private List<VectorMatch> filterOnly(@Nullable Filter filter, int k) {
        List<VectorMatch> out = new ArrayList<>();
        for (HnswEntry e : records.values()) {
            if (out.size() == k) {
                break;
            }
            if (filter == null || DocumentFilters.matches(filter, e.metadata())) {
                out.add(new VectorMatch(e.toRecord(), 0.0));
            }
        }
        return out;
    }

    /** The exact top k over every matching record, as the in-memory reference computes it. */
    private List<VectorMatch> exact(VectorQuery query, float[] vector) {
        Filter filter = query.filter();
        Double minScore = query.minScore();
        int k = query.k();
        PriorityQueue<Scored> best = new PriorityQueue<>(Math.min(k, 1024) + 1, Scored.WORST_FIRST);
        for (HnswEntry e : records.values()) {
            if (filter != null && !DocumentFilters.matches(filter, e.metadata())) {
                continue;
            }
            double score = VectorScores.score(metric, vector, e.components());
            if (minScore != null && score < minScore) {
                continue;
            }
            best.add(new Scored(e, score));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<VectorMatch> out = new ArrayList<>(best.size());
        for (Scored s : best) {
            out.add(new VectorMatch(s.entry.toRecord(), s.score));
        }
        out.sort(VectorScores.bestFirst());
        return out;
    }

    private record Scored(HnswEntry entry, double score) {
        static final Comparator<Scored> WORST_FIRST = (a, b) -> {
            int c = Double.compare(a.score + 0.0, b.score + 0.0);
            return c != 0 ? c : VectorScores.compareIds(b.entry.id(), a.entry.id());
        };
    }

    /**
     * Searches the graph, widening the candidate list until it holds enough matches.
     *
     * <p>Without a filter, {@code ef} candidates give the top k. With one, the first round
     * estimates the filter's selectivity {@code s} among the candidates, and the search widens to
     * about {@code ef / s} candidates, so that some {@code ef} matching records are compared, as an
     * unfiltered search would; when that is more than a twentieth of the collection, an exact scan
     * of the matching records is cheaper and exact, so it returns null and the caller scans.
     *
     * @return the matches, or null to ask for an exact scan
     */
    private @Nullable List<VectorMatch> approximate(VectorQuery query, float[] vector, int ef, long n) {
        Filter filter = query.filter();
        Double minScore = query.minScore();
        int k = query.k();
        float[] indexVector = distances.indexVector(vector);
        int candidates = ef;
        while (true) {
            HnswGraph.Found found;
            lock.readLock().lock();
            try {
                found = graph.nearest(indexVector, candidates);
            } finally {
                lock.readLock().unlock();
            }
            List<Scored> matches = new ArrayList<>();
            int liveSeen = 0;
            int filterMatches = 0;
            // Without minScore only the top k need exact scores. Candidates come in the order of
            // their float distances, so once k matches are scored, later ones can only make the
            // top k if their float distance ties the k-th's within float rounding (a sum of
            // squares has a small relative error; a dot product can cancel, so DOT scores all).
            boolean scoreAll = minScore != null || distances == HnswDistances.DOT;
            float cutoff = Float.POSITIVE_INFINITY;
            float lastMatch = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < found.size(); i++) {
                HnswEntry e = found.entry(i);
                if (!e.isLive()) {
                    continue;
                }
                liveSeen++;
                if (filter != null && !DocumentFilters.matches(filter, e.metadata())) {
                    continue;
                }
                filterMatches++;
                float d = found.distance(i);
                if (!scoreAll && matches.size() >= k) {
                    if (cutoff == Float.POSITIVE_INFINITY) {
                        cutoff = lastMatch + 1e-3f * Math.abs(lastMatch) + 1e-5f; // lastMatch: the k-th
                    }
                    if (d > cutoff) {
                        continue;
                    }
                }
                double score = VectorScores.score(metric, vector, e.components());
                if (minScore == null || score >= minScore) {
                    matches.add(new Scored(e, score));
                    lastMatch = d;
                }
            }
            boolean exhausted = found.size() < candidates;
            boolean pastMinScore = minScore != null && found.size() > 0
                    && VectorScores.score(metric, vector, found.entry(found.size() - 1).components()) < minScore;
            int wanted = filter == null ? k : Math.min(ef, (int) Math.min(Integer.MAX_VALUE, n));
            if (filterMatches >= wanted && (matches.size() >= k || pastMinScore)) {
                return top(matches, k);
            }
            if (pastMinScore) {
                // The graph hands out candidates nearest first: later ones would score lower still.
                return top(matches, k);
            }
            if (exhausted) {
                // The graph gave all it could reach; if that is short of k, only a scan can be sure.
                return matches.size() >= k || liveSeen >= n ? top(matches, k) : null;
            }
            double selectivity = Math.max(filterMatches, 1) / (double) Math.max(liveSeen, 1);
            long needed = (long) Math.ceil(wanted / selectivity * 1.2);
            long next = Math.max(needed, 2L * candidates);
            if (next > n / EXACT_SCAN_DIVISOR || next > VectorQuery.MAX_SEARCH_EFFORT) {
                return null;
            }
            candidates = (int) next;
        }
    }

    private static List<VectorMatch> top(List<Scored> matches, int k) {
        // Order first and build records only for the k that are returned: a record copies its vector.
        matches.sort(Scored.WORST_FIRST.reversed());
        int n = Math.min(k, matches.size());
        List<VectorMatch> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Scored s = matches.get(i);
            out.add(new VectorMatch(s.entry.toRecord(), s.score));
        }
        return out;
    }

    // ---------------------------------------------------------------- maintenance

    /** Schedules a graph rebuild or a snapshot when their thresholds are passed. */
    private void maybeMaintain() {
        HnswGraph g = graph;
        int nodes = g.nodes();
        long liveNow = live.get();
        if (nodes >= MIN_NODES_TO_COMPACT && nodes - liveNow > options.compactionThreshold() * nodes
                && rebuildScheduled.compareAndSet(false, true)) {
            schedule(rebuildScheduled, this::rebuild);
        }
        HnswLog l = log;
        if (l != null && l.size() > options.snapshotAfterLogBytes() && snapshotScheduled.compareAndSet(false, true)) {
            schedule(snapshotScheduled, this::writeSnapshotQuietly);
        }
    }

    private void schedule(AtomicBoolean flag, Runnable task) {
        if (stopping) {
            flag.set(false);
            return;
        }
        try {
            maintenance.execute(() -> {
                try {
                    task.run();
                } finally {
                    flag.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            flag.set(false);
        }
    }

    /**
     * Builds a new graph from the live records while searches keep using the old one, then swaps
     * it in; writes made meanwhile go to both.
     */
    void rebuild() {
        Rebuild r = new Rebuild();
        List<HnswEntry> entries;
        lock.writeLock().lock();
        try {
            if (closed || dropped) {
                return;
            }
            rebuild = r;
            entries = new ArrayList<>(records.values());
        } finally {
            lock.writeLock().unlock();
        }
        boolean swapped = false;
        try {
            HnswGraph next = new HnswGraph(distances, dimensions, options, entries.size() + entries.size() / 4 + 1024);
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            if (!next.addAll(entries, threads, () -> stopping || closed || dropped)) {
                return;
            }
            while (r.pending.size() > 64) {
                drain(r, next);
            }
            lock.writeLock().lock();
            try {
                drain(r, next);
                if (!closed && !dropped) {
                    graph = next;
                    swapped = true;
                }
                rebuild = null;
            } finally {
                lock.writeLock().unlock();
            }
            LOG.debug("rebuilt the HNSW graph of collection {} from {} records", name, entries.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("rebuilding the HNSW graph of collection {} failed; the old graph stays in use", name, e);
        } finally {
            if (!swapped) {
                rebuild = null;
            }
        }
    }

    private static void drain(Rebuild r, HnswGraph next) {
        for (HnswEntry e = r.pending.poll(); e != null; e = r.pending.poll()) {
            if (e.isLive()) {
                while (!next.tryAdd(e, null)) {
                    next.grow(); // nobody searches the new graph yet
                }
            }
        }
    }

    private void writeSnapshotQuietly() {
        try {
            writeSnapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("writing a snapshot of HNSW collection {} failed; its log keeps every write", name, e);
        }
    }

    /**
     * Starts a new log generation and writes the snapshot that goes with it: the records at the
     * moment of the switch. Only then are the older snapshot and log deleted.
     */
    void writeSnapshot() throws IOException {
        Path dir = directory;
        HnswLog current = log;
        if (dir == null || current == null || closed || dropped) {
            return;
        }
        long generation = current.generation() + 1;
        HnswLog next = HnswLog.create(dir.resolve(logName(generation)), dimensions, metric, generation);
        HnswLog old;
        List<HnswEntry> entries;
        long maxSequence;
        lock.writeLock().lock();
        try {
            old = log;
            if (old != current || closed || dropped) {
                next.close();
                Files.deleteIfExists(next.file());
                return;
            }
            log = next;
            entries = new ArrayList<>(records.values());
            maxSequence = sequence.get();
        } finally {
            lock.writeLock().unlock();
        }
        old.syncAll();
        old.close();
        HnswSnapshot.write(dir.resolve(snapshotName(generation)), dimensions, metric, generation, maxSequence, entries);
        Files.deleteIfExists(old.file());
        Files.deleteIfExists(dir.resolve(snapshotName(old.generation())));
        HnswSnapshot.syncDirectory(dir);
    }

    /** The BATCHED timer: fsyncs what was appended since the last tick. */
    void flush() {
        HnswLog l = log;
        if (l != null && !closed) {
            try {
                l.syncAll();
            } catch (java.nio.channels.ClosedChannelException rotatedOrDropped) {
                // A snapshot or a drop closed this log after it was read; the new one is synced next tick.
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fsync of HNSW log {} failed", l.file(), e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("the vector store is closed");
        }
        if (dropped) {
            throw droppedException();
        }
    }

    private StoreConfigurationException droppedException() {
        return new StoreConfigurationException("vector collection \"" + name + "\" does not exist; it was dropped", null);
    }

    /** Tells background work to stop; the store calls it before waiting for its maintenance thread. */
    void stopMaintenance() {
        stopping = true;
    }

    /** Closes the collection, writing a snapshot first when its log holds writes, so the next open is quick. */
    void close() throws IOException {
        HnswLog l = log;
        if (l != null && !dropped && l.size() > HnswLog.HEADER_BYTES) {
            writeSnapshot();
        }
        lock.writeLock().lock();
        try {
            closed = true;
            l = log;
            log = null;
        } finally {
            lock.writeLock().unlock();
        }
        if (l != null) {
            l.syncAll();
            l.close();
        }
    }

    /** Marks the collection dropped and deletes its files. */
    void drop() throws IOException {
        HnswLog l;
        lock.writeLock().lock();
        try {
            dropped = true;
            l = log;
            log = null;
        } finally {
            lock.writeLock().unlock();
        }
        if (l != null) {
            l.close();
        }
        Path dir = directory;
        if (dir != null) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            HnswSnapshot.syncDirectory(dir.getParent());
        }
    }

    /** The graph's node count, live and deleted, for tests of compaction. */
    int graphNodes() {
        return graph.nodes();
    }

    @Override
    public String toString() {
        return "HnswCollection[" + name + ", " + dimensions + " dimensions, " + metric + ", " + live.get() + " records]";
    }
}
