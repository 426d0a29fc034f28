package dev.polyglot.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the Document rules read about one collection: key sets written, reads (estimated
 * past the first ones, as the timers' calls are: a counter update is most of the budget of an
 * in-memory read), upcaster runs.
 */
final class DocumentShapes {
    private final String collection;
    private final Map<Set<String>, Boolean> keySets = new ConcurrentHashMap<>();
    private final LongAdder writes = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder upcasts = new LongAdder();
    private final AtomicInteger upcasters = new AtomicInteger();
    /** Set once the first reads were counted one by one; from then on reads are sampled as the timers' calls are. */
    private volatile boolean sampledReads;

    DocumentShapes(String collection) {
        this.collection = collection;
    }

    void written(Map<String, ?> document) {
        writes.increment();
        Set<String> keys = document.keySet();
        // The common case, a key set already seen, costs a lookup and no copy.
        if (!keySets.containsKey(keys) && keySets.size() < DocumentCollectionSnapshot.KEY_SET_LIMIT) {
            keySets.putIfAbsent(Set.copyOf(keys), Boolean.TRUE);
        }
    }

    /** Counts a decoded document: every one of the first {@value OperationTimer#EXACT_CALLS}, then a weighted random sample. */
    void read() {
        if (!sampledReads) {
            reads.increment();
            if (reads.sum() >= OperationTimer.EXACT_CALLS) {
                sampledReads = true;
            }
        } else if (ThreadLocalRandom.current().nextInt(OperationTimer.SAMPLE_EVERY) == 0) {
            reads.add(OperationTimer.SAMPLE_EVERY);
        }
    }

    void upcast() {
        upcasts.increment();
    }

    void upcasters(int count) {
        upcasters.accumulateAndGet(count, Math::max);
    }

    DocumentCollectionSnapshot snapshot() {
        return new DocumentCollectionSnapshot(collection, writes.sum(), reads.sum(),
                Math.min(keySets.size(), DocumentCollectionSnapshot.KEY_SET_LIMIT), upcasters.get(), upcasts.sum());
    }
}
