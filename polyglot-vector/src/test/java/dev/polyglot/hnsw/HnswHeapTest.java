package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The primitive heap and visited set of the graph search. */
class HnswHeapTest {

    @Test
    @DisplayName("keys order as their distances do, negative, zero and positive, then by node; and decode back")
    void keysOrderByDistanceThenNode() {
        float[] distances = {-Float.MAX_VALUE, -3.5f, -1f, -0.0f, 0f, Float.MIN_VALUE, 1e-7f, 1f, 2.25f, 1e30f, Float.MAX_VALUE};
        for (int i = 0; i < distances.length; i++) {
            long key = HnswHeap.key(distances[i], 1000 + i);
            assertThat(HnswHeap.node(key)).isEqualTo(1000 + i);
            assertThat(HnswHeap.distance(key)).isEqualTo(distances[i] + 0.0f);
            for (int j = 0; j < distances.length; j++) {
                long other = HnswHeap.key(distances[j], 1000 + j);
                int byDistance = Float.compare(distances[i] + 0.0f, distances[j] + 0.0f);
                int expected = byDistance != 0 ? byDistance : Integer.compare(i, j);
                assertThat(Integer.signum(Long.compare(key, other))).as("%s vs %s", distances[i], distances[j])
                        .isEqualTo(Integer.signum(expected));
            }
        }
        assertThat(HnswHeap.key(2f, 7)).isLessThan(HnswHeap.key(2f, 8));
        assertThat(~HnswHeap.key(1f, 0)).as("complemented keys order backwards").isGreaterThan(~HnswHeap.key(2f, 0));
    }

    @Test
    @DisplayName("pops in ascending order whatever the order of pushes and replacements, growing past its first size")
    void popsInOrder() {
        Random random = new Random(1);
        HnswHeap heap = new HnswHeap(4);
        for (int round = 0; round < 3; round++) {
            heap.clear();
            long[] pushed = new long[500];
            for (int i = 0; i < pushed.length; i++) {
                pushed[i] = random.nextLong();
                heap.push(pushed[i]);
            }
            // replaceTop swaps the minimum for another value, as the bounded result heap does.
            long min = heap.peek();
            long replacement = random.nextLong();
            heap.replaceTop(replacement);
            for (int i = 0; i < pushed.length; i++) {
                if (pushed[i] == min) {
                    pushed[i] = replacement;
                    break;
                }
            }
            Arrays.sort(pushed);
            assertThat(heap.size()).isEqualTo(pushed.length);
            long[] popped = new long[pushed.length];
            for (int i = 0; i < popped.length; i++) {
                popped[i] = heap.pop();
            }
            assertThat(popped).containsExactly(pushed);
            assertThat(heap.isEmpty()).isTrue();
        }
    }

    @Test
    @DisplayName("a visited set forgets everything on reset, and grows to a larger capacity")
    void visitedResets() {
        HnswVisited visited = new HnswVisited();
        visited.reset(10);
        assertThat(visited.visit(3)).isTrue();
        assertThat(visited.visit(3)).isFalse();
        assertThat(visited.visit(9)).isTrue();
        visited.reset(10);
        assertThat(visited.visit(3)).as("a new search").isTrue();
        assertThat(visited.visit(9)).isTrue();
        visited.reset(1000);
        assertThat(visited.visit(999)).isTrue();
        assertThat(visited.visit(3)).isTrue();
        assertThat(visited.visit(999)).isFalse();
        // Many searches over random subsets of a larger range: each starts from nothing visited.
        Random random = new Random(2);
        for (int search = 0; search < 50; search++) {
            visited.reset(100_000);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int i = 0; i < 5_000; i++) {
                int node = random.nextInt(100_000);
                assertThat(visited.visit(node)).isEqualTo(seen.add(node));
            }
        }
    }
}
