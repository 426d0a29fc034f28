package dev.polyglot.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.evolution.CutOver;
import dev.polyglot.evolution.CutOverPhase;
import dev.polyglot.evolution.Migration;
import dev.polyglot.evolution.MigrationCheckpoint;
import dev.polyglot.evolution.MigrationListener;
import dev.polyglot.evolution.MigrationProgress;
import dev.polyglot.evolution.MigrationResult;
import dev.polyglot.evolution.Verification;
import dev.polyglot.evolution.VerificationReport;
import dev.polyglot.examples.assistant.MigrationDemo.Note;
import dev.polyglot.examples.assistant.MigrationDemo.PortMove;
import dev.polyglot.query.Filter;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each port moves between two real, different stores under a concurrent writer: the embedded
 * PostgreSQL, Redis and mongo-java-server and an HNSW directory, started once for the class.
 */
@DisplayName("Moving ports across real stores under a concurrent writer")
class CrossStoreMigrationTest {
    private static final int SIZE = 600;

    private static StageEnvironment environment;
    private static MigrationDemo demo;
    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

    @BeforeAll
    static void startServers() throws Exception {
        PrintStream out = new PrintStream(OUTPUT, true, StandardCharsets.UTF_8);
        environment = StageEnvironment.open(ExampleOptions.parse("--stage", "4"), out);
        demo = new MigrationDemo(environment.properties().getProperty("polyglot.transactional.uri"), environment.properties(),
                SIZE, 7, out);
    }

    @AfterAll
    static void stopServers() {
        if (demo != null) {
            demo.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + Long.toHexString(System.nanoTime());
    }

    private static void assertMovedCleanly(PortMove move) {
        assertThat(move.writerErrors()).as("writer errors").isEmpty();
        assertThat(move.writesDuringCopy()).as("writes while the backfill ran").isGreaterThan(10);
        assertThat(move.backfill().copied()).isPositive();
        assertThat(move.backfill().failed()).isZero();
        for (VerificationReport report : List.of(move.verification(), move.afterCutOver())) {
            assertThat(report.sourceCount()).isPositive();
            assertThat(report.missingCount()).as(report.summary()).isZero();
            assertThat(report.differentCount()).as(report.summary()).isZero();
            assertThat(report.extraCount()).as(report.summary()).isZero();
            assertThat(report.targetCount()).isEqualTo(report.sourceCount());
        }
        assertThat(move.phases()).containsExactly("SHADOW -> VERIFY", "VERIFY -> CUT_OVER", "CUT_OVER -> DONE");
        assertThat(move.stats().phase()).isEqualTo(CutOverPhase.DONE);
        assertThat(move.stats().failedMirrors()).isZero();
        assertThat(move.stats().pendingRepairs()).isZero();
        assertThat(move.stats().mirroredWrites()).isPositive();
        assertThat(move.stats().shadowReads()).isPositive();
        // the only differences a shadow read may see: a record the backfill had not copied yet
        assertThat(move.mismatches()).allSatisfy(m -> {
            assertThat(m.phase()).isEqualTo(CutOverPhase.SHADOW);
            assertThat(m.detail()).isEqualTo("missing in the new store");
        });
    }

    @Test
    @DisplayName("documents: PostgreSQL JSONB → MongoDB")
    void documents() {
        assertMovedCleanly(demo.moveDocuments(unique("notes_")));
    }

    @Test
    @DisplayName("vectors: PostgreSQL exact scan → HNSW")
    void vectors() {
        assertMovedCleanly(demo.moveVectors(unique("passages_")));
    }

    @Test
    @DisplayName("cache: PostgreSQL → Redis, with remaining TTLs")
    void cache() {
        assertMovedCleanly(demo.moveCache(unique("sessions_")));
    }

    @Test
    @DisplayName("a copy killed mid-way resumes from its file checkpoint to a clean verification (PostgreSQL → MongoDB)")
    void crashAndResume(@TempDir Path dir) {
        String name = unique("crash_");
        DocumentStore oldStore = demo.oldDocuments();
        DocumentStore newStore = demo.newDocuments();
        DocumentCollection<Note> seeded = oldStore.collection(name, Note.class);
        for (int i = 0; i < SIZE; i++) {
            seeded.insert(String.format("n%04d", i), new Note("u", "note " + i, 0, List.of("t")));
        }
        CutOver move = CutOver.builder("crash-documents").shadowReadSample(0.1).build();
        DocumentCollection<Note> app = move.documents(oldStore, newStore).collection(name, Note.class);
        Path checkpointFile = dir.resolve("documents.checkpoint");
        AtomicInteger batches = new AtomicInteger();
        MigrationListener crashAfterThreeBatches = new MigrationListener() {
            @Override
            public void onProgress(MigrationProgress progress) {
                if (batches.incrementAndGet() == 3) {
                    throw new IllegalStateException("simulated crash after " + progress.read() + " records");
                }
            }
        };
        Migration crashing = Migration.builder().coordinatedWith(move).batchSize(50)
                .checkpoint(MigrationCheckpoint.file(checkpointFile)).listener(crashAfterThreeBatches).build();
        assertThatThrownBy(() -> crashing.copyDocuments(oldStore, newStore, name)).hasMessageContaining("simulated crash");
        assertThat(checkpointFile).exists();
        assertThat(newStore.collection(name, Note.class).count(Filter.all())).isEqualTo(150);

        // the application keeps writing between the crash and the resumed run: into the copied part, past it, and new ids
        app.put("n0001", new Note("writer", "after the crash", 1, List.of()));
        app.put("n0400", new Note("writer", "after the crash", 2, List.of()));
        app.delete("n0002");
        app.delete("n0500");
        app.insert("n9999", new Note("writer", "new", 0, List.of()));

        // a new process: a fresh Migration reads the same checkpoint file
        MigrationResult resumed = Migration.builder().coordinatedWith(move).batchSize(50)
                .checkpoint(MigrationCheckpoint.file(checkpointFile)).build().copyDocuments(oldStore, newStore, name);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.read()).as("only the rest is read again").isLessThan(SIZE - 100);

        move.verify();
        VerificationReport report = Verification.documents(oldStore, newStore, name);
        assertThat(report.missingCount()).as(report.summary()).isZero();
        assertThat(report.differentCount()).as(report.summary()).isZero();
        assertThat(report.extraCount()).as(report.summary()).isZero();
        assertThat(report.sourceCount()).isEqualTo(SIZE - 2 + 1);
        assertThat(newStore.collection(name, Note.class).get("n0400")).hasValueSatisfying(n -> assertThat(n.edits()).isEqualTo(2));
        move.cutOver(report);
        move.finish();
        assertThat(move.phase()).isEqualTo(CutOverPhase.DONE);
    }

