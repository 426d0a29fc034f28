package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.TransactionConflictException;
import dev.polyglot.query.Filter;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.RetryPolicy;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Serialization failures (SQLState 40001) re-run the whole callback, then surface as TransactionConflictException. */
class PostgresTxConflictTest {

    /** A plain row. */
    record Entry(String id, String note) {
    }

    private static TableSpec<Entry, String> freshTable(TransactionalStore store) {
        TableSpec<Entry, String> spec = TableSpec.builder("conflict_" + Long.toHexString(ThreadLocalRandom.current().nextLong()
                & Long.MAX_VALUE), Entry.class, String.class).id("id").build();
        store.createTables(spec);
        return spec;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs two SERIALIZABLE transactions that each count the rows and insert one named after the
     * count: the one that waits for the other's commit cannot be serialized; returns its attempts.
     */
    private static int runSkew(TransactionalStore store, TableSpec<Entry, String> spec, AtomicInteger attempts) throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        CountDownLatch committed = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = executor.submit(() -> store.useTransaction(IsolationLevel.SERIALIZABLE, t -> {
                Table<Entry, String> table = t.table(spec);
                long seen = table.count(Filter.all());
                if (attempts.incrementAndGet() == 1) {
                    firstRead.countDown();
                    await(committed);
                }
                table.insert(new Entry("slow-" + seen, "saw " + seen));
            }));
            assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
            store.useTransaction(IsolationLevel.SERIALIZABLE, t -> {
                Table<Entry, String> table = t.table(spec);
                long seen = table.count(Filter.all());
                table.insert(new Entry("fast-" + seen, "saw " + seen));
            });
            committed.countDown();
            try {
                slow.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return attempts.get();
        } finally {
            committed.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void serializationFailureIsRetriedOnFreshData() throws Exception {
        try (TransactionalStore store = PostgresTransactionalStore.create(PostgresTestDatabase.dataSource())) {
            TableSpec<Entry, String> spec = freshTable(store);
            AtomicInteger attempts = new AtomicInteger();
            assertThat(runSkew(store, spec, attempts)).isEqualTo(2);
            List<String> ids = store.inTransaction(t -> t.table(spec).query(Filter.all()).stream().map(Entry::id).toList());
            assertThat(ids).containsExactly("fast-0", "slow-1");
        }
    }

    @Test
    void exhaustedRetriesThrowTransactionConflictExceptionWithTheDriverCause() {
        try (TransactionalStore store = PostgresTransactionalStore.create(PostgresTestDatabase.dataSource(), Clock.systemUTC(),
                RetryPolicy.noRetry())) {
            TableSpec<Entry, String> spec = freshTable(store);
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> runSkew(store, spec, attempts))
                    .isInstanceOf(TransactionConflictException.class)
                    .satisfies(e -> assertThat(PostgresErrors.sqlState(e)).isEqualTo("40001"));
            assertThat(attempts.get()).isEqualTo(1);
            List<String> ids = store.inTransaction(t -> t.table(spec).query(Filter.all()).stream().map(Entry::id).toList());
            assertThat(ids).containsExactly("fast-0");
        }
    }
}
