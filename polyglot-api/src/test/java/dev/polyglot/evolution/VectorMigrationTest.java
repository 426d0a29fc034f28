package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Moving the Vector port")
class VectorMigrationTest {

    private static final int SIZE = 2000;
    private static final int DIMENSIONS = 16;

    private static float[] vector(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        v[0] += 2f; // never the zero vector
        return v;
    }

    @Test
    @DisplayName("a backfill under a concurrent writer (upserts, deletes, deletes by filter) verifies clean")
    void concurrentWriter() {
        InMemoryVectorStore oldStore = InMemoryVectorStore.create();
        InMemoryVectorStore newStore = InMemoryVectorStore.create();
        VectorCollection seed = oldStore.collection("messages", DIMENSIONS, Metric.COSINE);
        Random random = new Random(1);
        for (int i = 0; i < SIZE; i++) {
            seed.upsert(VectorRecord.of(String.format("m%05d", i), vector(random),
                    Map.of("group", i % 200, "user", "u" + (i % 7))));
        }
        CutOver move = CutOver.builder("vectors").shadowReadSample(0.2).build();
        VectorStore app = move.vectors(oldStore, newStore);
        VectorCollection messages = app.collection("messages", DIMENSIONS, Metric.COSINE);
        long[] during = new long[2];
        MigrationResult result;
        ConcurrentWriter writer = new ConcurrentWriter(3, (r, n) -> {
            String id = String.format("m%05d", r.nextInt(SIZE + 200));
            int op = r.nextInt(100);
            if (op < 50) {
                messages.upsert(VectorRecord.of(id, vector(r), Map.of("group", r.nextInt(200), "by", "writer")));
            } else if (op < 80) {
                messages.delete(id);
            } else if (op < 81) {
                messages.delete(Filter.eq("group", r.nextInt(200)));
            } else {
                messages.get(id);
            }
        });
        try (writer) {
            writer.awaitOperations(200);
            result = Migration.builder().coordinatedWith(move).batchSize(100).listener(new MigrationListener() {
                @Override
                public void onStart(String collection, long total, String resumeAfter) {
                    during[0] = writer.operations();
                }

                @Override
                public void onProgress(MigrationProgress progress) {
                    DocumentMigrationTest.pause();
                }

                @Override
                public void onComplete(MigrationResult done) {
                    during[1] = writer.operations();
                }
            }).build().copyVectors(oldStore, newStore, "messages", DIMENSIONS, Metric.COSINE);
        }
        assertThat(writer.errors()).isEmpty();
        assertThat(during[1] - during[0]).as("writes while the copy ran").isGreaterThan(100);
        assertThat(result.alreadyPresent() + result.skippedDeleted()).isGreaterThan(0);
        VerificationReport report = Verification.vectors(oldStore, newStore, "messages", DIMENSIONS, Metric.COSINE);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(report.targetCount()).isEqualTo(oldStore.collection("messages", DIMENSIONS, Metric.COSINE).count());
        assertThat(move.pendingRepairs()).isEmpty();
    }

    @Test
    @DisplayName("a record deleted by filter after the copy read it is not resurrected")
    void filterTombstone() {
        InMemoryVectorStore oldStore = InMemoryVectorStore.create();
        InMemoryVectorStore newStore = InMemoryVectorStore.create();
        VectorCollection seed = oldStore.collection("v", 2, Metric.DOT);
        for (int i = 0; i < 100; i++) {
            seed.upsert(VectorRecord.of(String.format("r%03d", i), new float[] {i, 1}, Map.of("late", i >= 50)));
        }
        CutOver move = CutOver.builder("tombstones").build();
        VectorCollection app = move.vectors(oldStore, newStore).collection("v", 2, Metric.DOT);
        MigrationResult result = Migration.builder().coordinatedWith(move).batchSize(10).listener(new MigrationListener() {
            @Override
            public void onProgress(MigrationProgress progress) {
                if (progress.read() == 20) {
                    // The copy has already read its snapshot; these records are still ahead of it.
                    app.delete(Filter.eq("late", true));
                    app.delete("r030");
                }
            }
        }).build().copyVectors(oldStore, newStore, "v", 2, Metric.DOT);
        assertThat(result.skippedDeleted()).isEqualTo(51);
        assertThat(newStore.collection("v", 2, Metric.DOT).count()).isEqualTo(49);
        assertThat(Verification.vectors(oldStore, newStore, "v", 2, Metric.DOT).clean()).isTrue();
    }
}
