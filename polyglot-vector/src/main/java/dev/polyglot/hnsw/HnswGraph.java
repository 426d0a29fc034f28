package dev.polyglot.hnsw;

import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import com.github.jelmerk.hnswlib.core.hnsw.SizeLimitExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One hnswlib graph and its node accounting. hnswlib's own adds, removes and searches may run
 * concurrently; {@link #grow} may not run concurrently with anything (hnswlib swaps its node array
 * and visited-set pool without synchronizing readers), so the collection calls it under its write
 * lock.
 *
 * <p>hnswlib keeps a pool of visited-sets sized to the number of processors and blocks when it is
 * empty. An insert holds its new node's monitor while it borrows a set, and a search holding a set
 * can wait for that monitor, so with more threads than sets they deadlock (seen with 16 threads on
 * 2 cores). Each thread holds at most one set at a time, so admitting at most as many threads as
 * the pool has sets ({@link #permits}) makes the pool never block.
 */
final class HnswGraph {
    private final HnswIndex<String, float[], HnswEntry, Float> index;
    private final HnswDistances distances;
    private volatile int capacity;
    /** Graph nodes created, deleted ones included: what the deleted fraction is measured against. */
    private final AtomicInteger nodes = new AtomicInteger();
    /** As many as hnswlib's visited-set pool holds; replaced with it in {@link #grow}. */
    private volatile Semaphore permits = new Semaphore(Runtime.getRuntime().availableProcessors());

    HnswGraph(int dimensions, HnswDistances distances, HnswOptions options, int capacity) {
        this.distances = distances;
        this.capacity = Math.max(capacity, 16);
        // ef 1: hnswlib searches with max(ef, k), so asking for k = the query's ef gives a per-query ef.
        this.index = HnswIndex.<float[], Float>newBuilder(dimensions, distances, this.capacity)
                .withM(options.m())
                .withEfConstruction(options.efConstruction())
                .withEf(1)
                .withRemoveEnabled()
                .build();
    }

    /**
     * Adds or replaces an entry.
     *
     * @return false if the graph is full and must {@link #grow} first; nothing was changed then
     *     except that an older version of the same id may have been marked deleted
     */
    boolean tryAdd(HnswEntry entry, boolean sameVectorAsBefore) {
        Semaphore p = permits;
        p.acquireUninterruptibly();
        try {
            index.add(entry);
        } catch (SizeLimitExceededException full) {
            return false;
        } finally {
            p.release();
        }
        if (!sameVectorAsBefore) {
            nodes.incrementAndGet();
        }
        return true;
    }

    void remove(String id, long version) {
        index.remove(id, version);
    }

    /** Doubles the capacity; only while nothing else uses the graph. */
    void grow() {
        int next = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity * 2L, capacity + 1024L));
        permits = new Semaphore(Runtime.getRuntime().availableProcessors());
        index.resize(next);
        capacity = next;
    }

    /** The up to {@code candidates} nearest entries, nearest first; some may no longer be live. */
    List<HnswEntry> nearest(float[] indexVector, int candidates) {
        List<SearchResult<HnswEntry, Float>> found;
        Semaphore p = permits;
        p.acquireUninterruptibly();
        try {
            found = index.findNearest(indexVector, candidates);
        } finally {
            p.release();
        }
        List<HnswEntry> out = new ArrayList<>(found.size());
        for (SearchResult<HnswEntry, Float> r : found) {
            out.add(r.item());
        }
        return out;
    }

    int capacity() {
        return capacity;
    }

    int nodes() {
        return nodes.get();
    }

    HnswDistances distances() {
        return distances;
    }

    /**
     * Adds many entries from several threads into a graph nobody else uses yet.
     *
     * @param stop polled between adds; when it turns true the build stops early
     * @return false if stopped
     */
    boolean addAll(List<HnswEntry> entries, int threads, BooleanSupplier stop) throws InterruptedException {
        while (capacity < entries.size() + 16) {
            grow();
        }
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        int n = Math.max(1, Math.min(Math.min(threads, permits.availablePermits()), entries.size() / 256 + 1));
        for (int t = 0; t < n; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < entries.size(); i = next.getAndIncrement()) {
                    if (stop.getAsBoolean()) {
                        return;
                    }
                    tryAdd(entries.get(i), false);
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
