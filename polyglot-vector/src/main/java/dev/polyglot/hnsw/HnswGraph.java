package dev.polyglot.hnsw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One HNSW graph (Malkov and Yashunin's hierarchical navigable small world) over primitive
 * structures: nodes are {@code int}s, the vectors lie back to back in bfloat16 {@code short[]} pages,
 * a node's neighbours at each layer are an {@code int[]}; searches keep candidates and results in
 * {@link HnswHeap}s of {@code long} keys and their visited nodes in a bitset
 * {@link HnswVisited}, all reused per thread, so a search allocates nothing per candidate and
 * takes no lock. (It replaces hnswlib-core's index, whose search allocates an object and a boxed
 * distance per candidate and enters a monitor per expanded node; the README's benchmark notes have
 * the profile.)
 *
 * <p><b>Concurrency.</b> Adds and searches run concurrently. A neighbour list is never changed in
 * place: a writer builds the new list and publishes it with release semantics, under a lock of
 * the node it belongs to (one of {@value #STRIPES} stripes), and a search reads lists with acquire
 * semantics and takes no lock. A node's vector, entry and upper-layer table are written before
 * the node is first published in any list, so whatever a search reaches is complete. Only
 * {@link #grow} needs the graph to itself (it replaces the arrays), so the collection calls it
 * under its write lock and everything else under its read lock.
 *
 * <p><b>Deletes.</b> The graph never unlinks a node: a deleted or replaced record's entry is
 * {@linkplain HnswEntry#retire() retired}, its node still routes searches, and searches return
 * only live entries. The collection rebuilds the graph when too many nodes are dead.
 */
final class HnswGraph {
    private static final VarHandle LISTS = MethodHandles.arrayElementVarHandle(int[][].class);
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(HnswEntry[].class);
    private static final int[] NONE = new int[0];
    private static final int STRIPES = 1024;
    private static final int MAX_LEVEL = 30;
    /** Seeds the level of every node; any constant would do. */
    private static final long LEVEL_SEED = 0x9E3779B97F4A7C15L;
    /**
     * About 1 MiB of bfloat16 components per vector page: pages are allocated when the first node
     * of one is added, so a graph holds at most one page it does not fill.
     */
    private static final int PAGE_COMPONENTS = 1 << 19;
    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(short[][].class);
    /** Per-thread search state, shared by all graphs: a thread runs one graph search at a time. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final HnswDistances distances;
    private final int dims;
    /** Vectors per page, a power of two: node {@code n} is in page {@code n >>> pageShift}. */
    private final int pageShift;
    private final int pageMask;
    private final int m;
    private final int maxLinks0;
    private final int efConstruction;
    private final double levelFactor;
    private final Object[] stripes = new Object[STRIPES];
    private final Object topLock = new Object();
    /** This graph's name in {@link HnswEntry#placeIn}. */
    private final Object token = new Object();
    /** Nodes created, dead ones included: what the deleted fraction is measured against. */
    private final AtomicInteger nodes = new AtomicInteger();

    // Replaced only by grow(), which runs while nothing else uses the graph.
    /**
     * The vectors, node {@code n}'s at {@code (n & pageMask) * dims} of page {@code n >>> pageShift}.
     * Back to back rather than one array per node: a search then reads a vector without first
     * loading its array reference, which measured about 25 % faster per distance (README). In
     * bfloat16, so a distance reads half the bytes; {@link #nearest} re-ranks by the exact vectors.
     */
    private short[][] pages;
    private HnswEntry[] entries;
    /** Layer-0 neighbours of each node. */
    private int[][] lists0;
    /** Neighbours at layers 1.. of each node ({@code upper[node][layer - 1]}), null for layer-0-only nodes. */
    private int[][][] upper;
    private volatile int capacity;
    /** The entry point: the node of the highest layer. */
    private volatile @Nullable Top top;

    private record Top(int node, int level) {
    }

    private static final class Scratch {
        final HnswVisited visited = new HnswVisited();
        final HnswHeap candidates = new HnswHeap(256);
        final HnswHeap results = new HnswHeap(256);
    }

    HnswGraph(HnswDistances distances, int dimensions, HnswOptions options, int capacity) {
        this.distances = distances;
        this.dims = dimensions;
        this.pageShift = 31 - Integer.numberOfLeadingZeros(Math.max(1, PAGE_COMPONENTS / dimensions));
        this.pageMask = (1 << pageShift) - 1;
        this.m = options.m();
        this.maxLinks0 = 2 * options.m();
        this.efConstruction = options.efConstruction();
        this.levelFactor = 1 / Math.log(Math.max(options.m(), 2));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        int c = Math.max(capacity, 16);
        this.pages = pagesFor(new short[0][], c);
        this.entries = new HnswEntry[c];
        this.lists0 = new int[c][];
        this.upper = new int[c][][];
        this.capacity = c;
    }

    /**
     * Adds an entry. When {@code previous} (the entry it replaces, passed only if its vector is
     * the same) has a node in this graph, the new entry takes that node over: the links stay right
     * and the graph does not grow.
     *
     * @return false if the graph is full and must {@link #grow} first; nothing was changed then
     */
    boolean tryAdd(HnswEntry entry, @Nullable HnswEntry previous) {
        if (previous != null) {
            int node = previous.nodeIn(token);
            if (node >= 0) {
                ENTRIES.setRelease(entries, node, entry);
                entry.placeIn(token, node);
                return true;
            }
        }
        int node = allocate();
        if (node < 0) {
            return false;
        }
        // The unit vector for COSINE (a temporary: the page keeps the graph's only copy). The new
        // node searches for its neighbours with it in single precision, as a query does.
        float[] v = distances.indexVector(entry.components());
        int level = randomLevel(entry.id(), levelFactor);
        HnswDistances.toBfloat16(v, page(node >>> pageShift), (node & pageMask) * dims);
        entries[node] = entry;
        lists0[node] = NONE;
        if (level > 0) {
            int[][] u = new int[level][];
            Arrays.fill(u, NONE);
            upper[node] = u;
        }
        entry.placeIn(token, node);
        link(node, v, level);
        return true;
    }

    private int allocate() {
        while (true) {
            int n = nodes.get();
            if (n >= capacity) {
                return -1;
            }
            if (nodes.compareAndSet(n, n + 1)) {
                return n;
            }
        }
    }

    /**
     * A record's level, drawn from a generator seeded by its id, so the same records get the same
     * levels in every build whichever thread adds them in which order. Which records reach the
     * upper layers decides how well the graph links its clusters, and with levels drawn afresh
     * each build the benchmark's recall at ef 128 moved between 0.984 and 0.998 (README).
     */
    private static int randomLevel(String id, double levelFactor) {
        double u = 1.0 - new SplittableRandom(LEVEL_SEED + id.hashCode()).nextDouble(); // in (0, 1]
        return (int) Math.min(MAX_LEVEL, -Math.log(u) * levelFactor);
    }

    /** Connects a new node: finds its neighbours layer by layer from the top and links both ways. */
    private void link(int node, float[] v, int level) {
        Top t = top;
        if (t == null) {
            synchronized (topLock) {
                t = top;
                if (t == null) {
                    top = new Top(node, level);
                    return;
                }
            }
        }
        Scratch s = SCRATCH.get();
        long ep = descend(v, t, level);
        long[] entryPoints = {ep};
        for (int l = Math.min(level, t.level()); l >= 0; l--) {
            long[] found = searchLayer(v, entryPoints, efConstruction, l, false, s);
            int max = l == 0 ? maxLinks0 : m;
            int[] chosen = diverse(found, m);
            setOwnList(node, l, chosen, max);
            for (int n : chosen) {
                connect(n, node, l, max);
            }
            entryPoints = found;
        }
        if (level > t.level()) {
            synchronized (topLock) {
                Top now = top;
                if (now == null || level > now.level()) {
                    top = new Top(node, level);
                }
            }
        }
    }

    /** What a search found: entries, nearest first, with their graph distances. */
    static final class Found {
        private final HnswEntry[] entries;
        private final float[] distances;
        private final int size;

        Found(HnswEntry[] entries, float[] distances, int size) {
            this.entries = entries;
            this.distances = distances;
            this.size = size;
        }

        int size() {
            return size;
        }

        HnswEntry entry(int i) {
            return entries[i];
        }

        /** The single-precision graph distance of the {@code i}-th entry: it orders them, it is no score. */
        float distance(int i) {
            return distances[i];
        }

        List<HnswEntry> entries() {
            return Arrays.asList(entries).subList(0, size);
        }
    }

    /**
     * The up to {@code ef} live entries nearest to {@code query}, nearest first by their
     * {@linkplain HnswDistances#exact exact} single-precision distances: the walk compares
     * bfloat16 copies, so its order of the final candidates may be off by their rounding, and
     * re-ranking them from the entries' own components keeps that out of the results.
     */
    Found nearest(float[] query, int ef) {
        Top t = top;
        if (t == null) {
            return new Found(new HnswEntry[0], new float[0], 0);
        }
        long ep = descend(query, t, 0);
        long[] found = searchLayer(query, new long[] {ep}, ef, 0, true, SCRATCH.get());
        HnswEntry[] live = new HnswEntry[found.length];
        long[] keys = new long[found.length];
        int n = 0;
        for (long key : found) {
            HnswEntry e = entry(HnswHeap.node(key));
            if (e.isLive()) {
                // Keyed by the exact distance and the entry's index here, so a sort orders them.
                keys[n] = HnswHeap.key(distances.exact(query, e.components()), n);
                live[n++] = e;
            }
        }
        Arrays.sort(keys, 0, n);
        HnswEntry[] out = new HnswEntry[n];
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = live[HnswHeap.node(keys[i])];
            d[i] = HnswHeap.distance(keys[i]);
        }
        return new Found(out, d, n);
    }

    /** Greedy descent from the entry point to layer {@code downTo + 1}; returns the key of the nearest node met. */
    private long descend(float[] q, Top t, int downTo) {
        short[][] ps = pages;
        int ep = t.node();
        float d = distanceTo(q, ps, ep);
        for (int l = t.level(); l > downTo; l--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int n : list(ep, l)) {
                    float dn = distances.distanceBelow(q, 0, ps[n >>> pageShift], (n & pageMask) * dims, dims, d);
                    if (dn < d) {
                        d = dn;
                        ep = n;
                        changed = true;
                    }
                }
            }
        }
        return HnswHeap.key(d, ep);
    }

    /**
     * The best-first search of one layer (the paper's SEARCH-LAYER): the {@code ef} nodes nearest
     * to {@code q} reachable from the entry points, as keys, nearest first. With {@code liveOnly},
     * dead nodes are walked through but not kept.
     */
    private long[] searchLayer(float[] q, long[] entryPoints, int ef, int level, boolean liveOnly, Scratch s) {
        short[][] ps = pages;
        HnswVisited visited = s.visited;
        visited.reset(capacity);
        HnswHeap candidates = s.candidates;
        HnswHeap results = s.results; // complemented keys: the farthest result on top
        candidates.clear();
        results.clear();
        for (long e : entryPoints) {
            int n = HnswHeap.node(e);
            if (visited.visit(n)) {
                candidates.push(e);
                if (!liveOnly || entry(n).isLive()) {
                    results.push(~e);
                }
            }
        }
        while (results.size() > ef) {
            results.pop();
        }
        float bound = results.size() >= ef ? HnswHeap.distance(~results.peek()) : Float.POSITIVE_INFINITY;
        while (!candidates.isEmpty()) {
            long c = candidates.pop();
            if (HnswHeap.distance(c) > bound) {
                break; // the nearest candidate is farther than every result: nothing better is reachable
            }
            for (int n : list(HnswHeap.node(c), level)) {
                if (!visited.visit(n)) {
                    continue;
                }
                float d = distances.distanceBelow(q, 0, ps[n >>> pageShift], (n & pageMask) * dims, dims, bound);
                if (d < bound) {
                    long key = HnswHeap.key(d, n);
                    candidates.push(key);
                    if (!liveOnly || entry(n).isLive()) {
                        if (results.size() < ef) {
                            results.push(~key);
                        } else {
                            results.replaceTop(~key);
                        }
                        if (results.size() >= ef) {
                            bound = HnswHeap.distance(~results.peek());
                        }
                    }
                }
            }
        }
        long[] out = new long[results.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = ~results.pop();
        }
        return out;
    }

    /**
     * The paper's neighbour-selection heuristic: walking the candidates nearest first, keeps one
     * unless it is nearer to a neighbour already kept than to the base node, so the links point
     * in diverse directions; at most {@code max}.
     */
    private int[] diverse(long[] sorted, int max) {
        int[] out = new int[Math.min(max, sorted.length)];
        int count = 0;
        short[][] ps = pages;
        for (int i = 0; i < sorted.length && count < max; i++) {
            int c = HnswHeap.node(sorted[i]);
            float dc = HnswHeap.distance(sorted[i]);
            short[] pc = ps[c >>> pageShift];
            int oc = (c & pageMask) * dims;
            boolean keep = true;
            for (int j = 0; j < count; j++) {
                int o = out[j];
                if (distances.distance(pc, oc, ps[o >>> pageShift], (o & pageMask) * dims, dims) < dc) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                out[count++] = c;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    /** Sets a new node's list at a layer; merges with links other adds made to it meanwhile. */
    private void setOwnList(int node, int level, int[] chosen, int max) {
        synchronized (stripes[node & (STRIPES - 1)]) {
            int[] current = list(node, level);
            int[] next = chosen;
            if (current.length > 0) {
                int[] merged = Arrays.copyOf(current, current.length + chosen.length);
                int n = current.length;
                for (int c : chosen) {
                    if (!contains(current, c)) {
                        merged[n++] = c;
                    }
                }
                next = n > max ? prune(node, merged, n, max) : Arrays.copyOf(merged, n);
            }
            publish(node, level, next);
        }
    }

    /** Adds {@code node} to {@code to}'s list at a layer, pruning it with the heuristic when it is full. */
    private void connect(int to, int node, int level, int max) {
        synchronized (stripes[to & (STRIPES - 1)]) {
            int[] current = list(to, level);
            if (contains(current, node)) {
                return;
            }
            int[] next;
            if (current.length < max) {
                next = Arrays.copyOf(current, current.length + 1);
                next[current.length] = node;
            } else {
                int[] all = Arrays.copyOf(current, current.length + 1);
                all[current.length] = node;
                next = prune(to, all, all.length, max);
            }
            publish(to, level, next);
        }
    }

    private int[] prune(int base, int[] nodes, int count, int max) {
        short[][] ps = pages;
        short[] pb = ps[base >>> pageShift];
        int ob = (base & pageMask) * dims;
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            int n = nodes[i];
            keys[i] = HnswHeap.key(distances.distance(pb, ob, ps[n >>> pageShift], (n & pageMask) * dims, dims), n);
        }
        Arrays.sort(keys);
        return diverse(keys, max);
    }

    private static boolean contains(int[] list, int node) {
        for (int x : list) {
            if (x == node) {
                return true;
            }
        }
        return false;
    }

    private int[] list(int node, int level) {
        if (level == 0) {
            return (int[]) LISTS.getAcquire(lists0, node);
        }
        return (int[]) LISTS.getAcquire(upper[node], level - 1);
    }

    private void publish(int node, int level, int[] list) {
        if (level == 0) {
            LISTS.setRelease(lists0, node, list);
        } else {
            LISTS.setRelease(upper[node], level - 1, list);
        }
    }

    private float distanceTo(float[] q, short[][] ps, int node) {
        return distances.distance(q, 0, ps[node >>> pageShift], (node & pageMask) * dims, dims);
    }

    /** The page of index {@code p}, allocated by the first add that needs it. */
    private short[] page(int p) {
        short[] page = (short[]) PAGES.getAcquire(pages, p);
        if (page == null) {
            synchronized (topLock) {
                page = (short[]) PAGES.getAcquire(pages, p);
                if (page == null) {
                    page = new short[(1 << pageShift) * dims];
                    // Searches read pages plainly: they reach a node only after its vector was written here.
                    PAGES.setRelease(pages, p, page);
                }
            }
        }
        return page;
    }

    /**
     * The page table for {@code capacity} vectors, keeping the existing pages (full pages are
     * never copied). A graph smaller than one page has a first page of just its capacity, copied
     * into a larger one as it grows; later pages are allocated by {@link #page} when needed.
     */
    private short[][] pagesFor(short[][] old, int capacity) {
        int perPage = 1 << pageShift;
        int count = (int) ((capacity + (long) perPage - 1) / perPage);
        short[][] out = Arrays.copyOf(old, Math.max(count, old.length));
        int first = (count == 1 ? capacity : perPage) * dims;
        if (out[0] == null || out[0].length < first) {
            out[0] = out[0] == null ? new short[first] : Arrays.copyOf(out[0], first);
        }
        return out;
    }

    private HnswEntry entry(int node) {
        return (HnswEntry) ENTRIES.getAcquire(entries, node);
    }

    /** Doubles the capacity; only while nothing else uses the graph. */
    void grow() {
        int next = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity * 2L, capacity + 1024L));
        pages = pagesFor(pages, next);
        entries = Arrays.copyOf(entries, next);
        lists0 = Arrays.copyOf(lists0, next);
        upper = Arrays.copyOf(upper, next);
        capacity = next;
    }

    int capacity() {
        return capacity;
    }

    /** A node's neighbours at a layer (empty above its level), for diagnostics and tests. */
    int[] neighbours(int node, int level) {
        if (level > levelOf(node)) {
            return NONE;
        }
        return list(node, level);
    }

    /** A node's vector as its page holds it (bfloat16, widened to floats), for diagnostics and tests. */
    float[] vectorOf(int node) {
        short[] page = pages[node >>> pageShift];
        int offset = (node & pageMask) * dims;
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = HnswDistances.fromBfloat16(page[offset + i]);
        }
        return v;
    }

    /** The node of an entry in this graph, or -1, for diagnostics and tests. */
    int nodeOf(HnswEntry entry) {
        return entry.nodeIn(token);
    }

    /** The highest layer a node is on, for diagnostics and tests. */
    int levelOf(int node) {
        int[][] u = upper[node];
        return u == null ? 0 : u.length;
    }

    /** The entry point's node, or -1 when the graph is empty, for diagnostics and tests. */
    int entryNode() {
        Top t = top;
        return t == null ? -1 : t.node();
    }

    /** The entry point's layer, or -1 when the graph is empty, for diagnostics and tests. */
    int topLevel() {
        Top t = top;
        return t == null ? -1 : t.level();
    }

    int nodes() {
        return nodes.get();
    }

    /**
     * Adds many entries from several threads into a graph nobody else uses yet.
     *
     * @param stop polled between adds; when it turns true the build stops early
     * @return false if stopped
     */
    boolean addAll(List<HnswEntry> all, int threads, BooleanSupplier stop) throws InterruptedException {
        while (capacity < all.size() + 16) {
            grow();
        }
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        int n = Math.max(1, Math.min(threads, all.size() / 256 + 1));
        for (int t = 0; t < n; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                    if (stop.getAsBoolean()) {
                        return;
                    }
                    tryAdd(all.get(i), null);
                }
            }, "polyglot-hnsw-build-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return !stop.getAsBoolean();
    }
}
