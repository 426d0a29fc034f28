package dev.polyglot.benchmarks;

import dev.polyglot.hnsw.HnswDurability;
import dev.polyglot.hnsw.HnswOptions;
import dev.polyglot.hnsw.HnswVectorStore;
import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Recall against queries per second, on one thread, for the HNSW store, the exact in-memory store
 * and Apache Lucene's HNSW, all on the same seeded clustered vectors in one JVM run.
 *
 * <p>Not a JMH benchmark: recall is a property of a whole query set, so each configuration runs
 * the query set once to warm up and then {@code passes} times measured. Both graphs are built
 * first; then, for each ef, the store and Lucene take turns every {@value #BLOCK} queries (the
 * store first in even blocks, Lucene first in odd ones), each engine's time summed over its own
 * blocks, so that a change in machine load, even a short one, hits both alike; each reports its
 * QPS over all passes and per pass. Run it from the benchmarks jar:
 * <pre>{@code
 * java -Xmx6g -cp polyglot-benchmarks/target/benchmarks.jar dev.polyglot.benchmarks.HnswRecallBenchmark \
 *     [vectors=100000] [dimensions=128] [queries=1000] [passes=3] [efs=10,16,32,64,128,256] [lucene=true] [batch=10000]
 * }</pre>
 * The store is loaded by {@code upsertAll} in batches of {@code batch} records: from 2,048 on it
 * indexes a batch with two threads, whose interleaving makes each run's graph a little different;
 * {@code batch=2000} indexes on one thread and builds the same graph in every run.
 * Both graphs use {@code M} 16 and an insert beam ({@code efConstruction}, Lucene's
 * {@code beamWidth}) of 100 (the store's and Lucene's defaults) unless {@code m=} and {@code efConstruction=} say otherwise; Lucene's
 * search beam is its {@code k}, so Lucene at "ef" E runs {@code KnnFloatVectorQuery(k = E)} and
 * keeps the best 10. The HNSW store is durable ({@code BATCHED}, in a temporary directory).
 */
public final class HnswRecallBenchmark {
    private static final int K = 10;
    /**
     * Queries per turn when the store and Lucene are interleaved: some 15 ms, long enough that
     * one engine's turn does not mostly run on the caches the other just filled (with 10, both
     * engines were 10–15 % slower in two runs of the same code), short enough that a load spike
     * hits both.
     */
    private static final int BLOCK = 50;

    private HnswRecallBenchmark() {
    }

