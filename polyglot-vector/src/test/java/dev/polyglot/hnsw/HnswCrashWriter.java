package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link HnswCrashTest}: writes to a SYNC store until it is killed, printing each
 * write once it has returned ("acknowledged"). Two threads write, so group commit is exercised.
 */
public final class HnswCrashWriter {
    private HnswCrashWriter() {
    }

    /**
     * The vector of an id: pseudo-random components seeded by a 64-bit hash of the id, so the test
     * recomputes it and distinct ids get distinct vectors. (Points on a lattice line, which an
     * earlier version used, are full of distance ties, where an HNSW graph finds a point's own
     * record noticeably less often than on ordinary data.)
     */
    static float[] vector(String id) {
        long seed = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            seed = (seed ^ id.charAt(i)) * 0x100000001b3L;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-100, 100);
        }
        return v;
    }

    /**
     * Writes until killed.
     *
     * @param args the store directory and a prefix for the ids
     * @throws Exception never expected
     */
    public static void main(String[] args) throws Exception {
        HnswVectorStore store = HnswVectorStore.open(Path.of(args[0]),
                HnswOptions.defaults().withSnapshotAfterLogBytes(256 * 1024));
        VectorCollection c = store.collection("crash", 4, Metric.EUCLIDEAN);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = args[1] + "-" + thread + "-" + i;
                    c.upsert(VectorRecord.of(id, vector(id), Map.of("t", thread, "i", i)));
                    print("upsert " + id);
                    if (i % 10 == 9) {
                        String gone = args[1] + "-" + thread + "-" + (i - 5);
                        c.delete(gone);
                        print("delete " + gone);
                    }
                }
            });
            threads.add(writer);
            writer.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
