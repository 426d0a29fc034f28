package dev.polyglot.hnsw;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Not a test: a main that measures graph quality directly, on the benchmark's data (seeded
 * clustered vectors, EUCLIDEAN, M 16, efConstruction 100). It builds the graph several times with
 * one and with two threads and prints, per build, recall@10 at ef 64 and 128 against an exact scan,
 * how many queries found fewer than half their neighbours, layer-0 out-degrees, nodes with fewer
 * than M links, nodes unreachable from the entry point at layer 0, and whether the entry point is
 * on the top layer.
 *
 * <pre>
 * java -cp polyglot-vector/target/classes:polyglot-vector/target/test-classes:$DEPS \
 *     dev.polyglot.hnsw.HnswGraphDiagnostics vectors=100000 queries=300 builds=3 threads=1,2
 * </pre>
 */
final class HnswGraphDiagnostics {
    private static final int K = 10;

    private HnswGraphDiagnostics() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int vectors = Integer.parseInt(a.getOrDefault("vectors", "100000"));
        int queryCount = Integer.parseInt(a.getOrDefault("queries", "300"));
        int dims = Integer.parseInt(a.getOrDefault("dimensions", "128"));
        int builds = Integer.parseInt(a.getOrDefault("builds", "3"));
        int[] threadCounts = Arrays.stream(a.getOrDefault("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        HnswOptions options = HnswOptions.defaults();
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        int clusters = Integer.parseInt(a.getOrDefault("clusters", "100"));
        float[][] all = HnswTestData.clustered(seed, vectors + queryCount, dims, clusters);
        float[][] queries = Arrays.copyOfRange(all, vectors, vectors + queryCount);
        List<HnswEntry> entries = IntStream.range(0, vectors)
                .mapToObj(i -> new HnswEntry(Integer.toString(i), all[i], Map.of(), i + 1)).toList();
        int[][] truth = new int[queryCount][];
        IntStream.range(0, queryCount).parallel().forEach(q -> truth[q] = exact(all, vectors, queries[q]));
        System.out.printf(Locale.ROOT, "%d x %d-d, %d queries, M %d, efConstruction %d%n", vectors, dims, queryCount,
                options.m(), options.efConstruction());
        System.out.println("threads build | s | recall ef64 | ef128 | lost queries (ef128) | deg0 mean | min | max"
                + " | <M | unreachable L0 | true neighbours unreachable | top level | max level | entry on top");
        for (int b = 0; b < builds; b++) {
            for (int threads : threadCounts) {
                HnswGraph g = new HnswGraph(HnswDistances.EUCLIDEAN, dims, options, vectors + 1024);
                long start = System.nanoTime();
                g.addAll(entries, threads, () -> false);
                double seconds = (System.nanoTime() - start) / 1e9;
                double r64 = recall(g, queries, truth, 64, null);
                int[] lost = {0};
                double r128 = recall(g, queries, truth, 128, lost);
                long sum = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                int belowM = 0;
                int maxLevel = 0;
                for (int n = 0; n < vectors; n++) {
                    int d = g.neighbours(n, 0).length;
                    sum += d;
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                    if (d < options.m()) {
                        belowM++;
                    }
                    maxLevel = Math.max(maxLevel, g.levelOf(n));
                }
                boolean[] seen = new boolean[vectors];
                int unreachable = vectors - reachable(g, vectors, seen);
                if (a.containsKey("verbose")) {
                    int[] in = new int[vectors];
                    for (int n = 0; n < vectors; n++) {
                        for (int x : g.neighbours(n, 0)) {
                            in[x]++;
                        }
                    }
                    for (int n = 0; n < vectors; n++) {
                        if (!seen[n]) {
                            System.out.printf(Locale.ROOT, "  unreachable node %d: level %d, out %d, in %d%n", n, g.levelOf(n),
                                    g.neighbours(n, 0).length, in[n]);
                        }
                    }
                }
                // Queries whose true neighbours include an unreachable node: a lost query with none is a navigation failure.
                int truthUnreachable = 0;
                for (int[] t : truth) {
                    for (int id : t) {
                        if (!seen[g.nodeOf(entries.get(id))]) {
                            truthUnreachable++;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "%d %d | %.1f | %.3f | %.3f | %d | %.1f | %d | %d | %d | %d | %d | %d | %d | %s%n",
                        threads, b, seconds, r64, r128, lost[0], sum / (double) vectors, min, max, belowM, unreachable,
                        truthUnreachable,
                        g.topLevel(), maxLevel, g.topLevel() == maxLevel);
            }
        }
    }

    private static int[] exact(float[][] all, int vectors, float[] q) {
        long[] best = new long[vectors];
        for (int i = 0; i < vectors; i++) {
            best[i] = HnswHeap.key(HnswDistances.EUCLIDEAN.distance(q, all[i]), i);
        }
        Arrays.sort(best);
        int[] out = new int[K];
        for (int i = 0; i < K; i++) {
            out[i] = HnswHeap.node(best[i]);
        }
        return out;
    }

    private static double recall(HnswGraph g, float[][] queries, int[][] truth, int ef, int[] lost) {
        int found = 0;
        for (int q = 0; q < queries.length; q++) {
            HnswGraph.Found f = g.nearest(queries[q], ef);
            int hits = 0;
            for (int i = 0; i < Math.min(K, f.size()); i++) {
                int id = Integer.parseInt(f.entry(i).id());
                for (int t : truth[q]) {
                    if (t == id) {
                        hits++;
                    }
                }
            }
            if (lost != null && hits < K / 2) {
                lost[0]++;
            }
            found += hits;
        }
        return found / (double) (queries.length * K);
    }

    /** Nodes reachable at layer 0 from the entry point, following out-links. */
    private static int reachable(HnswGraph g, int vectors, boolean[] seen) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int start = g.entryNode();
        seen[start] = true;
        queue.add(start);
        int count = 1;
        while (!queue.isEmpty()) {
            for (int n : g.neighbours(queue.poll(), 0)) {
                if (!seen[n]) {
                    seen[n] = true;
                    count++;
                    queue.add(n);
                }
            }
        }
        return count;
    }
}
