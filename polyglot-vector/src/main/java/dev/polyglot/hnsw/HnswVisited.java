package dev.polyglot.hnsw;

import java.util.Arrays;

/**
 * The nodes one graph search has visited, reused by the next search on the same thread without
 * clearing: a node counts as visited when its stamp equals the current search's generation, so
 * starting a search is one increment, whatever the graph's size.
 */
final class HnswVisited {
    private int[] stamps = new int[0];
    private int generation;

    /** Starts a new search over node ids below {@code capacity}: nothing is visited. */
    void reset(int capacity) {
        if (stamps.length < capacity) {
            stamps = new int[capacity];
            generation = 0;
        }
        if (++generation == 0) {
            // Wrapped after 2^32 searches: old stamps could equal new generations.
            Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    /** Marks a node visited; returns false if it already was in this search. */
    boolean visit(int node) {
        int[] s = stamps;
        if (s[node] == generation) {
            return false;
        }
        s[node] = generation;
        return true;
    }
}
