package dev.polyglot.evolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * What the dual-write decorators and the backfill copier share so that a write made while the
 * copy runs is neither lost nor overwritten by stale copied data (see {@link Migration} for the
 * rule).
 *
 * <ul>
 *   <li>Striped per-key locks: a mirror to the new store and a backfill batch's check-then-insert
 *       for the same key never interleave. A collection-wide read/write lock lets bulk deletes
 *       (vector delete by filter) exclude backfill batches while they list the ids they delete.
 *   <li>Tombstones: a key deleted while a copy is reading gets a tombstone stamped with a sequence
 *       number taken <em>after</em> the delete; a copy that started reading before that number
 *       skips the key. Tombstones older than every running copy are dropped.
 * </ul>
 *
 * <p>All of this is within one JVM; see the README for several application instances.
 */
final class WriteCoordinator {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ConcurrentHashMap<String, ReentrantReadWriteLock> collections = new ConcurrentHashMap<>();

    private final Object tombstoneLock = new Object();
    private long sequence;
    /** Start sequence of every running copy, with how many copies started at it. */
    private final TreeMap<Long, Integer> windows = new TreeMap<>();
    private final Map<String, Long> keyTombstones = new HashMap<>();

    WriteCoordinator() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    private ReentrantReadWriteLock collectionLock(String collection) {
        return collections.computeIfAbsent(collection, c -> new ReentrantReadWriteLock());
    }

    private int stripe(String collection, String key) {
        int h = collection.hashCode() * 31 + key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** Runs an action holding the lock of one key. */
    <R> R withKey(String collection, String key, Supplier<R> action) {
        return withKeys(collection, List.of(key), action);
    }

    /** Runs an action holding the locks of several keys (taken in stripe order, so never deadlocking). */
    <R> R withKeys(String collection, Collection<String> keys, Supplier<R> action) {
        TreeSet<Integer> needed = new TreeSet<>();
        for (String key : keys) {
            needed.add(stripe(collection, key));
        }
        ReentrantReadWriteLock.ReadLock shared = collectionLock(collection).readLock();
        shared.lock();
        List<ReentrantLock> held = new ArrayList<>(needed.size());
        try {
            for (int index : needed) {
                ReentrantLock lock = stripes[index];
                lock.lock();
                held.add(lock);
            }
            return action.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            shared.unlock();
        }
    }

    /** Runs an action that excludes every key-locked action of the collection. */
    <R> R exclusive(String collection, Supplier<R> action) {
        ReentrantReadWriteLock.WriteLock lock = collectionLock(collection).writeLock();
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Starts a copy's reading window; returns its start sequence. */
    long beginCopy() {
        synchronized (tombstoneLock) {
            long start = ++sequence;
            windows.merge(start, 1, Integer::sum);
            return start;
        }
    }

    /** Ends a copy's reading window and drops the tombstones no running copy needs. */
    void endCopy(long start) {
        synchronized (tombstoneLock) {
            windows.computeIfPresent(start, (k, n) -> n == 1 ? null : n - 1);
            if (windows.isEmpty()) {
                keyTombstones.clear();
                return;
            }
            long oldest = windows.firstKey();
            keyTombstones.values().removeIf(seq -> seq < oldest);
        }
    }

    /** Records that a key was deleted; call it after the delete reached the old store. */
    void tombstone(String collection, String key) {
        synchronized (tombstoneLock) {
            if (!windows.isEmpty()) {
                keyTombstones.put(collection + '\u0000' + key, ++sequence);
            }
        }
    }

    /** Tells whether a copy is reading now, so deletes must leave tombstones. */
    boolean copyRunning() {
        synchronized (tombstoneLock) {
            return !windows.isEmpty();
        }
    }

    /** Tells whether a key was deleted after a copy that started at {@code start} began reading. */
    boolean deletedSince(String collection, String key, long start) {
        synchronized (tombstoneLock) {
            Long seq = keyTombstones.get(collection + '\u0000' + key);
            return seq != null && seq > start;
        }
    }
}
