package dev.polyglot.hnsw;

import java.util.Arrays;

/**
 * A binary min-heap of {@code long}s that grows as needed and is reused from search to search.
 *
 * <p>The graph search keeps its candidates and results as {@code long} keys (see
 * {@link #key}): a float distance in the high half, the node id in the low half, so one primitive
 * comparison orders by distance, then node. A max-heap is the same heap of complemented keys
 * ({@code ~key} reverses the order of every {@code long}).
 */
final class HnswHeap {
    private long[] heap;
    private int size;

    HnswHeap(int initialCapacity) {
        heap = new long[Math.max(initialCapacity, 16)];
    }

    /** The key of a node at a distance: ordered as the distance (then the node id) is. */
    static long key(float distance, int node) {
        int bits = Float.floatToRawIntBits(distance + 0.0f); // + 0.0f folds -0.0 into 0.0
        // Negative floats order backwards as raw bits; flipping their magnitude bits fixes that.
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (node & 0xffffffffL);
    }

    static float distance(long key) {
        int bits = (int) (key >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    static int node(long key) {
        return (int) key;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /** The smallest key; only when not empty. */
    long peek() {
        return heap[0];
    }

    void push(long value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long[] h = heap;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = h[parent];
            if (p <= value) {
                break;
            }
            h[i] = p;
            i = parent;
        }
        h[i] = value;
    }

    /** Removes and returns the smallest key; only when not empty. */
    long pop() {
        long[] h = heap;
        long top = h[0];
        int n = --size;
        if (n > 0) {
            siftDown(h, h[n], n);
        }
        return top;
    }

    /** Replaces the smallest key with another, cheaper than a pop and a push; only when not empty. */
    void replaceTop(long value) {
        siftDown(heap, value, size);
    }

    private static void siftDown(long[] h, long value, int n) {
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = h[child];
            int right = child + 1;
            if (right < n && h[right] < c) {
                child = right;
                c = h[right];
            }
            if (value <= c) {
                break;
            }
            h[i] = c;
            i = child;
        }
        h[i] = value;
    }
}
