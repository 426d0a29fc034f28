package dev.polyglot.examples.assistant;

import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.evolution.CutOver;
import dev.polyglot.evolution.CutOverListener;
import dev.polyglot.evolution.CutOverPhase;
import dev.polyglot.evolution.CutOverStats;
import dev.polyglot.evolution.Migration;
import dev.polyglot.evolution.MigrationListener;
import dev.polyglot.evolution.MigrationProgress;
import dev.polyglot.evolution.MigrationResult;
import dev.polyglot.evolution.ShadowMismatch;
import dev.polyglot.evolution.Verification;
import dev.polyglot.evolution.VerificationReport;
import dev.polyglot.query.Update;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --migrate} mode: moves the Document port from PostgreSQL JSONB to MongoDB, the Vector
 * port from the PostgreSQL exact scan to HNSW and the Cache port from PostgreSQL to Redis, each
 * while a writer thread keeps writing through the {@link CutOver} decorator, through
 * {@code SHADOW → backfill → VERIFY → CUT_OVER → DONE}, printing what each phase reports.
 */
final class MigrationDemo implements AutoCloseable {
    static final int DIMENSIONS = 16;
    private static final Duration TTL = Duration.ofMinutes(30);

    /** Which ports {@code --migrate} moves. */
    enum Target {
        DOCUMENT, VECTOR, CACHE, ALL;

        static Target parse(String text) {
            for (Target t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("--migrate must be one of document, vector, cache, all; got \"" + text + "\"");
        }

        boolean includes(Target port) {
            return this == ALL || this == port;
        }
    }

    /** A small document the writer edits; its fields exercise strings, numbers and arrays. */
    record Note(String owner, String text, int edits, List<String> tags) {
    }

    /**
     * What moving one port did.
     *
     * @param port the port's collection, such as {@code document:notes}
     * @param backfill the backfill's result
     * @param verification the report the cut-over was decided on
     * @param afterCutOver a report after the writer wrote in phase CUT_OVER (both stores still get every write)
     * @param writerOperations operations the writer did through the decorator
     * @param writesDuringCopy of those, how many happened while the backfill ran
     * @param writerErrors what the writer's operations threw
     * @param phases the phase changes, in order, such as {@code SHADOW -> VERIFY}
     * @param stats the cut-over's counters at the end
     * @param mismatches the shadow reads that differed (the most recent ones)
     */
    record PortMove(String port, MigrationResult backfill, VerificationReport verification, VerificationReport afterCutOver,
            long writerOperations, long writesDuringCopy, List<Throwable> writerErrors, List<String> phases, CutOverStats stats,
            List<ShadowMismatch> mismatches) {
    }

    private final Polyglot source;
    private final Polyglot target;
    private final PrintStream out;
    private final int size;
    private final long seed;

