package dev.polyglot.tck.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.query.Filter;
import dev.polyglot.tck.MutableClock;
import dev.polyglot.tck.TransactionalKitRows.Account;
import dev.polyglot.tck.TransactionalKitRows.Note;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.RetryPolicy;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviour of the in-memory Transactional store that the kit cannot pin for every adapter. */
class InMemoryTransactionalStoreTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-01T00:00:00.123456789Z"));
    private final TableSpec<Note, String> notes = TableSpec.builder("notes", Note.class, String.class).id("id").build();
    private final TableSpec<Account, String> accounts = TableSpec.builder("accounts", Account.class, String.class)
            .id("id").version("version").unique("email").createdAt("createdAt").updatedAt("updatedAt").audited().build();
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private InMemoryTransactionalStore store = InMemoryTransactionalStore.create(clock);

    @AfterEach
    void tearDown() {
        other.shutdownNow();
        store.close();
    }

    private InMemoryTransactionalStore storeWith(RetryPolicy policy) {
        store.close();
        store = InMemoryTransactionalStore.create(clock, policy);
        store.createTables(notes, accounts);
        store.useTransaction(tx -> tx.table(notes).insert(new Note("n1", "v0")));
        return store;
    }

    /** Commits a change to n1 from another thread, so it is a concurrent transaction, not a nested one. */
    private void commitElsewhere(String name) {
        try {
            other.submit(() -> store.useTransaction(tx -> tx.table(notes).update(new Note("n1", name)))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("a conflict that persists through every attempt surfaces as TransactionConflictException")
    void retriesUsedUp() {
        storeWith(new RetryPolicy(3, Duration.ZERO, Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> store.useTransaction(IsolationLevel.REPEATABLE_READ, tx -> {
            Table<Note, String> table = tx.table(notes);
            table.find("n1");
            commitElsewhere("other-" + attempts.incrementAndGet());
            table.update(new Note("n1", "mine"));
        })).isInstanceOf(TransactionConflictException.class).hasMessageContaining("3 attempts").hasCauseInstanceOf(TransactionConflictException.class);
        assertThat(attempts.get()).isEqualTo(3);
        var result = store.inTransaction(tx -> tx.table(notes).find("n1"));
        assertThat(result).contains(new Note("n1", "other-3"));
    }

    @Test
    @DisplayName("with RetryPolicy.noRetry the first conflict surfaces and the callback runs once")
    void noRetry() {
        storeWith(RetryPolicy.noRetry());
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> store.useTransaction(IsolationLevel.SERIALIZABLE, tx -> {
            attempts.incrementAndGet();
            tx.table(notes).find("n1");
            commitElsewhere("other");
            tx.table(notes).insert(new Note("n2", "mine"));
        })).isInstanceOf(TransactionConflictException.class);
        assertThat(attempts.get()).isEqualTo(1);
        var result = store.inTransaction(tx -> tx.table(notes).find("n2"));
        assertThat(result).isEmpty();
    }

    @Test
    @DisplayName("at READ_COMMITTED a row written concurrently after this transaction wrote it is a commit-time conflict, retried")
    void readCommittedWriteWriteConflict() {
        storeWith(RetryPolicy.defaults());
        AtomicInteger attempts = new AtomicInteger();
        store.useTransaction(tx -> {
            tx.table(notes).update(new Note("n1", "mine"));
            if (attempts.incrementAndGet() == 1) {
                commitElsewhere("other");
            }
        });
        assertThat(attempts.get()).isEqualTo(2);
        var result = store.inTransaction(tx -> tx.table(notes).find("n1"));
        assertThat(result).contains(new Note("n1", "mine"));
    }

    @Test
    @DisplayName("SERIALIZABLE detects a phantom that REPEATABLE_READ lets through, as PostgreSQL does")
    void phantoms() {
        storeWith(RetryPolicy.defaults());
        AtomicInteger attempts = new AtomicInteger();
        store.useTransaction(IsolationLevel.SERIALIZABLE, tx -> {
            long count = tx.table(notes).count(Filter.startsWith("name", "v"));
            if (attempts.incrementAndGet() == 1) {
                commitElsewhere("v1");
            }
            tx.table(notes).insert(new Note("count", "saw " + count));
        });
        assertThat(attempts.get()).isEqualTo(2);
        var result = store.inTransaction(tx -> tx.table(notes).find("count"));
        assertThat(result).contains(new Note("count", "saw 1"));

        attempts.set(0);
        store.useTransaction(IsolationLevel.REPEATABLE_READ, tx -> {
            tx.table(notes).count(Filter.startsWith("name", "v"));
            if (attempts.incrementAndGet() == 1) {
                commitElsewhere("v2");
            }
            tx.table(notes).insert(new Note("count2", "x"));
        });
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("a snapshot stays readable while many later commits replace its rows")
    void snapshotSurvivesPruning() throws Exception {
        storeWith(RetryPolicy.defaults());
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        Future<String> reader = other.submit(() -> store.inTransaction(IsolationLevel.REPEATABLE_READ, tx -> {
            tx.table(notes).find("n1");
            read.countDown();
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            return tx.table(notes).find("n1").orElseThrow().name() + "/" + tx.table(notes).count(Filter.all());
        }));
        assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 50; i++) {
            int n = i;
            store.useTransaction(tx -> {
                tx.table(notes).update(new Note("n1", "v" + n));
                tx.table(notes).insert(new Note("x" + n, "new"));
            });
        }
        written.countDown();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("v0/1");
        var result = store.inTransaction(tx -> tx.table(notes).find("n1"));
        assertThat(result).contains(new Note("n1", "v50"));
        var result2 = store.inTransaction(tx -> tx.table(notes).count(Filter.all()));
        assertThat(result2).isEqualTo(51);
    }

    @Test
    @DisplayName("timestamps come from the injected clock, truncated to microseconds like PostgreSQL's")
    void timestampsFromClock() {
        store.createTables(accounts);
        Account stored = store.inTransaction(tx -> tx.table(accounts).insert(Account.of("a1", "a@x.io", "t", "s")));
        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123456Z"));
        clock.advance(Duration.ofSeconds(5));
        Account updated = store.inTransaction(tx -> tx.table(accounts).update(stored.withBalance(1)));
        assertThat(updated.updatedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:05.123456Z"));
        List<AuditEntry<String>> history = store.inTransaction(tx -> tx.table(accounts).history("a1"));
        assertThat(history).extracting(AuditEntry::at)
                .containsExactly(Instant.parse("2025-01-01T00:00:00.123456Z"), Instant.parse("2025-01-01T00:00:05.123456Z"));
        Map<String, Object> row = history.get(0).row();
        assertThatThrownBy(() -> row.put("balance", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a simulated outage throws StoreUnavailableException caused by a ConnectException, until lifted")
    void outage() {
        store.createTables(notes);
        store.setUnavailable(true);
        assertThatThrownBy(() -> store.useTransaction(tx -> tx.table(notes).find("n1")))
                .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(ConnectException.class);
        store.setUnavailable(false);
        var result = store.inTransaction(tx -> tx.table(notes).find("n1"));
        assertThat(result).isEmpty();
        assertThatThrownBy(() -> store.useTransaction(tx -> {
            tx.table(notes).insert(new Note("n1", "x"));
            store.setUnavailable(true);
        })).isInstanceOf(StoreUnavailableException.class);
        store.setUnavailable(false);
        var result2 = store.inTransaction(tx -> tx.table(notes).find("n1"));
        assertThat(result2).isEmpty();
    }

    @Test
    @DisplayName("unwrap returns the store for its own types and rejects others; close is idempotent")
    void unwrapAndClose() {
        assertThat(store.unwrap(InMemoryTransactionalStore.class)).isSameAs(store);
        assertThat(store.unwrap(TransactionalStore.class)).isSameAs(store);
        assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        store.close();
        store.close();
        assertThatThrownBy(() -> store.inTransaction(tx -> 1)).isInstanceOf(IllegalStateException.class);
    }
}