    /**
     * Runs the comparison and prints the tables.
     *
     * @param args {@code name=value} settings, see the class comment
     * @throws Exception when the benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        int vectors = intArg(args, "vectors", 100_000);
        int dimensions = intArg(args, "dimensions", 128);
        int queryCount = intArg(args, "queries", 1_000);
        int passes = intArg(args, "passes", 3);
        int m = intArg(args, "m", 16);
        int efConstruction = intArg(args, "efConstruction", 100);
        int batch = intArg(args, "batch", 10_000);
        boolean lucene = !"false".equals(arg(args, "lucene", "true"));
        int[] efs = Arrays.stream(arg(args, "efs", "10,16,32,64,128,256").split(",")).mapToInt(Integer::parseInt).toArray();

        System.out.printf(Locale.ROOT, "%d x %d-d clustered vectors (100 clusters, seed 42), %d held-out queries, k=%d,"
                + " EUCLIDEAN, one thread, %d measured passes; JVM %s, %d processors, max heap %d MiB%n", vectors,
                dimensions, queryCount, K, passes, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        float[][] all = clustered(42, vectors + queryCount, dimensions, 100);
        float[][] data = Arrays.copyOf(all, vectors);
        float[][] queries = Arrays.copyOfRange(all, vectors, vectors + queryCount);
        List<VectorRecord> records = new ArrayList<>(vectors);
        for (int i = 0; i < vectors; i++) {
            records.add(VectorRecord.of(Integer.toString(i), data[i]));
        }

        // Exact: the ground truth, and the QPS of a scan.
        long heapBefore = usedHeap();
        InMemoryVectorStore exactStore = InMemoryVectorStore.create();
        VectorCollection exact = exactStore.collection("bench", dimensions, Metric.EUCLIDEAN);
        exact.upsertAll(records);
        long exactHeap = usedHeap() - heapBefore;
        int[][] truth = new int[queryCount][];
        for (int q = 0; q < Math.min(50, queryCount); q++) {
            exact.search(VectorQuery.nearest(queries[q], K));
        }
        long start = System.nanoTime();
        for (int q = 0; q < queryCount; q++) {
            truth[q] = ids(exact.search(VectorQuery.nearest(queries[q], K)));
        }
        double exactQps = queryCount / seconds(start);
        exactStore.close();
        System.out.printf(Locale.ROOT, "exact in-memory store: %.1f QPS, heap %.0f bytes/vector%n", exactQps,
                exactHeap / (double) vectors);

        List<String> rows = new ArrayList<>();
        rows.add("| engine | ef | recall@10 | QPS, all passes (first, last pass) | × exact | × Lucene |");
        rows.add("|---|---|---|---|---|---|");
        rows.add(String.format(Locale.ROOT, "| exact in-memory store | — | 1.000 | %.1f | 1.0× | — |", exactQps));

        // The HNSW store.
        Path dir = Files.createTempDirectory("hnsw-recall-bench");
        HnswOptions options = HnswOptions.defaults().withM(m).withEfConstruction(efConstruction)
                .withDurability(HnswDurability.BATCHED);
        heapBefore = usedHeap();
        start = System.nanoTime();
        HnswVectorStore store = HnswVectorStore.open(dir, options);
        VectorCollection hnsw = store.collection("bench", dimensions, Metric.EUCLIDEAN);
        // Batches of 2,048 or more are indexed by two threads, whose interleaving changes the
        // graph from run to run; smaller ones by one thread, which builds the same graph every run.
        for (int from = 0; from < vectors; from += batch) {
            hnsw.upsertAll(records.subList(from, Math.min(vectors, from + batch)));
        }
        double hnswBuild = seconds(start);
        long hnswHeap = usedHeap() - heapBefore;
        System.out.printf(Locale.ROOT, "HNSW store (polyglot-vector, batches of %d): built in %.1f s, heap %.0f bytes/vector"
                + " (records, graph and ids; the input arrays not counted)%n", batch, hnswBuild, hnswHeap / (double) vectors);
        if (lucene) {
            heapBefore = usedHeap();
            start = System.nanoTime();
            ByteBuffersDirectory directory = new ByteBuffersDirectory();
            IndexWriterConfig config = new IndexWriterConfig();
            config.setRAMBufferSizeMB(4096); // one segment: one graph, as the HNSW store has
            config.setCodec(new Lucene912Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return new Lucene99HnswVectorsFormat(m, efConstruction);
                }
            });
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (float[] v : data) {
                    Document doc = new Document();
                    doc.add(new KnnFloatVectorField("v", v, VectorSimilarityFunction.EUCLIDEAN));
                    writer.addDocument(doc);
                }
                writer.commit();
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            double luceneBuild = seconds(start);
            long luceneHeap = usedHeap() - heapBefore;
            long indexBytes = 0;
            for (String file : directory.listAll()) {
                indexBytes += directory.fileLength(file);
            }
            IndexSearcher searcher = new IndexSearcher(reader);
            System.out.printf(Locale.ROOT, "Lucene %s HNSW (ByteBuffersDirectory, %d segment): built in %.1f s,"
                    + " index files %.0f bytes/vector (all in heap), heap delta %.0f bytes/vector%n",
                    org.apache.lucene.util.Version.LATEST, reader.leaves().size(), luceneBuild,
                    indexBytes / (double) vectors, luceneHeap / (double) vectors);
            // Interleaved: for each ef, store and Lucene alternate every BLOCK queries, so both see
            // the same machine load; each reports its QPS over all passes, then per pass.
            double[][] storePoints = new double[efs.length][];
            double[][] lucenePoints = new double[efs.length][];
            for (int e = 0; e < efs.length; e++) {
                int ef = efs[e];
                int beam = Math.max(ef, K);
                Query hnswQuery = q -> ids(hnsw.search(VectorQuery.nearest(queries[q], K).withSearchEffort(ef)));
                Query luceneQuery = q -> {
                    TopDocs top = searcher.search(new KnnFloatVectorQuery("v", queries[q], beam), K);
                    int[] out = new int[top.scoreDocs.length];
                    int i = 0;
                    for (ScoreDoc d : top.scoreDocs) {
                        out[i++] = d.doc; // one segment, documents added in order: doc id = vector index
                    }
                    return out;
                };
                double[][] both = interleaved(passes, queryCount, hnswQuery, luceneQuery, truth);
                double[] h1 = {both[0][0], both[0][2]};
                double[] h2 = {both[0][0], both[0][3]};
                double[] l1 = {both[1][0], both[1][2]};
                double[] l2 = {both[1][0], both[1][3]};
                double hq = both[0][1];
                double lq = both[1][1];
                storePoints[e] = new double[] {h1[0], hq, ef};
                lucenePoints[e] = new double[] {l1[0], lq, ef};
                rows.add(String.format(Locale.ROOT, "| HNSW store%s | %d | %.3f | %.1f (%.0f, %.0f) | %.1f× | %.2f× |",
                        ef == options.ef() ? " (default ef)" : "", ef, h1[0], hq, h1[1], h2[1], hq / exactQps, hq / lq));
                System.out.println(rows.get(rows.size() - 1));
                rows.add(String.format(Locale.ROOT, "| Lucene HNSW | %d | %.3f | %.1f (%.0f, %.0f) | %.1f× | 1.00× |", ef,
                        l1[0], lq, l1[1], l2[1], lq / exactQps));
                System.out.println(rows.get(rows.size() - 1));
            }
            reader.close();
            atEqualRecall(rows, storePoints, lucenePoints);
        } else {
            for (int ef : efs) {
                double[] r = measure(passes, queryCount, q -> ids(hnsw.search(VectorQuery.nearest(queries[q], K)
                        .withSearchEffort(ef))), truth);
                rows.add(String.format(Locale.ROOT, "| HNSW store%s | %d | %.3f | %.1f | %.1f× | — |",
                        ef == options.ef() ? " (default ef)" : "", ef, r[0], r[1], r[1] / exactQps));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        store.close();
        deleteRecursively(dir);
        System.out.println();
        rows.forEach(System.out::println);
    }

    /**
     * Adds a table comparing the engines at equal recall rather than equal ef: for each Lucene
     * setting, the store's QPS at Lucene's recall, interpolated linearly between the two store
     * settings of this run whose recalls are nearest below and above it (none when it is outside them).
     */
    private static void atEqualRecall(List<String> rows, double[][] store, double[][] lucene) {
        rows.add("");
        rows.add("| Lucene ef | Lucene recall@10 | Lucene QPS | store QPS at that recall (interpolated between store ef) | × Lucene |");
        rows.add("|---|---|---|---|---|");
        for (double[] l : lucene) {
            String interpolated = "— (outside the store's measured recalls)";
            String ratio = "—";
            double[] below = null;
            double[] above = null;
            for (double[] p : store) {
                if (p[0] <= l[0] && (below == null || p[0] > below[0])) {
                    below = p;
                }
                if (p[0] >= l[0] && (above == null || p[0] < above[0])) {
                    above = p;
                }
            }
            if (below != null && above != null) {
                double t = above[0] == below[0] ? 0 : (l[0] - below[0]) / (above[0] - below[0]);
                double qps = below[1] + t * (above[1] - below[1]);
                interpolated = String.format(Locale.ROOT, "%.1f (ef %.0f–%.0f)", qps, below[2], above[2]);
                ratio = String.format(Locale.ROOT, "%.2f×", qps / l[1]);
            }
            rows.add(String.format(Locale.ROOT, "| %.0f | %.3f | %.1f | %s | %s |", l[2], l[0], l[1], interpolated, ratio));
        }
    }

