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
                    } else if (line.startsWith("delete ")) {
                        deleted.add(id);
                    }
                    acks++;
                }
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acks).as("the child wrote before it was killed").isGreaterThanOrEqualTo(1_500);

            try (HnswVectorStore store = HnswVectorStore.open(dir)) {
                VectorCollection c = store.collection("crash", 4, Metric.EUCLIDEAN);
                for (String id : upserted) {
                    if (deleted.contains(id)) {
                        assertThat(c.get(id)).as("acknowledged delete of %s", id).isEmpty();
                    } else {
                        int thread = Integer.parseInt(id.split("-")[1]);
                        int i = Integer.parseInt(id.split("-")[2]);
                        assertThat(c.get(id)).as("acknowledged upsert of %s", id)
                                .contains(VectorRecord.of(id, HnswCrashWriter.vector(id), Map.of("t", thread, "i", i)));
                    }
                }
                // The index answers: an exact search (ef = collection size) finds each record itself; the
                // graph search finds it for nearly all (these vectors lie on two lattice lines, full of
                // distance ties, a hard case for HNSW); neither returns a deleted id.
                long sampled = 0;
                long selfFound = 0;
                int everything = (int) c.count();
                for (String id : upserted) {
                    if (deleted.contains(id) || Math.floorMod(id.hashCode(), 20) != 0) {
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
                assertThat(c.count()).isGreaterThanOrEqualTo(upserted.stream().filter(id -> !deleted.contains(id)).count());
            }
        }
    }
}
