package dev.polyglot.postgres;

import dev.polyglot.spi.VectorScores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The best {@code k} candidates of a scan, in a heap whose head is the worst kept one, so a scan of
 * {@code n} records costs {@code O(n log k)} and {@code O(k)} memory. Order is the contract's: score
 * descending, ties by id ascending.
 */
final class PostgresVectorTopK {

    /** A kept candidate; metadata is the stored JSON text, or null when it is fetched afterwards. */
    record Candidate(String id, double score, float[] vector, @Nullable String metadata) {
    }

    /** Lower score first, then larger id: the head is the first to evict. */
    private static final Comparator<Candidate> WORST_FIRST = (a, b) -> {
        // Adding 0.0 makes -0.0 tie with 0.0, as VectorScores.bestFirst() does.
        int c = Double.compare(a.score + 0.0, b.score + 0.0);
        return c != 0 ? c : VectorScores.compareIds(b.id, a.id);
    };

    private final int k;
    private final PriorityQueue<Candidate> heap;

    PostgresVectorTopK(int k) {
        this.k = k;
        this.heap = new PriorityQueue<>(Math.min(k, 1024) + 1, WORST_FIRST);
    }

    /** Tells whether a candidate with this score could be kept, before even its id is read. */
    boolean mayAccept(double score) {
        return heap.size() < k || Double.compare(score + 0.0, heap.peek().score + 0.0) >= 0;
    }

    /** Tells whether a candidate with this score and id would be kept, before anything else about it is read. */
    boolean accepts(String id, double score) {
        if (heap.size() < k) {
            return true;
        }
        Candidate worst = heap.peek();
        int c = Double.compare(score + 0.0, worst.score + 0.0);
        return c > 0 || (c == 0 && VectorScores.compareIds(id, worst.id) < 0);
    }

    /** Keeps a candidate that {@link #accepts} approved, evicting the worst one beyond {@code k}. */
    void add(Candidate candidate) {
        heap.add(candidate);
        if (heap.size() > k) {
            heap.poll();
        }
    }

    /** Returns the kept candidates, best first. */
    List<Candidate> bestFirst() {
        List<Candidate> out = new ArrayList<>(heap);
        out.sort(WORST_FIRST.reversed());
        return out;
    }
}