    /** Answers one query with the ids of its matches. */
    private interface Query {
        int[] run(int q) throws IOException;
    }

    /**
     * Runs the query set once per engine to warm up, then {@code passes} times with the two
     * engines alternating every {@value #BLOCK} queries; returns for each engine recall@10, QPS
     * over all passes, QPS of the first pass and QPS of the last pass.
     */
    private static double[][] interleaved(int passes, int queryCount, Query a, Query b, int[][] truth) throws IOException {
        Query[] engines = {a, b};
        for (Query engine : engines) {
            for (int q = 0; q < queryCount; q++) {
                engine.run(q);
            }
        }
        long[] found = new long[2];
        long wanted = 0;
        long[] total = new long[2];
        long[] first = new long[2];
        long[] last = new long[2];
        int block = 0;
        for (int p = 0; p < passes; p++) {
            long[] pass = new long[2];
            for (int from = 0; from < queryCount; from += BLOCK, block++) {
                int to = Math.min(queryCount, from + BLOCK);
                for (int turn = 0; turn < 2; turn++) {
                    int e = (block + turn) % 2;
                    long start = System.nanoTime();
                    for (int q = from; q < to; q++) {
                        int[] got = engines[e].run(q);
                        if (p == 0) {
                            found[e] += hits(got, truth[q]);
                        }
                    }
                    pass[e] += System.nanoTime() - start;
                }
                if (p == 0) {
                    for (int q = from; q < to; q++) {
                        wanted += truth[q].length;
                    }
                }
            }
            for (int e = 0; e < 2; e++) {
                total[e] += pass[e];
                if (p == 0) {
                    first[e] = pass[e];
                }
                last[e] = pass[e];
            }
        }
        double[][] out = new double[2][];
        for (int e = 0; e < 2; e++) {
            out[e] = new double[] {found[e] / (double) wanted, (double) passes * queryCount / (total[e] / 1e9),
                queryCount / (first[e] / 1e9), queryCount / (last[e] / 1e9)};
        }
        return out;
    }