    /**
     * Opens the old stores (PostgreSQL) and the new ones.
     *
     * @param postgresUri the old stores' URI
     * @param newStores {@code polyglot.document/cache/vector.uri} of the new stores
     */
    MigrationDemo(String postgresUri, Properties newStores, int size, long seed, PrintStream out) {
        this.out = out;
        this.size = size;
        this.seed = seed;
        Polyglot opened = Polyglot.builder().metrics(false).uri(Port.DOCUMENT, postgresUri).uri(Port.CACHE, postgresUri)
                .uri(Port.VECTOR, postgresUri).build();
        try {
            target = Polyglot.builder().metrics(false)
                    .uri(Port.DOCUMENT, newStores.getProperty(Port.DOCUMENT.uriProperty()))
                    .uri(Port.CACHE, newStores.getProperty(Port.CACHE.uriProperty()))
                    .uri(Port.VECTOR, newStores.getProperty(Port.VECTOR.uriProperty())).build();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        source = opened;
    }

    DocumentStore oldDocuments() {
        return source.document();
    }

    DocumentStore newDocuments() {
        return target.document();
    }

    List<PortMove> run(Target which) {
        List<PortMove> moves = new ArrayList<>();
        String suffix = Long.toHexString(System.nanoTime());
        if (which.includes(Target.DOCUMENT)) {
            moves.add(moveDocuments("notes_" + suffix));
        }
        if (which.includes(Target.VECTOR)) {
            moves.add(moveVectors("passages_" + suffix));
        }
        if (which.includes(Target.CACHE)) {
            moves.add(moveCache("sessions_" + suffix));
        }
        return moves;
    }

    /** Seeds {@code size} documents in PostgreSQL JSONB and moves them to MongoDB. */
    PortMove moveDocuments(String name) {
        DocumentStore oldStore = source.document();
        DocumentStore newStore = target.document();
        out.printf(Locale.ROOT, "%n== Document port: PostgreSQL JSONB -> MongoDB, collection %s ==%n", name);
        DocumentCollection<Note> seeded = oldStore.collection(name, Note.class);
        for (int i = 0; i < size; i++) {
            seeded.insert("n" + i, new Note("u" + i % 9, "note " + i, 0, List.of("t" + i % 4)));
        }
        out.printf(Locale.ROOT, "seeded %,d documents in PostgreSQL%n", size);
        List<String> phases = Collections.synchronizedList(new ArrayList<>());
        CutOver move = cutOver("documents-to-mongo", phases);
        DocumentCollection<Note> app = move.documents(oldStore, newStore).collection(name, Note.class);
        int ids = size + size / 5;
        return drive("document:" + name, move, phases, random -> {
            String id = "n" + random.nextInt(ids);
            switch (random.nextInt(4)) {
                case 0 -> app.put(id, new Note("writer", "rewritten", 0, List.of("w")));
                case 1 -> app.update(id, Update.builder().inc("edits", 1).build());
                case 2 -> app.delete(id);
                default -> app.get(id);
            }
        }, migration -> migration.copyDocuments(oldStore, newStore, name),
                () -> Verification.documents(oldStore, newStore, name));
    }

    /** Seeds {@code size} vectors in PostgreSQL (exact scan) and moves them to HNSW. */
    PortMove moveVectors(String name) {
        VectorStore oldStore = source.vector();
        VectorStore newStore = target.vector();
        out.printf(Locale.ROOT, "%n== Vector port: PostgreSQL exact scan -> HNSW, collection %s (%d dimensions, cosine) ==%n",
                name, DIMENSIONS);
        VectorCollection seeded = oldStore.collection(name, DIMENSIONS, Metric.COSINE);
        Random r = new Random(seed);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(VectorRecord.of("v" + i, vector(r), Map.of("group", i % 20, "lang", "en")));
        }
        seeded.upsertAll(batch);
        out.printf(Locale.ROOT, "seeded %,d vectors in PostgreSQL%n", size);
        List<String> phases = Collections.synchronizedList(new ArrayList<>());
        CutOver move = cutOver("vectors-to-hnsw", phases);
        VectorCollection app = move.vectors(oldStore, newStore).collection(name, DIMENSIONS, Metric.COSINE);
        int ids = size + size / 5;
        return drive("vector:" + name, move, phases, random -> {
            String id = "v" + random.nextInt(ids);
            switch (random.nextInt(4)) {
                case 0 -> app.upsert(VectorRecord.of(id, vector(random), Map.of("group", random.nextInt(20), "lang", "de")));
                case 1 -> app.delete(id);
                case 2 -> app.search(VectorQuery.nearest(vector(random), 5));
                default -> app.get(id);
            }
        }, migration -> migration.copyVectors(oldStore, newStore, name, DIMENSIONS, Metric.COSINE),
                () -> Verification.vectors(oldStore, newStore, name, DIMENSIONS, Metric.COSINE));
    }

    /** Seeds {@code size} cache entries (most with a TTL) in PostgreSQL and moves them to Redis. */
    PortMove moveCache(String namespace) {
        CacheStore oldStore = source.cache();
        CacheStore newStore = target.cache();
        out.printf(Locale.ROOT, "%n== Cache port: PostgreSQL -> Redis, namespace %s ==%n", namespace);
        Cache<Note> seeded = oldStore.cache(namespace, Note.class);
        for (int i = 0; i < size; i++) {
            Note note = new Note("u" + i % 9, "session " + i, i, List.of());
            if (i % 4 == 0) {
                seeded.put("s" + i, note);
            } else {
                seeded.put("s" + i, note, TTL);
            }
        }
        out.printf(Locale.ROOT, "seeded %,d cache entries in PostgreSQL (3 in 4 with a %d-minute TTL)%n", size, TTL.toMinutes());
        List<String> phases = Collections.synchronizedList(new ArrayList<>());
        CutOver move = cutOver("cache-to-redis", phases);
        CacheStore app = move.cache(oldStore, newStore);
        Cache<Note> sessions = app.cache(namespace, Note.class);
        Cache<Long> counters = app.cache(namespace, Long.class);
        int ids = size + size / 5;
        return drive("cache:" + namespace, move, phases, random -> {
            String key = "s" + random.nextInt(ids);
            switch (random.nextInt(5)) {
                case 0 -> sessions.put(key, new Note("writer", "fresh", 1, List.of()), TTL);
                case 1 -> sessions.delete(key);
                case 2 -> counters.increment("c" + random.nextInt(50), 1, TTL);
                case 3 -> sessions.touch(key, TTL.plusMinutes(5));
                default -> sessions.get(key);
            }
        }, migration -> migration.copyCache(oldStore, newStore, namespace),
                () -> Verification.cache(oldStore, newStore, namespace));
    }

    private CutOver cutOver(String name, List<String> phases) {
        return CutOver.builder(name).shadowReadSample(0.1).listener(new CutOverListener() {
            @Override
            public void onPhaseChange(CutOverPhase from, CutOverPhase to, CutOverStats stats) {
                phases.add(from + " -> " + to);
                out.printf(Locale.ROOT, "phase %s -> %s: %,d writes mirrored, %d failed, %d repairs pending, %,d shadow reads, "
                        + "%d mismatches%n", from, to, stats.mirroredWrites(), stats.failedMirrors(), stats.pendingRepairs(),
                        stats.shadowReads(), stats.shadowMismatches());
            }
        }).build();
    }

