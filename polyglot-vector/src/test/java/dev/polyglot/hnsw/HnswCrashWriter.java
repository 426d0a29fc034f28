package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link HnswCrashTest}: writes to a SYNC store until it is killed, printing each
 * write once it has returned ("acknowledged"). Two threads write, so group commit is exercised.
 */
public final class HnswCrashWriter {
    private HnswCrashWriter() {
    }

    /** The vector of write {@code i} of a writer thread in a round: distinct for every id. */
    static float[] vector(String id) {
        String[] parts = id.split("-");
        int i = Integer.parseInt(parts[2]);
        return new float[] {Integer.parseInt(parts[1]), i, i % 13, 10 * Integer.parseInt(parts[0].substring(1))};
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
