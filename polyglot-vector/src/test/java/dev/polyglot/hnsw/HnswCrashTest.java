package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Kills a writing JVM with SIGKILL and checks that every acknowledged write survived. */
class HnswCrashTest {

    @Test
    @DisplayName("after kill -9 of a JVM writing in SYNC mode, every acknowledged write is there and queries answer")
    void killNine() throws Exception {
        Path dir = HnswTestDirectories.fresh("crash");
        Set<String> upserted = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        // Per writer (round and thread), the highest write index whose upsert was acknowledged.
        Map<String, Integer> lastAcknowledged = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", HnswCrashWriter.class.getName(), dir.toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int acks = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                // Each round kills at another point: after 1,500 acknowledgements, then after 2,500.
                int target = 1_500 + 1_000 * round;
                for (String line = out.readLine(); line != null && acks < target; line = out.readLine()) {
                    String id = line.substring(line.indexOf(' ') + 1);
                    if (line.startsWith("upsert ")) {
                        upserted.add(id);
                        lastAcknowledged.merge(writer(id), index(id), Math::max);
                    } else if (line.startsWith("delete ")) {
                        deleted.add(id);
                    }
                    acks++;
                }
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acks).as("the child wrote before it was killed").isGreaterThanOrEqualTo(1_500);

            // The child goes on writing between its last line the test read and the kill: a delete it
            // made then (of write i - 5, right after the upsert of write i) is durable but was never
            // acknowledged here, so such a record may be there or gone. It is certainly acknowledged
            // once the same writer's next upsert was (the writer prints in order).
            Set<String> maybeDeleted = new HashSet<>();
            for (String id : upserted) {
                if (!deleted.contains(id) && Math.floorMod(index(id), 10) == 4
                        && lastAcknowledged.getOrDefault(writer(id), -1) < index(id) + 6) {
                    maybeDeleted.add(id);
                }
            }
            try (HnswVectorStore store = HnswVectorStore.open(dir)) {
                VectorCollection c = store.collection("crash", 4, Metric.EUCLIDEAN);
                for (String id : upserted) {
                    int thread = Integer.parseInt(id.split("-")[1]);
                    VectorRecord expected = VectorRecord.of(id, HnswCrashWriter.vector(id), Map.of("t", thread, "i", index(id)));
                    if (deleted.contains(id)) {
                        assertThat(c.get(id)).as("acknowledged delete of %s", id).isEmpty();
                    } else if (maybeDeleted.contains(id)) {
                        c.get(id).ifPresent(found -> assertThat(found).as("upsert of %s", id).isEqualTo(expected));
                    } else {
                        assertThat(c.get(id)).as("acknowledged upsert of %s", id).contains(expected);
                    }
                }
                // The index answers: an exact search (ef = collection size) finds each record itself; the
                // graph search, rebuilt from the recovered records, finds it for nearly all; neither
                // returns a deleted id.
                long sampled = 0;
                long selfFound = 0;
                int everything = (int) c.count();
                for (String id : upserted) {
                    if (deleted.contains(id) || maybeDeleted.contains(id) || Math.floorMod(id.hashCode(), 20) != 0) {
                        continue;
                    }
                    float[] v = HnswCrashWriter.vector(id);
                    List<VectorMatch> exactHits = c.search(VectorQuery.nearest(v, 5).withSearchEffort(everything));
                    assertThat(exactHits.get(0).id()).isEqualTo(id);
                    assertThat(exactHits.get(0).score()).isEqualTo(0.0);
                    List<VectorMatch> hits = c.search(VectorQuery.nearest(v, 5));
                    assertThat(hits).hasSize(5);
                    sampled++;
                    if (hits.get(0).id().equals(id)) {
                        selfFound++;
                    }
                    assertThat(hits.stream().map(VectorMatch::id).filter(deleted::contains).toList()).isEmpty();
                    assertThat(exactHits.stream().map(VectorMatch::id).filter(deleted::contains).toList()).isEmpty();
                }
                assertThat(sampled).isPositive();
                assertThat(selfFound / (double) sampled).as("graph search finds the record itself").isGreaterThanOrEqualTo(0.9);
                assertThat(c.count()).isGreaterThanOrEqualTo(upserted.stream()
                        .filter(id -> !deleted.contains(id) && !maybeDeleted.contains(id)).count());
            }
        }
    }

    /** The writer of an id: its round and thread, such as {@code r1-0}. */
    private static String writer(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }

    /** The write index of an id within its writer. */
    private static int index(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }
}