    /**
     * How many of the true neighbours a result holds. It runs inside the timed first pass, for
     * both engines alike: at most 100 comparisons, nothing next to a search.
     */
    private static int hits(int[] got, int[] truth) {
        int n = 0;
        for (int id : got) {
            for (int t : truth) {
                if (t == id) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Runs the query set once to warm up and {@code passes} times measured; returns recall@10 and QPS. */
    private static double[] measure(int passes, int queryCount, Query query, int[][] truth) throws IOException {
        for (int q = 0; q < queryCount; q++) {
            query.run(q);
        }
        long found = 0;
        long wanted = 0;
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (int q = 0; q < queryCount; q++) {
                int[] got = query.run(q);
                if (p == 0) {
                    Set<Integer> expected = new HashSet<>();
                    for (int id : truth[q]) {
                        expected.add(id);
                    }
                    wanted += expected.size();
                    for (int id : got) {
                        if (expected.contains(id)) {
                            found++;
                        }
                    }
                }
            }
        }
        double qps = (double) passes * queryCount / seconds(start);
        return new double[] {found / (double) wanted, qps};
    }

    private static int[] ids(List<VectorMatch> matches) {
        int[] out = new int[matches.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt(matches.get(i).id());
        }
        return out;
    }

    /** Gaussian blobs (sigma 1) around random centres (sigma 4), like embeddings of topics. */
    static float[][] clustered(long seed, int count, int dimensions, int clusters) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][dimensions];
        for (float[] c : centres) {
            for (int d = 0; d < dimensions; d++) {
                c[d] = (float) (random.nextGaussian() * 4);
            }
        }
        float[][] out = new float[count][dimensions];
        for (int i = 0; i < count; i++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dimensions; d++) {
                out[i][d] = (float) (c[d] + random.nextGaussian());
            }
        }
        return out;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
