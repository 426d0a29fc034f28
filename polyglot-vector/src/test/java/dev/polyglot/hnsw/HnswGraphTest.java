package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The graph itself, against an exact scan, under concurrent adds, with retired entries and growth. */
class HnswGraphTest {
    private static final HnswDistances L2 = HnswDistances.EUCLIDEAN;

    private static HnswEntry entry(int i, float[] v) {
        return new HnswEntry("e" + i, v, Map.of(), i + 1);
    }

    private static List<HnswEntry> entries(float[][] data) {
        List<HnswEntry> out = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            out.add(entry(i, data[i]));
        }
        return out;
    }

    /** The exact k nearest live entries. */
    private static List<HnswEntry> exact(List<HnswEntry> all, float[] q, int k) {
        return all.stream().filter(HnswEntry::isLive)
                .sorted(Comparator.comparingDouble((HnswEntry e) -> L2.distance(q, e.components())))
                .limit(k).toList();
    }

    private static double recall(HnswGraph g, List<HnswEntry> all, float[][] queries, int k, int ef) {
        int found = 0;
        for (float[] q : queries) {
            Set<HnswEntry> truth = new HashSet<>(exact(all, q, k));
            List<HnswEntry> got = g.nearest(q, ef).entries();
            found += (int) got.stream().limit(k).filter(truth::contains).count();
        }
        return found / (double) (queries.length * k);
    }

    @Test
    @DisplayName("at small sizes the graph finds the exact nearest neighbours, nearest first, with no duplicates")
    void matchesExactScan() {
        for (int size : new int[] {1, 2, 17, 300, 3_000}) {
            float[][] data = HnswTestData.clustered(size, size + 50, 24, 10);
            List<HnswEntry> all = entries(Arrays.copyOf(data, size));
            HnswGraph g = new HnswGraph(L2, 24, HnswOptions.defaults(), 16);
            for (HnswEntry e : all) {
                while (!g.tryAdd(e, null)) {
                    g.grow();
                }
            }
            assertThat(g.nodes()).isEqualTo(size);
            float[][] queries = Arrays.copyOfRange(data, size, size + 50);
            for (float[] q : queries) {
                HnswGraph.Found found = g.nearest(q, 40);
                for (int i = 0; i < found.size(); i++) {
                    assertThat(found.distance(i)).as("the graph distance of each result")
                            .isEqualTo(L2.distance(q, found.entry(i).components()));
                }
                List<HnswEntry> got = found.entries();
                assertThat(got).hasSize(Math.min(40, size)).doesNotHaveDuplicates();
                for (int i = 1; i < got.size(); i++) {
                    assertThat(L2.distance(q, got.get(i).components())).isGreaterThanOrEqualTo(L2.distance(q, got.get(i - 1).components()));
                }
            }
            double recall = recall(g, all, queries, Math.min(10, size), 40);
            assertThat(recall).as("recall@10 at %d nodes", size).isGreaterThanOrEqualTo(size <= 300 ? 1.0 : 0.97);
        }
    }

    @Test
    @DisplayName("vectors spread over many pages, added by several threads, are stored in their own nodes")
    void manyPages() throws Exception {
        // 2,048 dimensions: 256 bfloat16 vectors per page, so 3,000 nodes fill 12 pages.
        float[][] data = HnswTestData.clustered(11, 3_020, 2_048, 10);
        List<HnswEntry> all = entries(Arrays.copyOf(data, 3_000));
        HnswGraph g = new HnswGraph(L2, 2_048, HnswOptions.defaults(), 16);
        while (g.capacity() < 3_016) {
            g.grow();
        }
        assertThat(g.addAll(all, 3, () -> false)).isTrue();
        // Every node's page holds its own record's components, rounded to bfloat16 one by one.
        for (HnswEntry e : all) {
            float[] rounded = new float[2_048];
            for (int i = 0; i < rounded.length; i++) {
                rounded[i] = HnswDistances.fromBfloat16(HnswDistances.toBfloat16(e.components()[i]));
            }
            assertThat(g.vectorOf(g.nodeOf(e))).as("the page copy of %s", e).containsExactly(rounded);
        }
        // The results come re-ranked by the exact distance from each record's own components.
        Set<HnswEntry> checked = new HashSet<>();
        for (int q = 0; q < data.length; q += 15) {
            HnswGraph.Found found = g.nearest(data[q], 200);
            assertThat(found.size()).isEqualTo(200);
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.distance(i)).isEqualTo(L2.distance(data[q], found.entry(i).components()));
                checked.add(found.entry(i));
            }
        }
        assertThat(checked.size()).as("nodes checked").isGreaterThan(2_000);
    }

    @Test
    @DisplayName("retired entries are never returned, still route searches, and the rest are still found")
    void retiredNeverReturned() {
        float[][] data = HnswTestData.clustered(5, 2_050, 16, 10);
        List<HnswEntry> all = entries(Arrays.copyOf(data, 2_000));
        HnswGraph g = new HnswGraph(L2, 16, HnswOptions.defaults(), 4_096);
        for (HnswEntry e : all) {
            assertThat(g.tryAdd(e, null)).isTrue();
        }
        for (int i = 0; i < all.size(); i += 3) {
            all.get(i).retire();
        }
        float[][] queries = Arrays.copyOfRange(data, 2_000, 2_050);
        for (float[] q : queries) {
            assertThat(g.nearest(q, 50).entries()).hasSize(50).allMatch(HnswEntry::isLive);
        }
        // Every record retired: nothing comes back, whatever ef.
        all.forEach(HnswEntry::retire);
        assertThat(g.nearest(queries[0], 100).entries()).isEmpty();
    }

    @Test
    @DisplayName("records whose bfloat16 copies are equal come back in the order of their exact distances")
    void reRanksByExactDistance() {
        for (HnswDistances metric : HnswDistances.values()) {
            HnswGraph g = new HnswGraph(metric, 2, HnswOptions.defaults(), 16);
            // 1 + 2^-10 and 1 + 2^-9 both round to 1 in bfloat16; the farther one is added first,
            // so the graph's own order (equal distances, then node ids) would put it ahead.
            HnswEntry farther = entry(0, new float[] {1f, 0.5f});
            HnswEntry nearer = entry(1, new float[] {1f + 0x1p-10f, 0.5f});
            HnswEntry nearest = entry(2, new float[] {1f + 0x1p-9f, 0.5f});
            for (HnswEntry e : List.of(farther, nearer, nearest)) {
                assertThat(g.tryAdd(e, null)).isTrue();
            }
            assertThat(g.vectorOf(0)).containsExactly(g.vectorOf(1)).containsExactly(g.vectorOf(2));
            // Past all three in the first component: nearest in L2, the largest dot product, and
            // (its direction at a smaller angle than theirs) the nearest direction for COSINE.
            float[] query = metric.indexVector(new float[] {metric == HnswDistances.COSINE ? 1.1f : 2f, 0.5f});
            assertThat(g.nearest(query, 3).entries()).as(metric.name()).containsExactly(nearest, nearer, farther);
        }
    }

    @Test
    @DisplayName("a replacement with the same vector takes over the old node; another vector gets a new node")
    void sameVectorTakesOverTheNode() {
        float[][] data = HnswTestData.clustered(6, 500, 8, 5);
        HnswGraph g = new HnswGraph(L2, 8, HnswOptions.defaults(), 1_024);
        List<HnswEntry> all = entries(data);
        all.forEach(e -> g.tryAdd(e, null));
        HnswEntry old = all.get(42);
        HnswEntry same = new HnswEntry(old.id(), data[42], Map.of("v", 2), 1_000);
        old.retire();
        assertThat(g.tryAdd(same, old)).isTrue();
        assertThat(g.nodes()).isEqualTo(500);
        assertThat(g.nearest(data[42], 1).entries()).containsExactly(same);
        HnswEntry moved = new HnswEntry(old.id(), data[7], Map.of(), 1_001);
        same.retire();
        assertThat(g.tryAdd(moved, null)).isTrue();
        assertThat(g.nodes()).isEqualTo(501);
        assertThat(g.nearest(data[42], 5).entries()).doesNotContain(same, old);
    }

    @Test
    @DisplayName("a full graph refuses an add without changing, and takes it after growing")
    void refusesWhenFull() {
        float[][] data = HnswTestData.clustered(8, 17, 4, 2);
        HnswGraph g = new HnswGraph(L2, 4, HnswOptions.defaults(), 16);
        for (int i = 0; i < 16; i++) {
            assertThat(g.tryAdd(entry(i, data[i]), null)).isTrue();
        }
        HnswEntry last = entry(16, data[16]);
        assertThat(g.tryAdd(last, null)).isFalse();
        assertThat(g.nodes()).isEqualTo(16);
        g.grow();
        assertThat(g.capacity()).isGreaterThan(16);
        assertThat(g.tryAdd(last, null)).isTrue();
        assertThat(g.nearest(data[16], 1).entries()).containsExactly(last);
    }

    @Test
    @DisplayName("searches run while several threads add and retire: results are live, sorted and the final graph is good")
    void concurrentAddsAndSearches() throws Exception {
        int count = 8_000;
        float[][] data = HnswTestData.clustered(9, count + 50, 32, 20);
        List<HnswEntry> all = entries(Arrays.copyOf(data, count));
        HnswGraph g = new HnswGraph(L2, 32, HnswOptions.defaults(), count + 16);
        Set<HnswEntry> retired = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        assertThat(g.tryAdd(all.get(i), null)).isTrue();
                        if (i % 10 == 0 && i > 0) {
                            HnswEntry victim = all.get(i / 2);
                            victim.retire();
                            retired.add(victim);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (int t = 0; t < 2; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                try {
                    int q = seed;
                    while (!done.get()) {
                        float[] query = data[count + q++ % 50];
                        Set<HnswEntry> goneBefore = Set.copyOf(retired);
                        List<HnswEntry> got = g.nearest(query, 20).entries();
                        assertThat(got).doesNotHaveDuplicates().noneMatch(goneBefore::contains);
                        for (int i = 1; i < got.size(); i++) {
                            assertThat(L2.distance(query, got.get(i).components()))
                                    .isGreaterThanOrEqualTo(L2.distance(query, got.get(i - 1).components()));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads.subList(0, 3)) {
            t.join();
        }
        done.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(g.nodes()).isEqualTo(count);
        float[][] queries = IntStream.range(count, count + 50).mapToObj(i -> data[i]).toArray(float[][]::new);
        assertThat(recall(g, all, queries, 10, 64)).isGreaterThanOrEqualTo(0.95);
    }

    /** Nodes reachable at layer 0 from the entry point along out-links. */
    private static int reachableAtLayer0(HnswGraph g) {
        boolean[] seen = new boolean[g.nodes()];
        int[] queue = new int[g.nodes()];
        int head = 0;
        int tail = 0;
        seen[g.entryNode()] = true;
        queue[tail++] = g.entryNode();
        while (head < tail) {
            for (int n : g.neighbours(queue[head++], 0)) {
                if (!seen[n]) {
                    seen[n] = true;
                    queue[tail++] = n;
                }
            }
        }
        return tail;
    }

    @Test
    @DisplayName("graphs built by one and by two threads: nodes reachable, degrees within bounds, the same levels and recall; one thread builds the same graph twice")
    void constructionQuality() throws Exception {
        int count = 5_000;
        int m = HnswOptions.defaults().m();
        float[][] data = HnswTestData.clustered(11, count + 100, 32, 20);
        float[][] queries = Arrays.copyOfRange(data, count, count + 100);
        int[] threadCounts = {1, 2, 1};
        HnswGraph[] graphs = new HnswGraph[threadCounts.length];
        List<List<HnswEntry>> added = new ArrayList<>();
        double[] recall = new double[threadCounts.length];
        for (int b = 0; b < threadCounts.length; b++) {
            HnswGraph g = new HnswGraph(L2, 32, HnswOptions.defaults(), count + 16);
            List<HnswEntry> fresh = entries(Arrays.copyOf(data, count));
            assertThat(g.addAll(fresh, threadCounts[b], () -> false)).isTrue();
            // The neighbour heuristic can leave a node with no in-link at layer 0 (1 of these
            // 5,000; 0.17 % at 100k in the README's diagnostics): bounded, so a construction race
            // that loses links shows here.
            assertThat(reachableAtLayer0(g)).as("nodes reachable at layer 0, %d threads", threadCounts[b])
                    .isGreaterThanOrEqualTo(count - count / 1000);
            int maxLevel = 0;
            for (int n = 0; n < count; n++) {
                int[] l0 = g.neighbours(n, 0);
                assertThat(l0.length).as("layer-0 degree of node %d", n).isBetween(1, 2 * m);
                assertThat(l0).doesNotHaveDuplicates().doesNotContain(n);
                for (int l = 1; l <= g.levelOf(n); l++) {
                    assertThat(g.neighbours(n, l).length).as("layer-%d degree of node %d", l, n).isBetween(0, m);
                }
                maxLevel = Math.max(maxLevel, g.levelOf(n));
            }
            assertThat(g.topLevel()).isEqualTo(maxLevel);
            assertThat(g.levelOf(g.entryNode())).isEqualTo(maxLevel);
            graphs[b] = g;
            added.add(fresh);
            recall[b] = recall(g, fresh, queries, 10, 32);
        }
        // Levels are seeded by record id: every build gives each record the same level, and one
        // thread adding in the same order builds the same graph.
        for (int i = 0; i < count; i++) {
            int level = graphs[0].levelOf(graphs[0].nodeOf(added.get(0).get(i)));
            assertThat(graphs[1].levelOf(graphs[1].nodeOf(added.get(1).get(i)))).isEqualTo(level);
            assertThat(graphs[2].levelOf(graphs[2].nodeOf(added.get(2).get(i)))).isEqualTo(level);
        }
        for (int n = 0; n < count; n++) {
            assertThat(graphs[2].levelOf(n)).isEqualTo(graphs[0].levelOf(n));
            for (int l = 0; l <= graphs[0].levelOf(n); l++) {
                assertThat(graphs[2].neighbours(n, l)).isEqualTo(graphs[0].neighbours(n, l));
            }
        }
        assertThat(recall[2]).isEqualTo(recall[0]);
        assertThat(recall[1]).isGreaterThanOrEqualTo(recall[0] - 0.01);
        assertThat(recall[0]).isGreaterThanOrEqualTo(0.95);
    }
}
