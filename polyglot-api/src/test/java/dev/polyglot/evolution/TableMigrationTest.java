package dev.polyglot.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.query.Filter;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Moving the Transactional port")
class TableMigrationTest {

    record Account(long id, String email, long balance, long version, Instant createdAt, Instant updatedAt) {
        Account withBalance(long b) {
            return new Account(id, email, b, version, createdAt, updatedAt);
        }
    }

    static final TableSpec<Account, Long> ACCOUNTS = TableSpec.builder("accounts", Account.class, Long.class)
            .id("id").version("version").unique("email").createdAt("createdAt").updatedAt("updatedAt").build();

    private static final int SIZE = 1000;

    private static void seed(TransactionalStore store) {
        store.createTables(ACCOUNTS);
        List<Account> rows = new ArrayList<>();
        for (long i = 0; i < SIZE; i++) {
            rows.add(new Account(i, "a" + i + "@example.com", i * 10, 0, null, null));
        }
        store.useTransaction(tx -> tx.table(ACCOUNTS).insertAll(rows));
    }

    @Test
    @DisplayName("a backfill under concurrent transactions ends with 0 missing and 0 different rows and no writer error")
    void concurrentWriter() {
        InMemoryTransactionalStore oldStore = InMemoryTransactionalStore.create();
        InMemoryTransactionalStore newStore = InMemoryTransactionalStore.create();
        seed(oldStore);
        newStore.createTables(ACCOUNTS);
        CutOver move = CutOver.builder("tables").shadowReadSample(0.2).build();
        TransactionalStore app = move.transactional(oldStore, newStore);
        long[] during = new long[2];
        MigrationResult result;
        ConcurrentWriter writer = new ConcurrentWriter(11, (random, n) -> {
            long id = random.nextInt(SIZE + 200);
            app.useTransaction(tx -> {
                Table<Account, Long> accounts = tx.table(ACCOUNTS);
                Optional<Account> found = accounts.find(id);
                int op = random.nextInt(4);
                if (found.isEmpty()) {
                    if (op < 2) {
                        accounts.insert(new Account(id, "new" + id + "-" + n + "@example.com", 1, 0, null, null));
                    }
                } else if (op < 3) {
                    accounts.update(found.get().withBalance(found.get().balance() + 1));
                } else {
                    accounts.delete(id);
                }
            });
        });
        try (writer) {
            writer.awaitOperations(30);
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
            }).build().copyTable(oldStore, newStore, ACCOUNTS);
        }
        assertThat(writer.errors()).isEmpty();
        assertThat(during[1] - during[0]).as("transactions while the copy ran").isGreaterThan(20);
        assertThat(result.copied()).isGreaterThan(0);
        VerificationReport report = Verification.table(oldStore, newStore, ACCOUNTS);
        assertThat(report.missingCount()).isZero();
        assertThat(report.differentCount()).isZero();
        assertThat(report.extraCount()).isZero();
        long rows = oldStore.inTransaction(tx -> tx.table(ACCOUNTS).count(Filter.all()));
        assertThat(report.targetCount()).isEqualTo(report.sourceCount()).isEqualTo(rows);
        assertThat(move.pendingRepairs()).isEmpty();

        // After the cut-over transactions run on the new store and are mirrored to the old one.
        move.verify();
        move.cutOver(report);
        app.useTransaction(tx -> {
            Table<Account, Long> accounts = tx.table(ACCOUNTS);
            Account a = accounts.find(5L).orElseThrow();
            accounts.update(a.withBalance(12345));
        });
        long onOld = oldStore.inTransaction(tx -> tx.table(ACCOUNTS).find(5L).orElseThrow().balance());
        assertThat(onOld).isEqualTo(12345);
        assertThat(Verification.table(oldStore, newStore, ACCOUNTS).clean()).isTrue();
    }

    @Test
    @DisplayName("a copy that crashes mid-way resumes after the last copied id and verifies clean; a dry run writes nothing")
    void crashResumeAndDryRun(@TempDir Path dir) {
        InMemoryTransactionalStore oldStore = InMemoryTransactionalStore.create();
        InMemoryTransactionalStore newStore = InMemoryTransactionalStore.create();
        seed(oldStore);
        MigrationResult dry = Migration.builder().dryRun(true).build().copyTable(oldStore, newStore, ACCOUNTS);
        assertThat(dry.read()).isEqualTo(SIZE);
        newStore.createTables(ACCOUNTS);
        long afterDryRun = newStore.inTransaction(tx -> tx.table(ACCOUNTS).count(Filter.all()));
        assertThat(afterDryRun).isZero();

        Path file = dir.resolve("tables.checkpoint");
        AtomicInteger batches = new AtomicInteger();
        try {
            Migration.builder().batchSize(300).checkpoint(MigrationCheckpoint.file(file)).listener(new MigrationListener() {
                @Override
                public void onProgress(MigrationProgress progress) {
                    if (batches.incrementAndGet() == 3) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            }).build().copyTable(oldStore, newStore, ACCOUNTS);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("simulated crash");
        }
        assertThat(MigrationCheckpoint.file(file).position("table:accounts")).contains("899");
        MigrationResult resumed = Migration.builder().batchSize(300).checkpoint(MigrationCheckpoint.file(file)).build()
                .copyTable(oldStore, newStore, ACCOUNTS);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.read()).isEqualTo(SIZE - 900);
        assertThat(Verification.table(oldStore, newStore, ACCOUNTS).clean()).isTrue();
    }
}
