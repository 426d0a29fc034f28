package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Moving the Document port")
class DocumentMigrationTest {

    record Note(String owner, String text, int edits, List<String> tags, Instant at) {
    }

    private static final int SIZE = 2000;

    private static void seed(DocumentStore store) {
        DocumentCollection<Note> notes = store.collection("notes", Note.class);
        for (int i = 0; i < SIZE; i++) {
            notes.insert(id(i), new Note("u" + (i % 17), "note " + i, 0, List.of("t" + (i % 5)),
                    Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i)));
        }
    }

    static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String id(int i) {
        return String.format("n%05d", i);
    }

    @Test
    @DisplayName("a backfill under a concurrent writer ends with 0 missing and 0 different documents and no writer error")
    void concurrentWriter() throws Exception {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        seed(oldStore);
        CutOver move = CutOver.builder("documents").shadowReadSample(0.2).build();
        DocumentStore app = move.documents(oldStore, newStore);
        DocumentCollection<Note> notes = app.collection("notes", Note.class);
        AtomicInteger batches = new AtomicInteger();
        long[] writesDuringCopy = new long[2];
        MigrationResult result;
        ConcurrentWriter writer = new ConcurrentWriter(42, (random, n) -> {
            String id = id(random.nextInt(SIZE + 500));
            switch (random.nextInt(5)) {
                case 0 -> notes.put(id, new Note("w", "written " + n, 0, List.of(), Instant.EPOCH));
                case 1 -> notes.update(id, Update.builder().inc("edits", 1).push("tags", "e" + n).build());
                case 2 -> notes.delete(id);
                case 3 -> notes.insert(new Note("w", "fresh " + n, 0, List.of(), Instant.EPOCH));
                default -> notes.get(id);
            }
        });
        try (writer) {
            writer.awaitOperations(200);
            result = Migration.builder().coordinatedWith(move).batchSize(100)
                    .listener(new MigrationListener() {
                        @Override
                        public void onStart(String collection, long total, String resumeAfter) {
                            writesDuringCopy[0] = writer.operations();
                        }

                        @Override
                        public void onProgress(MigrationProgress progress) {
                            batches.incrementAndGet();
                            pause();
                        }

                        @Override
                        public void onComplete(MigrationResult done) {
                            writesDuringCopy[1] = writer.operations();
                        }
                    }).build().copyDocuments(oldStore, newStore, "notes");
            writer.awaitOperations(writer.operations() + 200);
        }
        assertThat(writer.errors()).isEmpty();
        assertThat(writesDuringCopy[1] - writesDuringCopy[0]).as("writes while the copy ran").isGreaterThan(100);
        // The snapshot scan read records the writer changed or deleted later; the rule kept them out.
        assertThat(result.alreadyPresent() + result.skippedDeleted()).isGreaterThan(0);
        assertThat(move.stats().mirroredWrites()).isGreaterThan(100);
        assertThat(batches.get()).isGreaterThan(10);
        move.verify();
        VerificationReport report = Verification.documents(oldStore, newStore, "notes");
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(report.targetCount()).isEqualTo(report.sourceCount()).isEqualTo(oldStore.collection("notes").count(Filter.all()));
        assertThat(move.pendingRepairs()).isEmpty();
        move.cutOver(report);
        assertThat(notes.get(id(1))).isEqualTo(newStore.collection("notes", Note.class).get(id(1)));
    }

    @Test
    @DisplayName("a copy that crashes mid-way resumes from its checkpoint file to the same verified result")
    void crashAndResume(@TempDir Path dir) {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        seed(oldStore);
        Path file = dir.resolve("documents.checkpoint");
        AtomicInteger batches = new AtomicInteger();
        Migration crashing = Migration.builder().batchSize(200).checkpoint(MigrationCheckpoint.file(file))
                .listener(new MigrationListener() {
                    @Override
                    public void onProgress(MigrationProgress progress) {
                        if (batches.incrementAndGet() == 6) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }
                }).build();
        assertThatThrownBy(() -> crashing.copyDocuments(oldStore, newStore, "notes")).hasMessage("simulated crash");
        assertThat(newStore.collection("notes").count(Filter.all())).isEqualTo(1200);
        assertThat(Files.exists(file)).isTrue();

        // A new process: only the file survives.
        MigrationResult resumed = Migration.builder().batchSize(200).checkpoint(MigrationCheckpoint.file(file)).build()
                .copyDocuments(oldStore, newStore, "notes");
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.read()).isEqualTo(SIZE - 1200);
        assertThat(resumed.copied()).isEqualTo(SIZE - 1200);
        VerificationReport report = Verification.documents(oldStore, newStore, "notes");
        assertThat(report.clean()).isTrue();
        assertThat(report.sourceCount()).isEqualTo(SIZE);
    }

    @Test
    @DisplayName("a dry run reads everything and writes nothing, not even the checkpoint")
    void dryRun(@TempDir Path dir) {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        seed(oldStore);
        Path file = dir.resolve("dry.checkpoint");
        MigrationResult result = Migration.builder().dryRun(true).checkpoint(MigrationCheckpoint.file(file)).build()
                .copyDocuments(oldStore, newStore, "notes");
        assertThat(result.dryRun()).isTrue();
        assertThat(result.read()).isEqualTo(SIZE);
        assertThat(newStore.collection("notes").count(Filter.all())).isZero();
        assertThat(Files.exists(file)).isFalse();
        assertThat(Verification.documents(oldStore, newStore, "notes").missingCount()).isEqualTo(SIZE);
    }

    @Test
    @DisplayName("verification names the missing, extra and different ids")
    void verificationFindsDifferences() {
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        InMemoryDocumentStore newStore = InMemoryDocumentStore.create();
        DocumentCollection<Map<String, Object>> a = oldStore.collection("docs");
        DocumentCollection<Map<String, Object>> b = newStore.collection("docs");
        a.put("same", Map.of("x", 1, "y", "z"));
        b.put("same", Map.of("y", "z", "x", 1L));           // other key order, other number type: same content
        a.put("changed", Map.of("x", 1));
        b.put("changed", Map.of("x", 2));
        a.put("missing", Map.of("x", 1));
        b.put("extra", Map.of("x", 1));
        VerificationReport report = Verification.documents(oldStore, newStore, "docs");
        assertThat(report.missing()).containsExactly("missing");
        assertThat(report.extra()).containsExactly("extra");
        assertThat(report.different()).containsExactly("changed");
        assertThat(report.sourceCount()).isEqualTo(3);
        assertThat(report.targetCount()).isEqualTo(3);
        assertThat(report.clean()).isFalse();
    }
}