    @Test
    @DisplayName("a copy in a child JVM killed with kill -9 mid-way resumes from its file checkpoint to a clean verification "
            + "(PostgreSQL → MongoDB)")
    void killNineAndResume(@TempDir Path dir) throws Exception {
        String name = unique("kill_");
        DocumentStore oldStore = demo.oldDocuments();
        DocumentStore newStore = demo.newDocuments();
        DocumentCollection<Note> seeded = oldStore.collection(name, Note.class);
        for (int i = 0; i < SIZE; i++) {
            seeded.insert(String.format("n%04d", i), new Note("u", "note " + i, 0, List.of("t")));
        }
        Path checkpointFile = dir.resolve("documents.checkpoint");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", MigrationCrashChild.class.getName(),
                environment.properties().getProperty("polyglot.transactional.uri"),
                environment.properties().getProperty("polyglot.document.uri"), name, checkpointFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int batches = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && batches < 6; line = out.readLine()) {
                if (line.startsWith("batch ")) {
                    batches++;
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(batches).as("batches the child copied before it was killed").isEqualTo(6);
        assertThat(checkpointFile).exists();
        long copiedBeforeKill = newStore.collection(name, Note.class).count(Filter.all());
        assertThat(copiedBeforeKill).isBetween(150L, SIZE - 1L);

        // the application starts writing through a cut-over before the copy resumes
        CutOver move = CutOver.builder("kill-documents").shadowReadSample(0.1).build();
        DocumentCollection<Note> app = move.documents(oldStore, newStore).collection(name, Note.class);
        app.put("n0003", new Note("writer", "after the kill", 3, List.of()));
        app.put("n0550", new Note("writer", "after the kill", 4, List.of()));
        app.delete("n0004");
        app.delete("n0551");

        MigrationResult resumed = Migration.builder().coordinatedWith(move).batchSize(25)
                .checkpoint(MigrationCheckpoint.file(checkpointFile)).build().copyDocuments(oldStore, newStore, name);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.read()).as("only the rest is read again").isLessThanOrEqualTo(SIZE - 150L);
        move.verify();
        VerificationReport report = Verification.documents(oldStore, newStore, name);
        assertThat(report.missingCount()).as(report.summary()).isZero();
        assertThat(report.differentCount()).as(report.summary()).isZero();
        assertThat(report.extraCount()).as(report.summary()).isZero();
        assertThat(report.sourceCount()).isEqualTo(SIZE - 2);
        move.cutOver(report);
        assertThat(app.get("n0550")).hasValueSatisfying(n -> assertThat(n.edits()).isEqualTo(4));
        assertThat(app.get("n0004")).isEmpty();
        move.finish();
    }

    @Test
    @DisplayName("the --migrate example mode moves all three ports at a tiny size and prints every phase")
    void exampleMode() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<PortMove> moves;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            moves = AssistantApp.migrate(ExampleOptions.parse("--migrate", "all", "--size", "200"), out);
        }
        assertThat(moves).extracting(m -> m.port().substring(0, m.port().indexOf(':')))
                .containsExactly("document", "vector", "cache");
        moves.forEach(CrossStoreMigrationTest::assertMovedCleanly);
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("== Document port: PostgreSQL JSONB -> MongoDB", "== Vector port: PostgreSQL exact scan -> HNSW",
                "== Cache port: PostgreSQL -> Redis", "backfill document:", "phase SHADOW -> VERIFY", "phase VERIFY -> CUT_OVER",
                "phase CUT_OVER -> DONE", "— clean", "Summary:");
    }

    @Test
    @DisplayName("--migrate takes document, vector, cache or all, and excludes --stage")
    void options() {
        assertThat(ExampleOptions.parse("--migrate").migrate()).isEqualTo(MigrationDemo.Target.ALL);
        assertThat(ExampleOptions.parse("--migrate", "vector", "--size", "5").migrate()).isEqualTo(MigrationDemo.Target.VECTOR);
        assertThat(ExampleOptions.parse("--migrate", "--size", "5").migrate()).isEqualTo(MigrationDemo.Target.ALL);
        assertThat(ExampleOptions.parse().migrate()).isNull();
        assertThatThrownBy(() -> ExampleOptions.parse("--migrate", "tables")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("document, vector, cache, all");
        assertThatThrownBy(() -> ExampleOptions.parse("--migrate", "cache", "--stage", "2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excludes --stage");
    }
}
