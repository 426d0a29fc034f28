package dev.polyglot.hnsw;

import java.util.Arrays;

/**
 * The nodes one graph search has visited: a bitset over the node ids, reused by the next search on
 * the same thread. Starting a search clears only the words the last one set, so its cost follows
 * the nodes a search touches (a few thousand), not the graph's size.
 *
 * <p>A bitset rather than an {@code int[]} of generation stamps: there is one per thread
 * that searched, so its size counts — 16 KiB for a graph of 128k nodes against 512 KiB — and a
 * bitset that small stays in the CPU's first-level cache during a search.
 */
final class HnswVisited {
    private long[] bits = new long[0];
    /** The indexes of the words of {@link #bits} that are not zero. */
    private int[] touched = new int[64];
    private int touchedCount;

    /** Starts a new search over node ids below {@code capacity}: nothing is visited. */
    void reset(int capacity) {
        int words = (capacity + 63) >>> 6;
        if (bits.length < words) {
            bits = new long[words];
            touchedCount = 0;
            return;
        }
        long[] b = bits;
        int[] t = touched;
        for (int i = 0; i < touchedCount; i++) {
            b[t[i]] = 0L;
        }
        touchedCount = 0;
    }

    /** Marks a node visited; returns false if it already was in this search. */
    boolean visit(int node) {
        int w = node >>> 6;
        long mask = 1L << node; // the shift distance is taken modulo 64
        long word = bits[w];
        if ((word & mask) != 0) {
            return false;
        }
        if (word == 0) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, 2 * touchedCount);
            }
            touched[touchedCount++] = w;
        }
        bits[w] = word | mask;
        return true;
    }
}
