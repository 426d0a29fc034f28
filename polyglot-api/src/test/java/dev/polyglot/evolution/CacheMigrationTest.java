package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.memory.InMemoryCacheStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Moving the Cache port")
class CacheMigrationTest {

    record Session(String user, int hits) {
    }

    private static final int SIZE = 2000;
    private static final Duration TTL = Duration.ofMinutes(30);

    private static void seed(CacheStore store) {
        Cache<Session> sessions = store.cache("sessions", Session.class);
        for (int i = 0; i < SIZE; i++) {
            if (i % 3 == 0) {
                sessions.put("s" + i, new Session("u" + i, i));            // no expiry
            } else {
                sessions.put("s" + i, new Session("u" + i, i), TTL.plusSeconds(i));
            }
        }
        Cache<Long> counters = store.cache("sessions", Long.class);
        for (int i = 0; i < 100; i++) {
            counters.increment("count" + i, i, TTL);
        }
    }

    @Test
    @DisplayName("a backfill under a concurrent writer keeps every entry and its remaining TTL, with no writer error")
    void concurrentWriter() {
        InMemoryCacheStore oldStore = InMemoryCacheStore.create();
        InMemoryCacheStore newStore = InMemoryCacheStore.create();
        seed(oldStore);
        CutOver move = CutOver.builder("cache").shadowReadSample(0.2).build();
        CacheStore app = move.cache(oldStore, newStore);
        Cache<Session> sessions = app.cache("sessions", Session.class);
        Cache<Long> counters = app.cache("sessions", Long.class);
        long[] during = new long[2];
        MigrationResult result;
        ConcurrentWriter writer = new ConcurrentWriter(7, (random, n) -> {
            String key = "s" + random.nextInt(SIZE + 300);
            switch (random.nextInt(8)) {
                case 0 -> sessions.put(key, new Session("w", n.intValue()), TTL);
                case 1 -> sessions.put(key, new Session("forever", n.intValue()));
                case 2 -> sessions.delete(key);
                case 3 -> sessions.touch(key, TTL.plusMinutes(5));
                case 4 -> counters.increment("count" + random.nextInt(120), 1, TTL);
                case 5 -> sessions.putIfAbsent(key, new Session("absent", 0), TTL);
                case 6 -> sessions.getOrLoad(key, TTL, () -> new Session("loaded", 1));
                default -> sessions.get(key);
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
            }).build().copyCache(oldStore, newStore, "sessions");
        }
        assertThat(writer.errors()).isEmpty();
        assertThat(during[1] - during[0]).as("writes while the copy ran").isGreaterThan(100);
        assertThat(result.copied()).isGreaterThan(0);
        assertThat(result.alreadyPresent()).isGreaterThan(0);
        VerificationReport report = Verification.cache(oldStore, newStore, "sessions");
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        assertThat(report.sourceCount()).isGreaterThan(SIZE / 2);
        assertThat(move.pendingRepairs()).isEmpty();
    }

    @Test
    @DisplayName("entries keep their remaining TTL, and entries without expiry stay without")
    void ttls() {
        InMemoryCacheStore oldStore = InMemoryCacheStore.create();
        InMemoryCacheStore newStore = InMemoryCacheStore.create();
        seed(oldStore);
        Migration.builder().build().copyCache(oldStore, newStore, "sessions");
        Cache<Session> copied = newStore.cache("sessions", Session.class);
        assertThat(copied.ttl("s0")).contains(Cache.NO_EXPIRY);
        Duration remaining = copied.ttl("s1").orElseThrow();
        assertThat(remaining).isLessThanOrEqualTo(TTL.plusSeconds(1)).isGreaterThan(TTL.minusMinutes(1));
        assertThat(newStore.cache("sessions", Long.class).get("count7")).contains(7L);
        assertThat(Verification.cache(oldStore, newStore, "sessions").clean()).isTrue();
    }

    @Test
    @DisplayName("a copy that crashes mid-way resumes from the cursor in its checkpoint")
    void crashAndResume(@TempDir Path dir) {
        InMemoryCacheStore oldStore = InMemoryCacheStore.create();
        InMemoryCacheStore newStore = InMemoryCacheStore.create();
        seed(oldStore);
        Path file = dir.resolve("cache.checkpoint");
        AtomicInteger batches = new AtomicInteger();
        Migration crashing = Migration.builder().batchSize(250).checkpoint(MigrationCheckpoint.file(file))
                .listener(new MigrationListener() {
                    @Override
                    public void onProgress(MigrationProgress progress) {
                        if (batches.incrementAndGet() == 4) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }
                }).build();
        assertThatThrownBy(() -> crashing.copyCache(oldStore, newStore, "sessions")).hasMessage("simulated crash");
        MigrationResult resumed = Migration.builder().batchSize(250).checkpoint(MigrationCheckpoint.file(file)).build()
                .copyCache(oldStore, newStore, "sessions");
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.read()).isEqualTo(SIZE + 100 - 1000);
        assertThat(resumed.alreadyPresent()).isZero();
        assertThat(Verification.cache(oldStore, newStore, "sessions").clean()).isTrue();
    }

    @Test
    @DisplayName("writes that fail on the unavailable new store go to the repair log, and repair() brings them over")
    void repairLog() {
        InMemoryCacheStore oldStore = InMemoryCacheStore.create();
        InMemoryCacheStore newStore = InMemoryCacheStore.create();
        CutOver move = CutOver.builder("cache-repair").build();
        Cache<String> app = move.cache(oldStore, newStore).cache("tokens", String.class);
        app.put("a", "1", TTL);
        newStore.setUnavailable(true);
        app.put("b", "2", TTL);                 // the caller sees no error
        app.put("c", "3");
        app.increment("n", 5, TTL);
        app.delete("a");
        assertThat(app.get("b")).contains("2");
        assertThat(move.pendingRepairs()).extracting(RepairEntry::key).containsExactly("b", "c", "n", "a");
        assertThat(move.stats().failedMirrors()).isEqualTo(4);
        move.verify();
        assertThatThrownBy(move::cutOver).isInstanceOf(IllegalStateException.class).hasMessageContaining("4 repairs");
        assertThat(move.repair()).isZero();     // still down: the entries stay
        assertThat(move.pendingRepairs()).hasSize(4);
        newStore.setUnavailable(false);
        assertThat(Verification.cache(oldStore, newStore, "tokens").clean()).isFalse();
        assertThat(move.repair()).isEqualTo(4);
        assertThat(move.pendingRepairs()).isEmpty();
        VerificationReport report = Verification.cache(oldStore, newStore, "tokens");
        assertThat(report.clean()).isTrue();
        assertThat(newStore.cache("tokens", String.class).ttl("c")).contains(Cache.NO_EXPIRY);
        move.cutOver(report);
        assertThat(move.phase()).isEqualTo(CutOverPhase.CUT_OVER);
    }
}