    private PortMove drive(String port, CutOver move, List<String> phases, Consumer<Random> step,
            Function<Migration, MigrationResult> copy, Supplier<VerificationReport> verify) {
        Writer writer = new Writer(step, new Random(seed + port.hashCode()));
        out.println("phase " + move.phase() + ": the writer writes through the decorator (old store first, then new); "
                + "backfill starts");
        writer.start();
        MigrationResult backfill;
        long writesDuringCopy;
        try {
            writer.awaitOperations(50);
            long before = writer.operations();
            backfill = copy.apply(Migration.builder().coordinatedWith(move).batchSize(Math.max(10, size / 20))
                    .listener(printingProgress()).build());
            writesDuringCopy = writer.operations() - before;
        } finally {
            writer.stop();
        }
        out.printf(Locale.ROOT, "backfill: %,d read, %,d copied, %,d already present (written by the writer first), "
                + "%,d deleted meanwhile, %d failed, in %d ms; the writer did %,d operations during the copy%n",
                backfill.read(), backfill.copied(), backfill.alreadyPresent(), backfill.skippedDeleted(), backfill.failed(),
                backfill.elapsed().toMillis(), writesDuringCopy);
        move.verify();
        VerificationReport report = verify.get();
        out.println("verification: " + report.summary());
        if (!report.clean()) {
            out.printf(Locale.ROOT, "repairing %d ids from the report%n", move.repair(report));
            report = verify.get();
            out.println("verification after repair: " + report.summary());
        }
        long replayed = move.repair();
        if (replayed > 0) {
            out.printf(Locale.ROOT, "replayed %d failed second writes from the repair log%n", replayed);
        }
        move.cutOver(report);
        out.println("phase " + move.phase() + ": reads come from the new store; the writer keeps writing to both");
        Writer after = new Writer(step, new Random(seed + 1 + port.hashCode()));
        after.start();
        try {
            after.awaitOperations(100);
        } finally {
            after.stop();
        }
        VerificationReport afterCutOver = verify.get();
        out.println("verification in CUT_OVER: " + afterCutOver.summary());
        move.finish();
        CutOverStats stats = move.stats();
        List<Throwable> errors = new ArrayList<>(writer.errors());
        errors.addAll(after.errors());
        out.printf(Locale.ROOT, "%s moved: the writer did %,d operations with %d errors; %,d shadow reads, %d mismatches%n",
                port, writer.operations() + after.operations(), errors.size(), stats.shadowReads(), stats.shadowMismatches());
        for (Throwable error : errors.subList(0, Math.min(3, errors.size()))) {
            out.println("  writer error: " + error);
        }
        List<ShadowMismatch> mismatches = move.recentMismatches();
        Map<String, Long> byKind = mismatches.stream().collect(Collectors.groupingBy(m -> "in " + m.phase() + ", " + m.detail(),
                TreeMap::new, Collectors.counting()));
        byKind.forEach((kind, count) -> out.printf(Locale.ROOT, "  shadow mismatches %s: %d%s%n", kind, count,
                kind.equals("in SHADOW, missing in the new store") ? " (read before the backfill had copied the record)" : ""));
        return new PortMove(port, backfill, report, afterCutOver, writer.operations() + after.operations(), writesDuringCopy,
                List.copyOf(errors), List.copyOf(phases), stats, mismatches);
    }

    private MigrationListener printingProgress() {
        return new MigrationListener() {
            private long lastPrinted;

            @Override
            public void onStart(String collection, long total, @Nullable String resumeAfter) {
                out.printf(Locale.ROOT, "backfill %s: %s%s%n", collection,
                        total < 0 ? "the port cannot count, so no percentage or ETA" : String.format(Locale.ROOT, "about %,d records", total),
                        resumeAfter == null ? "" : ", resuming after " + resumeAfter);
            }

            @Override
            public void onProgress(MigrationProgress progress) {
                if (progress.read() - lastPrinted >= Math.max(1, size / 4)) {
                    lastPrinted = progress.read();
                    out.printf(Locale.ROOT, "  %,d read, %,d copied%s, %.0f records/s%s%n", progress.read(), progress.copied(),
                            progress.total() < 0 ? "" : String.format(Locale.ROOT, " (%.0f %%)", progress.percent()),
                            progress.recordsPerSecond(),
                            progress.eta().map(eta -> String.format(Locale.ROOT, ", about %.1f s left", eta.toMillis() / 1e3))
                                    .orElse(""));
                }
                // a short pause per batch, so that the writer visibly interleaves with a copy this small
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    static float[] vector(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        v[0] += 1;
        return v;
    }

    /** One thread that repeats a step until stopped, counting operations and keeping what they threw. */
    private static final class Writer {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong operations = new AtomicLong();
        private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        Writer(Consumer<Random> step, Random random) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        step.accept(random);
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                    operations.incrementAndGet();
                }
            }, "migration-writer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long operations() {
            return operations.get();
        }

        List<Throwable> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        void awaitOperations(long count) {
            while (operations.get() < count && thread.isAlive()) {
                Thread.onSpinWait();
            }
        }

        void stop() {
            running.set(false);
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            target.close();
        } finally {
            source.close();
        }
    }
}
