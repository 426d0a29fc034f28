package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.evolution.CutOver;
import dev.polyglot.evolution.Migration;
import dev.polyglot.evolution.MigrationListener;
import dev.polyglot.evolution.MigrationProgress;
import dev.polyglot.evolution.MigrationResult;
import dev.polyglot.evolution.Verification;
import dev.polyglot.evolution.VerificationReport;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Update;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The migration toolkit between two real, different adapters: each port moves from the in-memory
 * reference adapter to PostgreSQL under a concurrent writer, and verification compares checksums
 * computed from each store's own reads.
 */
@DisplayName("Moving each port from memory to PostgreSQL under a concurrent writer")
class PostgresMigrationTest {

    private static final int SIZE = 400;

    record Note(String owner, String text, int edits, List<String> tags, Instant at, BigDecimal amount, UUID ref) {
    }

    record Account(long id, String email, long balance, long version, Instant createdAt, Instant updatedAt) {
        Account withBalance(long b) {
            return new Account(id, email, b, version, createdAt, updatedAt);
        }
    }

    private static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** Runs a writer thread during a migration and returns the migration's result and the writer's errors. */
    private static MigrationResult underWriter(BiConsumer<Random, Long> step, List<Throwable> errors,
            Supplier<MigrationResult> migration) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong operations = new AtomicLong();
        Random random = new Random(5);
        Thread writer = new Thread(() -> {
            while (running.get()) {
                try {
                    step.accept(random, operations.incrementAndGet());
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                }
            }
        });
        writer.start();
        try {
            while (operations.get() < 50) {
                Thread.onSpinWait();
            }
            long before = operations.get();
            MigrationResult result = migration.get();
            assertThat(operations.get() - before).as("writes while the copy ran").isGreaterThan(10);
            return result;
        } finally {
            running.set(false);
            writer.join(60_000);
        }
    }

    private static MigrationListener slowly() {
        return new MigrationListener() {
            @Override
            public void onProgress(MigrationProgress progress) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    @DisplayName("documents: memory → PostgreSQL JSONB")
    void documents() throws Exception {
        String name = unique("mig");
        InMemoryDocumentStore oldStore = InMemoryDocumentStore.create();
        DocumentStore newStore = PostgresDocumentStore.create(PostgresTestDatabase.dataSource());
        DocumentCollection<Note> seed = oldStore.collection(name, Note.class);
        for (int i = 0; i < SIZE; i++) {
            seed.insert("n" + i, new Note("u" + i % 9, "note " + i, 0, List.of("t" + i % 4),
                    Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i), new BigDecimal("12.50"), new UUID(i, i)));
        }
        CutOver move = CutOver.builder("pg-documents").shadowReadSample(0.1).build();
        DocumentCollection<Note> notes = move.documents(oldStore, newStore).collection(name, Note.class);
        List<Throwable> errors = new ArrayList<>();
        MigrationResult result = underWriter((random, n) -> {
            String id = "n" + random.nextInt(SIZE + 100);
            switch (random.nextInt(4)) {
                case 0 -> notes.put(id, new Note("w", "written", 0, List.of(), Instant.EPOCH, BigDecimal.ONE, new UUID(0, n)));
                case 1 -> notes.update(id, Update.builder().inc("edits", 1).build());
                case 2 -> notes.delete(id);
                default -> notes.get(id);
            }
        }, errors, () -> Migration.builder().coordinatedWith(move).batchSize(50).listener(slowly()).build()
                .copyDocuments(oldStore, newStore, name));
        assertThat(errors).isEmpty();
        assertThat(result.copied()).isGreaterThan(0);
        VerificationReport report = Verification.documents(oldStore, newStore, name);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(move.pendingRepairs()).isEmpty();
        newStore.dropCollection(name);
    }

    @Test
    @DisplayName("cache: memory → PostgreSQL, with remaining TTLs")
    void cache() throws Exception {
        String ns = unique("mig");
        InMemoryCacheStore oldStore = InMemoryCacheStore.create();
        CacheStore newStore = PostgresCacheStore.create(PostgresTestDatabase.dataSource());
        Cache<Note> seed = oldStore.cache(ns, Note.class);
        Duration ttl = Duration.ofMinutes(10);
        for (int i = 0; i < SIZE; i++) {
            Note note = new Note("u", "v" + i, i, List.of(), Instant.parse("2026-11-01T10:00:00Z"), BigDecimal.TEN, new UUID(1, i));
            if (i % 4 == 0) {
                seed.put("k" + i, note);
            } else {
                seed.put("k" + i, note, ttl);
            }
        }
        CutOver move = CutOver.builder("pg-cache").shadowReadSample(0.1).build();
        CacheStore app = move.cache(oldStore, newStore);
        Cache<Note> notes = app.cache(ns, Note.class);
        Cache<Long> counters = app.cache(ns, Long.class);
        List<Throwable> errors = new ArrayList<>();
        MigrationResult result = underWriter((random, n) -> {
            String key = "k" + random.nextInt(SIZE + 100);
            switch (random.nextInt(5)) {
                case 0 -> notes.put(key, new Note("w", "x", 1, List.of(), Instant.EPOCH, BigDecimal.ONE, new UUID(2, n)), ttl);
                case 1 -> notes.delete(key);
                case 2 -> counters.increment("c" + random.nextInt(50), 1, ttl);
                case 3 -> notes.touch(key, ttl.plusMinutes(1));
                default -> notes.get(key);
            }
        }, errors, () -> Migration.builder().coordinatedWith(move).batchSize(50).listener(slowly()).build()
                .copyCache(oldStore, newStore, ns));
        assertThat(errors).isEmpty();
        assertThat(result.copied()).isGreaterThan(0);
        VerificationReport report = Verification.cache(oldStore, newStore, ns);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(move.pendingRepairs()).isEmpty();
    }

    @Test
    @DisplayName("vectors: memory exact scan → PostgreSQL exact scan")
    void vectors() throws Exception {
        String name = unique("mig");
        InMemoryVectorStore oldStore = InMemoryVectorStore.create();
        VectorStore newStore = PostgresVectorStore.create(PostgresTestDatabase.dataSource());
        VectorCollection seed = oldStore.collection(name, 8, Metric.COSINE);
        Random r = new Random(2);
        for (int i = 0; i < SIZE; i++) {
            seed.upsert(VectorRecord.of("v" + i, vector(r), Map.of("group", i % 20, "lang", "en")));
        }
        CutOver move = CutOver.builder("pg-vectors").shadowReadSample(0.1).build();
        VectorCollection app = move.vectors(oldStore, newStore).collection(name, 8, Metric.COSINE);
        List<Throwable> errors = new ArrayList<>();
        MigrationResult result = underWriter((random, n) -> {
            String id = "v" + random.nextInt(SIZE + 100);
            switch (random.nextInt(4)) {
                case 0 -> app.upsert(VectorRecord.of(id, vector(random), Map.of("group", random.nextInt(20))));
                case 1 -> app.delete(id);
                default -> app.get(id);
            }
        }, errors, () -> Migration.builder().coordinatedWith(move).batchSize(50).listener(slowly()).build()
                .copyVectors(oldStore, newStore, name, 8, Metric.COSINE));
        assertThat(errors).isEmpty();
        assertThat(result.copied()).isGreaterThan(0);
        VerificationReport report = Verification.vectors(oldStore, newStore, name, 8, Metric.COSINE);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        newStore.dropCollection(name);
    }

    private static float[] vector(Random random) {
        float[] v = new float[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        v[0] += 1;
        return v;
    }

    @Test
    @DisplayName("tables: memory → PostgreSQL, transactions mirrored row by row")
    void tables() throws Exception {
        TableSpec<Account, Long> spec = TableSpec.builder(unique("mig"), Account.class, Long.class)
                .id("id").version("version").createdAt("createdAt").updatedAt("updatedAt").build();
        InMemoryTransactionalStore oldStore = InMemoryTransactionalStore.create();
        TransactionalStore newStore = PostgresTransactionalStore.create(PostgresTestDatabase.dataSource());
        oldStore.createTables(spec);
        newStore.createTables(spec);
        List<Account> rows = new ArrayList<>();
        for (long i = 0; i < SIZE; i++) {
            rows.add(new Account(i, "a" + i + "@example.com", i, 0, null, null));
        }
        oldStore.useTransaction(tx -> tx.table(spec).insertAll(rows));
        CutOver move = CutOver.builder("pg-tables").shadowReadSample(0.1).build();
        TransactionalStore app = move.transactional(oldStore, newStore);
        List<Throwable> errors = new ArrayList<>();
        MigrationResult result = underWriter((random, n) -> {
            long id = random.nextInt(SIZE + 100);
            app.useTransaction(tx -> {
                Table<Account, Long> t = tx.table(spec);
                Optional<Account> found = t.find(id);
                if (found.isEmpty()) {
                    t.insert(new Account(id, "n" + id + "@example.com", 1, 0, null, null));
                } else if (random.nextInt(3) == 0) {
                    t.delete(id);
                } else {
                    t.update(found.get().withBalance(found.get().balance() + 1));
                }
            });
        }, errors, () -> Migration.builder().coordinatedWith(move).batchSize(50).listener(slowly()).build()
                .copyTable(oldStore, newStore, spec));
        assertThat(errors).isEmpty();
        assertThat(result.copied()).isGreaterThan(0);
        VerificationReport report = Verification.table(oldStore, newStore, spec);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(move.pendingRepairs()).isEmpty();
    }
}
