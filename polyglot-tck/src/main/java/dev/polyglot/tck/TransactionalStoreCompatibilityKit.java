package dev.polyglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.PolyglotException;
import dev.polyglot.RecordNotFoundException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.tck.TransactionalKitRows.Account;
import dev.polyglot.tck.TransactionalKitRows.Address;
import dev.polyglot.tck.TransactionalKitRows.Counter;
import dev.polyglot.tck.TransactionalKitRows.Item;
import dev.polyglot.tck.TransactionalKitRows.Note;
import dev.polyglot.tck.TransactionalKitRows.Status;
import dev.polyglot.tck.TransactionalKitRows.Typed;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.Transaction;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit of the Transactional port: every {@link TransactionalStore} adapter passes
 * it unchanged.
 *
 * <p>An adapter's test subclasses it and says how to create a store:
 *
 * <pre>{@code
 * class PostgresTransactionalStoreCompatibilityTest extends TransactionalStoreCompatibilityKit {
 *     protected TransactionalStore createStore() { return PostgresStores.transactional(PostgresFixture.dataSource()); }
 *     protected TransactionalStore createUnavailableStore() { return PostgresStores.transactional(unreachableDataSource()); }
 * }
 * }</pre>
 *
 * <p>Every test creates its tables under fresh random names, so one database can serve all tests.
 * Concurrency tests coordinate threads with latches, never with sleeps, and assert outcomes, never
 * timings. {@link #advanceTime(Duration)} sleeps by default; a store with an injectable clock
 * overrides it to move the clock instead. {@code close()} must be idempotent: the kit closes the
 * store after every test, also after a test that closed it already.
 *
 * <p>Beyond the port's javadoc, the kit pins these portable rules: nulls sort first ascending and
 * ties are broken by id; a {@link dev.polyglot.PolyglotException} from a table operation aborts the
 * transaction even when the callback catches it; a nested transaction joins the running one and
 * may not ask for a stricter isolation; unique keys with a null component never clash.
 */
public abstract class TransactionalStoreCompatibilityKit {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final UUID U1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID U2 = UUID.fromString("00000000-0000-0000-0000-000000000002");

    /** The store under test, created before and closed after each test. */
    protected TransactionalStore store;
    /** An audited, versioned table of {@link Account}s with unique keys and timestamps. */
    protected TableSpec<Account, String> accounts;
    /** A table of {@link Item}s with a column of every kind. */
    protected TableSpec<Item, String> items;
    /** A table of {@link Counter}s with a long id and an int version. */
    protected TableSpec<Counter, Long> counters;
    /** A plain table of {@link Note}s. */
    protected TableSpec<Note, String> notes;

    /**
     * Creates a store connected to a working backend; called before each test, and closed after it.
     *
     * @return a fresh store
     */
    protected abstract TransactionalStore createStore();

    /**
     * Creates a store whose backend cannot be reached, for the exception-translation tests.
     *
     * @return the store
     */
    protected abstract TransactionalStore createUnavailableStore();

    /**
     * Lets time pass for the store's clock; sleeps by default.
     *
     * @param duration how much time passes
     */
    protected void advanceTime(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns a fresh table name, so tests never share a table.
     *
     * @param prefix a readable prefix
     * @return the name
     */
    protected static String uniqueName(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @BeforeEach
    void createStoreAndTables() {
        store = createStore();
        accounts = TableSpec.builder(uniqueName("acc"), Account.class, String.class)
                .id("id").version("version").unique("email").unique("tenant", "slug")
                .createdAt("createdAt").updatedAt("updatedAt").audited().build();
        items = TableSpec.builder(uniqueName("item"), Item.class, String.class).id("id").build();
        counters = TableSpec.builder(uniqueName("ctr"), Counter.class, Long.class).id("id").version("version").build();
        notes = TableSpec.builder(uniqueName("note"), Note.class, String.class).id("id").build();
        store.createTables(accounts, items, counters, notes);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- helpers

    private <R> R tx(TransactionCallback<R, RuntimeException> callback) {
        return store.inTransaction(callback);
    }

    private Account insertAccount(Account account) {
        return tx(t -> t.table(accounts).insert(account));
    }

    private Optional<Account> findAccount(String id) {
        return tx(t -> t.table(accounts).find(id));
    }

    private List<String> itemIds(Filter filter) {
        return tx(t -> {
            Table<Item, String> table = t.table(items);
            List<String> ids = table.query(filter).stream().map(Item::id).toList();
            assertThat(table.count(filter)).as("count of %s", filter).isEqualTo(ids.size());
            return ids;
        });
    }

    private List<String> itemIds(Sort sort) {
        return tx(t -> t.table(items).query(Filter.all(), sort, PageRequest.first(100)).items().stream().map(Item::id).toList());
    }

    private void seedItems() {
        tx(t -> {
            t.table(items).insertAll(List.of(
                    new Item("i1", "apple", 1, 10_000_000_000L, 1.5, new BigDecimal("1.50"), true, new Address("Paris", "75001"),
                            List.of("red", "fruit"), T0, Status.ACTIVE, U1),
                    new Item("i2", "banana", 2, 20, 2.0, new BigDecimal("2"), false, new Address("Berlin", null),
                            List.of("yellow", "fruit"), T0.plusSeconds(3600), Status.SUSPENDED, null),
                    new Item("i3", "cherry", 3, 30, 3.25, new BigDecimal("10.00"), true, null,
                            List.of(), T0.plusSeconds(7200), null, null),
                    new Item("i4", null, 2, 40, 0.5, null, true, new Address("Paris", "75002"),
                            List.of("red"), null, Status.ACTIVE, U2),
                    new Item("i5", "Apricot", 5, 50, 5.0, new BigDecimal("5"), false, new Address("Rome", null),
                            List.of("green", "fruit"), T0.plusSeconds(10800), Status.ACTIVE, null)));
            return null;
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <V> V get(Future<V> future) throws Exception {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- schema

    @Nested
    @DisplayName("schema")
    class Schema {

        @Test
        @DisplayName("using a table that was never created fails and says to call createTables or run migrations")
        void missingTable() {
            TableSpec<Note, String> missing = TableSpec.builder(uniqueName("missing"), Note.class, String.class).id("id").build();
            assertThatThrownBy(() -> store.useTransaction(t -> t.table(missing).find("n1")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(missing.table())
                    .hasMessageContaining("createTables");
        }

        @Test
        @DisplayName("createTables is idempotent and keeps existing rows")
        void createTablesIdempotent() {
            tx(t -> t.table(notes).insert(new Note("n1", "kept")));
            store.createTables(notes, accounts);
            var result = tx(t -> t.table(notes).find("n1"));
            assertThat(result).contains(new Note("n1", "kept"));
        }

        @Test
        @DisplayName("validateSchema accepts tables created from the same specs")
        void validateAccepts() {
            store.validateSchema(accounts, items, counters, notes);
        }

        @Test
        @DisplayName("validateSchema names a missing table")
        void validateMissing() {
            TableSpec<Note, String> missing = TableSpec.builder(uniqueName("missing"), Note.class, String.class).id("id").build();
            assertThatThrownBy(() -> store.validateSchema(notes, missing))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(missing.table());
        }

        @Test
        @DisplayName("validateSchema and table() name the mismatch when a table does not match its spec")
        void validateMismatch() {
            TableSpec<Item, String> wrong = TableSpec.builder(notes.table(), Item.class, String.class).id("id").build();
            assertThatThrownBy(() -> store.validateSchema(wrong))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(notes.table())
                    .hasMessageContaining("qty");
            assertThatThrownBy(() -> store.useTransaction(t -> t.table(wrong).find("x")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(notes.table());
        }

        @Test
        @DisplayName("createTables rejects an existing table that does not match its spec")
        void createMismatch() {
            TableSpec<Item, String> wrong = TableSpec.builder(notes.table(), Item.class, String.class).id("id").build();
            assertThatThrownBy(() -> store.createTables(wrong))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(notes.table());
        }

        @Test
        @DisplayName("createTables rejects two different specs for one new table")
        void conflictingSpecsInOneCall() {
            String name = uniqueName("twice");
            TableSpec<Note, String> asNotes = TableSpec.builder(name, Note.class, String.class).id("id").build();
            TableSpec<Item, String> asItems = TableSpec.builder(name, Item.class, String.class).id("id").build();
            assertThatThrownBy(() -> store.createTables(asNotes, asItems))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining(name);
        }

        @Test
        @DisplayName("null specs, callbacks and isolation levels are rejected with IllegalArgumentException")
        void nullSpecs() {
            assertThatThrownBy(() -> store.inTransaction(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.useTransaction(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.useTransaction(null, t -> { })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.inTransaction(null, t -> 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.createTables(notes, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.useTransaction(t -> t.table(null))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------- single-row operations

    @Nested
    @DisplayName("row operations")
    class Rows {

        @Test
        @DisplayName("insert returns the row as stored: version 1 and both timestamps set to the same instant")
        void insertReturnsStoredRow() {
            Account stored = insertAccount(new Account("a1", "a@x.io", "t1", "s1", 10, 42, null, null));
            assertThat(stored.version()).isEqualTo(1);
            assertThat(stored.createdAt()).isNotNull();
            assertThat(stored.updatedAt()).isEqualTo(stored.createdAt());
            assertThat(stored.balance()).isEqualTo(10);
            assertThat(findAccount("a1")).contains(stored);
        }

        @Test
        @DisplayName("find of an absent id is empty")
        void findAbsent() {
            assertThat(findAccount("nope")).isEmpty();
        }

        @Test
        @DisplayName("insert of a taken id throws DuplicateKeyException naming the table and keeps the stored row")
        void duplicateId() {
            Account first = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            assertThatThrownBy(() -> insertAccount(Account.of("a1", "b@x.io", "t1", "s2")))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(accounts.table());
            assertThat(findAccount("a1")).contains(first);
        }

        @Test
        @DisplayName("a taken unique column throws DuplicateKeyException naming the table and the key")
        void uniqueColumn() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            assertThatThrownBy(() -> insertAccount(Account.of("a2", "a@x.io", "t1", "s2")))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(accounts.table())
                    .hasMessageContaining("email");
            assertThat(findAccount("a2")).isEmpty();
        }

        @Test
        @DisplayName("a composite unique key clashes only when every column matches")
        void compositeUniqueKey() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            insertAccount(Account.of("a2", "b@x.io", "t1", "s2"));
            insertAccount(Account.of("a3", "c@x.io", "t2", "s1"));
            assertThatThrownBy(() -> insertAccount(Account.of("a4", "d@x.io", "t1", "s1")))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining("slug");
            var result = tx(t -> t.table(accounts).count(Filter.all()));
            assertThat(result).isEqualTo(3);
        }

        @Test
        @DisplayName("null values in a unique column never clash, as in SQL")
        void nullUniqueValues() {
            insertAccount(Account.of("a1", null, "t1", "s1"));
            insertAccount(Account.of("a2", null, "t1", "s2"));
            var result = tx(t -> t.table(accounts).count(Filter.eq("email", null)));
            assertThat(result).isEqualTo(2);
        }

        @Test
        @DisplayName("update increments the version, keeps createdAt and moves updatedAt")
        void update() {
            Account stored = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            advanceTime(Duration.ofMillis(20));
            Account updated = tx(t -> t.table(accounts).update(stored.withBalance(99)));
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.balance()).isEqualTo(99);
            assertThat(updated.createdAt()).isEqualTo(stored.createdAt());
            assertThat(updated.updatedAt()).isAfter(stored.updatedAt());
            assertThat(findAccount("a1")).contains(updated);
        }

        @Test
        @DisplayName("update ignores a changed createdAt: the stored one is kept")
        void updateKeepsCreatedAt() {
            Account stored = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            Account tampered = new Account("a1", "a@x.io", "t1", "s1", 5, 1, T0, T0);
            Account updated = tx(t -> t.table(accounts).update(tampered));
            assertThat(updated.createdAt()).isEqualTo(stored.createdAt());
        }

        @Test
        @DisplayName("update with a stale version throws OptimisticLockException and changes nothing")
        void staleUpdate() {
            Account v1 = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            Account v2 = tx(t -> t.table(accounts).update(v1.withBalance(1)));
            assertThatThrownBy(() -> tx(t -> t.table(accounts).update(v1.withBalance(2))))
                    .isInstanceOf(OptimisticLockException.class)
                    .hasMessageContaining(accounts.table());
            assertThat(findAccount("a1")).contains(v2);
        }

        @Test
        @DisplayName("update of an absent row throws RecordNotFoundException")
        void updateMissing() {
            assertThatThrownBy(() -> tx(t -> t.table(accounts).update(Account.of("ghost", "g@x.io", "t", "s"))))
                    .isInstanceOf(RecordNotFoundException.class)
                    .hasMessageContaining(accounts.table());
            assertThat(findAccount("ghost")).isEmpty();
        }

        @Test
        @DisplayName("update onto another row's unique key throws DuplicateKeyException")
        void updateIntoTakenKey() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            Account b = insertAccount(Account.of("a2", "b@x.io", "t1", "s2"));
            assertThatThrownBy(() -> tx(t -> t.table(accounts).update(b.withEmail("a@x.io"))))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThat(findAccount("a2")).contains(b);
        }

        @Test
        @DisplayName("a row may keep its own unique values when updated")
        void updateKeepsOwnKey() {
            Account a = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            var result = tx(t -> t.table(accounts).update(a.withBalance(7)));
            assertThat(result.email()).isEqualTo("a@x.io");
        }

        @Test
        @DisplayName("upsert inserts an absent row at version 1 and updates a present one")
        void upsert() {
            Account inserted = tx(t -> t.table(accounts).upsert(Account.of("a1", "a@x.io", "t1", "s1").withVersion(9)));
            assertThat(inserted.version()).isEqualTo(1);
            Account updated = tx(t -> t.table(accounts).upsert(inserted.withBalance(5)));
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.balance()).isEqualTo(5);
            assertThat(updated.createdAt()).isEqualTo(inserted.createdAt());
            assertThat(findAccount("a1")).contains(updated);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).upsert(inserted.withBalance(6))))
                    .isInstanceOf(OptimisticLockException.class);
        }

        @Test
        @DisplayName("upsert of a new row onto a taken unique key throws DuplicateKeyException")
        void upsertDuplicate() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            assertThatThrownBy(() -> tx(t -> t.table(accounts).upsert(Account.of("a2", "a@x.io", "t9", "s9"))))
                    .isInstanceOf(DuplicateKeyException.class);
        }

        @Test
        @DisplayName("delete removes a row and reports whether one was there")
        void delete() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            var result = tx(t -> t.table(accounts).delete("a1"));
            assertThat(result).isTrue();
            var result2 = tx(t -> t.table(accounts).delete("a1"));
            assertThat(result2).isFalse();
            assertThat(findAccount("a1")).isEmpty();
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            assertThat(findAccount("a1")).isPresent();
        }

        @Test
        @DisplayName("a table without version column or timestamps stores rows as given")
        void plainTable() {
            tx(t -> t.table(notes).insert(new Note("n1", "first")));
            var result = tx(t -> t.table(notes).update(new Note("n1", "second")));
            assertThat(result).isEqualTo(new Note("n1", "second"));
            var result2 = tx(t -> t.table(notes).upsert(new Note("n2", "x")));
            assertThat(result2).isEqualTo(new Note("n2", "x"));
            var result3 = tx(t -> t.table(notes).query(Filter.all()));
            assertThat(result3).containsExactly(new Note("n1", "second"), new Note("n2", "x"));
        }

        @Test
        @DisplayName("numeric ids and int version columns work")
        void numericIds() {
            Counter stored = tx(t -> t.table(counters).insert(new Counter(7, 1, 0)));
            assertThat(stored).isEqualTo(new Counter(7, 1, 1));
            Counter updated = tx(t -> t.table(counters).update(new Counter(7, 2, 1)));
            assertThat(updated).isEqualTo(new Counter(7, 2, 2));
            var result = tx(t -> t.table(counters).find(7L));
            assertThat(result).contains(updated);
            var result2 = tx(t -> t.table(counters).query(Filter.eq("id", 7)));
            assertThat(result2).containsExactly(updated);
            var result3 = tx(t -> t.table(counters).delete(7L));
            assertThat(result3).isTrue();
        }

        @Test
        @DisplayName("dates, offset date-times, binary, small numbers, maps and lists of records round-trip and filter")
        void columnTypes() {
            TableSpec<Typed, UUID> typed = TableSpec.builder(uniqueName("typed"), Typed.class, UUID.class).id("id").build();
            store.createTables(typed);
            Typed full = new Typed(U1, LocalDate.of(2024, 2, 29), OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                    new byte[] {0, 1, -1}, (short) 7, 0.5f, new BigInteger("123456789012345678901234567890"),
                    Map.of("k", "v", "n", 3), List.of(new Address("Oslo", "0150"), new Address("Bergen", null)));
            Typed empty = new Typed(U2, null, null, null, (short) 0, 0f, null, Map.of(), List.of());
            tx(t -> {
                t.table(typed).insertAll(List.of(full, empty));
                return null;
            });
            Typed read = tx(t -> t.table(typed).find(U1)).orElseThrow();
            assertThat(read.day()).isEqualTo(full.day());
            assertThat(read.at()).isNotNull();
            assertThat(read.at().toInstant()).isEqualTo(full.at().toInstant());
            assertThat(read.data()).containsExactly(0, 1, -1);
            assertThat(read.small()).isEqualTo((short) 7);
            assertThat(read.ratio()).isEqualTo(0.5f);
            assertThat(read.big()).isEqualTo(full.big());
            assertThat(read.extra()).containsEntry("k", "v");
            assertThat(((Number) read.extra().get("n")).intValue()).isEqualTo(3);
            assertThat(read.addresses()).isEqualTo(full.addresses());
            Typed readEmpty = tx(t -> t.table(typed).find(U2)).orElseThrow();
            assertThat(readEmpty.day()).isNull();
            assertThat(readEmpty.data()).isNull();
            assertThat(readEmpty.addresses()).isEmpty();
            for (Filter filter : List.of(Filter.eq("day", LocalDate.of(2024, 2, 29)), Filter.gt("at", full.at().minusSeconds(1)),
                    Filter.eq("small", 7), Filter.gt("big", new BigDecimal("1e29")), Filter.eq("extra.k", "v"),
                    Filter.eq("addresses.city", "Bergen"), Filter.exists("extra.n", true))) {
                var ids = tx(t -> t.table(typed).query(filter).stream().map(Typed::id).toList());
                assertThat(ids).as("%s", filter).containsExactly(U1);
            }
            var sorted = tx(t -> t.table(typed).query(Filter.all(), Sort.desc("day"), PageRequest.first(5)).items());
            assertThat(sorted).extracting(Typed::id).containsExactly(U1, U2);
        }

        @Test
        @DisplayName("null and blank ids, null rows and rows without id are rejected with IllegalArgumentException")
        void invalidIds() {
            assertThatThrownBy(() -> tx(t -> t.table(accounts).find(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).find(""))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).find("  "))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).delete(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(counters).find(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).history(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).insert(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).update(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(accounts).upsert(null))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(notes).insert(new Note(null, "x"))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(notes).insert(new Note("", "x"))))
                    .isInstanceOf(IllegalArgumentException.class);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("invalid arguments do not abort the transaction")
        void invalidArgumentsKeepTransaction() {
            tx(t -> {
                Table<Note, String> table = t.table(notes);
                assertThatThrownBy(() -> table.find(null)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> table.query(Filter.eq("nope", 1))).isInstanceOf(IllegalArgumentException.class);
                return table.insert(new Note("n1", "ok"));
            });
            var result = tx(t -> t.table(notes).find("n1"));
            assertThat(result).isPresent();
        }

        @Test
        @DisplayName("stored rows are copies: changing the written or returned objects changes nothing")
        void rowsAreCopies() {
            List<String> tags = new ArrayList<>(List.of("a"));
            Item written = new Item("c1", "copy", 1, 1, 1, null, true, null, tags, null, null, null);
            Item returned = tx(t -> t.table(items).insert(written));
            tags.add("changed-after-write");
            try {
                returned.tags().add("changed-after-read");
            } catch (RuntimeException immutable) {
                // an adapter may hand out immutable lists (their add throws); then there is nothing to change
            }
            var result = tx(t -> t.table(items).find("c1"));
            assertThat(result.orElseThrow().tags()).containsExactly("a");
        }

        @Test
        @DisplayName("a Transaction or Table used after its callback returned throws IllegalStateException")
        void leakedTransaction() {
            Transaction leaked = tx(t -> t);
            Table<Note, String> leakedTable = tx(t -> t.table(notes));
            assertThatThrownBy(() -> leaked.table(notes)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> leakedTable.find("n1")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> leakedTable.insert(new Note("n1", "late"))).isInstanceOf(IllegalStateException.class);
            var result = tx(t -> t.table(notes).find("n1"));
            assertThat(result).isEmpty();
        }

        @Test
        @DisplayName("every operation of a closed store throws IllegalStateException")
        void closedStore() {
            store.close();
            assertThatThrownBy(() -> tx(t -> t.table(notes).find("n1"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.useTransaction(t -> { })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.createTables(notes)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.validateSchema(notes)).isInstanceOf(IllegalStateException.class);
        }
    }

    // ---------------------------------------------------------------- batch insert

    @Nested
    @DisplayName("batch insert")
    class BatchInsert {

        @Test
        @DisplayName("insertAll stores every row at version 1 with timestamps")
        void insertAll() {
            tx(t -> {
                t.table(accounts).insertAll(List.of(Account.of("a1", "a@x.io", "t", "s1"), Account.of("a2", "b@x.io", "t", "s2"),
                        Account.of("a3", null, "t", "s3")));
                return null;
            });
            List<Account> stored = tx(t -> t.table(accounts).query(Filter.all()));
            assertThat(stored).extracting(Account::id).containsExactly("a1", "a2", "a3");
            assertThat(stored).allSatisfy(a -> {
                assertThat(a.version()).isEqualTo(1);
                assertThat(a.createdAt()).isNotNull();
                assertThat(a.updatedAt()).isNotNull();
            });
        }

        @Test
        @DisplayName("an id repeated inside the batch fails it as a whole")
        void repeatedIdInBatch() {
            assertThatThrownBy(() -> tx(t -> {
                t.table(notes).insertAll(List.of(new Note("n1", "a"), new Note("n2", "b"), new Note("n1", "c")));
                return null;
            })).isInstanceOf(DuplicateKeyException.class);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("a batch clashing with a stored row writes none of its rows")
        void clashWithStoredRow() {
            tx(t -> t.table(notes).insert(new Note("n3", "existing")));
            Throwable thrown = catchThrowable(() -> tx(t -> {
                t.table(notes).insertAll(List.of(new Note("n1", "a"), new Note("n2", "b"), new Note("n3", "c")));
                return null;
            }));
            assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
            var result = tx(t -> t.table(notes).query(Filter.all()));
            assertThat(result).containsExactly(new Note("n3", "existing"));
        }

        @Test
        @DisplayName("a unique key repeated inside the batch fails it as a whole")
        void repeatedUniqueKeyInBatch() {
            assertThatThrownBy(() -> tx(t -> {
                t.table(accounts).insertAll(List.of(Account.of("a1", "same@x.io", "t", "s1"), Account.of("a2", "same@x.io", "t", "s2")));
                return null;
            })).isInstanceOf(DuplicateKeyException.class);
            var result = tx(t -> t.table(accounts).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("a failed batch inside a transaction leaves the batch's rows out even when caught")
        void failedBatchAtomicInsideTransaction() {
            Throwable thrown = catchThrowable(() -> tx(t -> {
                Table<Note, String> table = t.table(notes);
                table.insert(new Note("n9", "before"));
                try {
                    table.insertAll(List.of(new Note("n1", "a"), new Note("n9", "clash")));
                } catch (DuplicateKeyException expected) {
                    // swallowed: the transaction is aborted anyway
                }
                return null;
            }));
            assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("an empty batch does nothing; a null batch or row is rejected")
        void emptyAndNull() {
            tx(t -> {
                t.table(notes).insertAll(List.of());
                return null;
            });
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
            assertThatThrownBy(() -> tx(t -> {
                t.table(notes).insertAll(null);
                return null;
            })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> {
                t.table(notes).insertAll(Arrays.asList(new Note("n1", "a"), null));
                return null;
            })).isInstanceOf(IllegalArgumentException.class);
            var result2 = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result2).isZero();
        }
    }

    // ---------------------------------------------------------------- filters

    @Nested
    @DisplayName("filters on rows")
    class Filters {

        @BeforeEach
        void seed() {
            seedItems();
        }

        @Test
        @DisplayName("eq matches strings, booleans, enums, UUIDs and instants")
        void eqScalars() {
            assertThat(itemIds(Filter.eq("name", "banana"))).containsExactly("i2");
            assertThat(itemIds(Filter.eq("active", false))).containsExactly("i2", "i5");
            assertThat(itemIds(Filter.eq("status", Status.ACTIVE))).containsExactly("i1", "i4", "i5");
            assertThat(itemIds(Filter.eq("ref", U1))).containsExactly("i1");
            assertThat(itemIds(Filter.eq("at", T0))).containsExactly("i1");
        }

        @Test
        @DisplayName("eq reaches into nested records with dotted paths")
        void eqNested() {
            assertThat(itemIds(Filter.eq("address.city", "Paris"))).containsExactly("i1", "i4");
            assertThat(itemIds(Filter.eq("address.zip", "75002"))).containsExactly("i4");
        }

        @Test
        @DisplayName("eq null matches null columns and nested fields under a null record")
        void eqNull() {
            assertThat(itemIds(Filter.eq("name", null))).containsExactly("i4");
            assertThat(itemIds(Filter.eq("address.city", null))).containsExactly("i3");
            assertThat(itemIds(Filter.eq("address.zip", null))).containsExactly("i2", "i3", "i5");
            assertThat(itemIds(Filter.ne("name", null))).containsExactly("i1", "i2", "i3", "i5");
        }

        @Test
        @DisplayName("ne matches rows whose value differs, is null or is missing")
        void ne() {
            assertThat(itemIds(Filter.ne("name", "apple"))).containsExactly("i2", "i3", "i4", "i5");
            assertThat(itemIds(Filter.ne("address.city", "Paris"))).containsExactly("i2", "i3", "i5");
        }

        @Test
        @DisplayName("numbers compare by value across int, long, double and BigDecimal columns")
        void numericMixing() {
            assertThat(itemIds(Filter.eq("qty", 2L))).containsExactly("i2", "i4");
            assertThat(itemIds(Filter.eq("qty", 2.0))).containsExactly("i2", "i4");
            assertThat(itemIds(Filter.eq("qty", new BigDecimal("2.00")))).containsExactly("i2", "i4");
            assertThat(itemIds(Filter.eq("price", 2))).containsExactly("i2");
            assertThat(itemIds(Filter.eq("amount", 2.0))).containsExactly("i2");
            assertThat(itemIds(Filter.eq("amount", 1.5))).containsExactly("i1");
            assertThat(itemIds(Filter.eq("amount", 10))).containsExactly("i3");
            assertThat(itemIds(Filter.gt("big", 25))).containsExactly("i1", "i3", "i4", "i5");
            assertThat(itemIds(Filter.gt("big", 9_999_999_999.5))).containsExactly("i1");
            assertThat(itemIds(Filter.gte("price", 2))).containsExactly("i2", "i3", "i5");
            assertThat(itemIds(Filter.lt("qty", 2.5))).containsExactly("i1", "i2", "i4");
            assertThat(itemIds(Filter.lte("amount", new BigDecimal("2.00")))).containsExactly("i1", "i2");
            assertThat(itemIds(Filter.gt("price", new BigDecimal("3.2")))).containsExactly("i3", "i5");
        }

        @Test
        @DisplayName("comparisons never match across type families")
        void crossType() {
            assertThat(itemIds(Filter.gt("name", 5))).isEmpty();
            assertThat(itemIds(Filter.lt("qty", "9"))).isEmpty();
            assertThat(itemIds(Filter.eq("qty", "2"))).isEmpty();
            assertThat(itemIds(Filter.gte("at", 0))).isEmpty();
            assertThat(itemIds(Filter.eq("active", 1))).isEmpty();
        }

        @Test
        @DisplayName("gt, gte, lt and lte work on strings and instants")
        void rangesOnStringsAndInstants() {
            assertThat(itemIds(Filter.gt("name", "b"))).containsExactly("i2", "i3");
            assertThat(itemIds(Filter.lt("name", "a"))).containsExactly("i5");
            assertThat(itemIds(Filter.gt("at", T0))).containsExactly("i2", "i3", "i5");
            assertThat(itemIds(Filter.lte("at", T0.plusSeconds(3600)))).containsExactly("i1", "i2");
        }

        @Test
        @DisplayName("in and nin match any and none of the values, null standing for null")
        void inAndNin() {
            assertThat(itemIds(Filter.in("qty", 1, 3L))).containsExactly("i1", "i3");
            assertThat(itemIds(Filter.in("name", null, "apple"))).containsExactly("i1", "i4");
            assertThat(itemIds(Filter.in("qty", List.of()))).isEmpty();
            assertThat(itemIds(Filter.nin("qty", 2, 5))).containsExactly("i1", "i3");
            assertThat(itemIds(Filter.nin("address.city", "Paris", "Rome"))).containsExactly("i2", "i3");
        }

        @Test
        @DisplayName("exists tells present fields, even null ones, from missing nested fields")
        void exists() {
            assertThat(itemIds(Filter.exists("address.zip", true))).containsExactly("i1", "i2", "i4", "i5");
            assertThat(itemIds(Filter.exists("address.city", false))).containsExactly("i3");
            assertThat(itemIds(Filter.exists("name", true))).containsExactly("i1", "i2", "i3", "i4", "i5");
        }

        @Test
        @DisplayName("and, or, not and all combine filters")
        void logical() {
            assertThat(itemIds(Filter.and(Filter.eq("active", true), Filter.gte("qty", 2)))).containsExactly("i3", "i4");
            assertThat(itemIds(Filter.or(Filter.eq("name", "apple"), Filter.eq("status", Status.SUSPENDED))))
                    .containsExactly("i1", "i2");
            assertThat(itemIds(Filter.not(Filter.eq("active", true)))).containsExactly("i2", "i5");
            assertThat(itemIds(Filter.all())).containsExactly("i1", "i2", "i3", "i4", "i5");
            assertThat(itemIds(Filter.or())).isEmpty();
        }

        @Test
        @DisplayName("contains, containsAll and eq match list columns element-wise")
        void lists() {
            assertThat(itemIds(Filter.contains("tags", "red"))).containsExactly("i1", "i4");
            assertThat(itemIds(Filter.containsAll("tags", "fruit", "red"))).containsExactly("i1");
            assertThat(itemIds(Filter.eq("tags", "fruit"))).containsExactly("i1", "i2", "i5");
            assertThat(itemIds(Filter.contains("name", "apple"))).isEmpty();
        }

        @Test
        @DisplayName("startsWith matches string prefixes case-sensitively")
        void startsWith() {
            assertThat(itemIds(Filter.startsWith("name", "Ap"))).containsExactly("i5");
            assertThat(itemIds(Filter.startsWith("name", "a"))).containsExactly("i1");
            assertThat(itemIds(Filter.startsWith("address.city", "Pa"))).containsExactly("i1", "i4");
        }

        @Test
        @DisplayName("unknown columns and fields are rejected with IllegalArgumentException")
        void unknownColumns() {
            for (Filter bad : List.of(Filter.eq("nope", 1), Filter.eq("address.country", "FR"), Filter.gt("qty.value", 1),
                    Filter.and(Filter.eq("qty", 1), Filter.not(Filter.exists("secret", true))))) {
                assertThatThrownBy(() -> itemIds(bad)).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> tx(t -> t.table(items).count(bad))).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> tx(t -> t.table(items).query(bad, Sort.unsorted(), PageRequest.first(5))))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> tx(t -> t.table(items).query(null))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------- sorting and paging

    @Nested
    @DisplayName("sorting and paging")
    class SortingAndPaging {

        @Test
        @DisplayName("sorting breaks ties by id, ascending in both directions")
        void stableSort() {
            seedItems();
            assertThat(itemIds(Sort.asc("qty"))).containsExactly("i1", "i2", "i4", "i3", "i5");
            assertThat(itemIds(Sort.desc("qty"))).containsExactly("i5", "i3", "i2", "i4", "i1");
            assertThat(itemIds(Sort.desc("active").thenAsc("price"))).containsExactly("i4", "i1", "i3", "i2", "i5");
            assertThat(itemIds(Sort.unsorted())).containsExactly("i1", "i2", "i3", "i4", "i5");
        }

        @Test
        @DisplayName("nulls sort first ascending and last descending; strings by code point")
        void nullsAndStrings() {
            seedItems();
            assertThat(itemIds(Sort.asc("name"))).containsExactly("i4", "i5", "i1", "i2", "i3");
            assertThat(itemIds(Sort.desc("name"))).containsExactly("i3", "i2", "i1", "i5", "i4");
            assertThat(itemIds(Sort.asc("address.city"))).containsExactly("i3", "i2", "i1", "i4", "i5");
            assertThat(itemIds(Sort.asc("amount"))).containsExactly("i4", "i1", "i2", "i5", "i3");
        }

        @Test
        @DisplayName("offset paging walks every row exactly once and continues by offset")
        void offsetPaging() {
            seedItems();
            List<String> seen = new ArrayList<>();
            PageRequest request = PageRequest.atOffset(0, 2);
            int pages = 0;
            while (true) {
                PageRequest current = request;
                Page<Item> page = tx(t -> t.table(items).query(Filter.all(), Sort.asc("price"), current));
                page.items().forEach(i -> seen.add(i.id()));
                pages++;
                if (page.next().isEmpty()) {
                    break;
                }
                assertThat(page.nextCursor()).isEmpty();
                request = page.next().get();
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactly("i4", "i1", "i2", "i3", "i5");
            Page<Item> skipped = tx(t -> t.table(items).query(Filter.all(), Sort.asc("price"), PageRequest.atOffset(4, 10)));
            assertThat(skipped.items()).extracting(Item::id).containsExactly("i5");
            assertThat(skipped.hasNext()).isFalse();
        }

        @Test
        @DisplayName("keyset paging loses and repeats nothing while rows are inserted between pages")
        void keysetPagingWithInserts() {
            tx(t -> {
                List<Item> rows = new ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    rows.add(Item.of(String.format("k%02d", i), i * 10));
                }
                t.table(items).insertAll(rows);
                return null;
            });
            List<String> seen = new ArrayList<>();
            Page<Item> page = tx(t -> t.table(items).query(Filter.all(), Sort.asc("qty"), PageRequest.first(3)));
            page.items().forEach(i -> seen.add(i.id()));
            // Between pages: one row sorts before the cursor, two after it, one ties with the cursor row.
            tx(t -> {
                Table<Item, String> table = t.table(items);
                table.insert(Item.of("n15", 15));
                table.insert(Item.of("n55", 55));
                table.insert(Item.of("n25", 25));
                table.insert(Item.of("k00", 30));
                table.insert(Item.of("k99", 30));
                return null;
            });
            while (page.next().isPresent()) {
                PageRequest next = page.next().get();
                assertThat(page.nextCursor()).isPresent();
                page = tx(t -> t.table(items).query(Filter.all(), Sort.asc("qty"), next));
                page.items().forEach(i -> seen.add(i.id()));
                tx(t -> t.table(items).insert(Item.of("z" + seen.size(), 1)));
            }
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen).containsExactly("k01", "k02", "k03", "k99", "k04", "k05", "n55", "k06", "k07", "k08", "k09", "k10");
        }

        @Test
        @DisplayName("keyset paging through equal sort values is exact")
        void keysetThroughTies() {
            tx(t -> {
                List<Item> rows = new ArrayList<>();
                for (int i = 1; i <= 7; i++) {
                    rows.add(Item.of("e" + i, 1));
                }
                t.table(items).insertAll(rows);
                return null;
            });
            List<String> seen = new ArrayList<>();
            PageRequest request = PageRequest.first(3);
            while (true) {
                PageRequest current = request;
                Page<Item> page = tx(t -> t.table(items).query(Filter.eq("qty", 1), Sort.desc("qty"), current));
                page.items().forEach(i -> seen.add(i.id()));
                if (!page.hasNext()) {
                    break;
                }
                request = page.next().get();
            }
            assertThat(seen).containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7");
        }

        @Test
        @DisplayName("filter, sort and page combine")
        void combined() {
            seedItems();
            Page<Item> first = tx(t -> t.table(items).query(Filter.eq("active", true), Sort.desc("price"), PageRequest.first(2)));
            assertThat(first.items()).extracting(Item::id).containsExactly("i3", "i1");
            Page<Item> second = tx(t -> t.table(items).query(Filter.eq("active", true), Sort.desc("price"), first.next().get()));
            assertThat(second.items()).extracting(Item::id).containsExactly("i4");
            assertThat(second.hasNext()).isFalse();
        }

        @Test
        @DisplayName("a cursor from another sort, an unknown sort column or a null page are rejected")
        void badPagingArguments() {
            seedItems();
            Page<Item> page = tx(t -> t.table(items).query(Filter.all(), Sort.asc("qty"), PageRequest.first(2)));
            assertThatThrownBy(() -> tx(t -> t.table(items).query(Filter.all(), Sort.asc("price"), page.next().get())))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(items).query(Filter.all(), Sort.asc("nope"), PageRequest.first(2))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(items).query(Filter.all(), Sort.asc("address.nope"), PageRequest.first(2))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(items).query(Filter.all(), Sort.asc("qty"), null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx(t -> t.table(items).query(Filter.all(), Sort.asc("qty"), PageRequest.after("garbage!", 2))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------- audit

    @Nested
    @DisplayName("audit log")
    class Audit {

        @Test
        @DisplayName("insert, update and delete each append an entry with the row after (before, for a delete)")
        void entries() {
            Account inserted = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            tx(t -> t.table(accounts).update(inserted.withBalance(5)));
            tx(t -> t.table(accounts).delete("a1"));
            List<AuditEntry<String>> history = tx(t -> t.table(accounts).history("a1"));
            assertThat(history).extracting(AuditEntry::operation)
                    .containsExactly(AuditEntry.Operation.INSERT, AuditEntry.Operation.UPDATE, AuditEntry.Operation.DELETE);
            assertThat(history).allSatisfy(e -> {
                assertThat(e.table()).isEqualTo(accounts.table());
                assertThat(e.id()).isEqualTo("a1");
                assertThat(e.at()).isNotNull();
            });
            assertThat(((Number) history.get(0).row().get("version")).longValue()).isEqualTo(1);
            assertThat(((Number) history.get(1).row().get("balance")).longValue()).isEqualTo(5);
            assertThat(((Number) history.get(2).row().get("version")).longValue()).isEqualTo(2);
            assertThat(history.get(0).at()).isBeforeOrEqualTo(history.get(2).at());
            var result = tx(t -> t.table(accounts).history("never"));
            assertThat(result).isEmpty();
        }

        @Test
        @DisplayName("entries of a rolled-back transaction vanish with it; the transaction sees its own")
        void rolledBack() {
            Account inserted = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            assertThatThrownBy(() -> store.useTransaction(t -> {
                Table<Account, String> table = t.table(accounts);
                table.update(inserted.withBalance(1));
                table.insert(Account.of("a2", "b@x.io", "t1", "s2"));
                assertThat(table.history("a1")).hasSize(2);
                throw new IllegalStateException("roll back");
            })).hasMessage("roll back");
            var result = tx(t -> t.table(accounts).history("a1"));
            assertThat(result).extracting(AuditEntry::operation)
                    .containsExactly(AuditEntry.Operation.INSERT);
            var result2 = tx(t -> t.table(accounts).history("a2"));
            assertThat(result2).isEmpty();
        }

        @Test
        @DisplayName("history of a table that is not audited throws IllegalStateException")
        void notAudited() {
            assertThatThrownBy(() -> tx(t -> t.table(notes).history("n1"))).isInstanceOf(IllegalStateException.class);
        }
    }

    // ---------------------------------------------------------------- transactions

    @Nested
    @DisplayName("transactions")
    class Transactions {

        @Test
        @DisplayName("a committed transaction returns the callback's result and its writes are visible")
        void commit() {
            String result = tx(t -> {
                t.table(notes).insert(new Note("n1", "a"));
                t.table(notes).insert(new Note("n2", "b"));
                return "done";
            });
            assertThat(result).isEqualTo("done");
            var count = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(count).isEqualTo(2);
        }

        @Test
        @DisplayName("the isolation level defaults to READ_COMMITTED and is reported as requested")
        void isolationLevels() {
            var result = tx(Transaction::isolation);
            assertThat(result).isEqualTo(IsolationLevel.READ_COMMITTED);
            for (IsolationLevel level : IsolationLevel.values()) {
                assertThat(store.inTransaction(level, Transaction::isolation)).isEqualTo(level);
            }
        }

        @Test
        @DisplayName("an unchecked exception rolls everything back and is rethrown unchanged")
        void rollbackUnchecked() {
            Account stored = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            IllegalStateException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> store.useTransaction(t -> {
                t.table(accounts).update(stored.withBalance(100));
                t.table(accounts).insert(Account.of("a2", "b@x.io", "t1", "s2"));
                t.table(notes).insert(new Note("n1", "x"));
                throw boom;
            })).isSameAs(boom);
            assertThat(findAccount("a1")).contains(stored);
            assertThat(findAccount("a2")).isEmpty();
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("a checked exception rolls everything back and is rethrown unchanged")
        void rollbackChecked() {
            IOException failure = new IOException("disk on fire");
            Throwable thrown = catchThrowable(() -> store.inTransaction(t -> {
                t.table(notes).insert(new Note("n1", "x"));
                t.table(notes).delete("n1");
                t.table(notes).insert(new Note("n2", "y"));
                if (failure != null) {
                    throw failure;
                }
                return 1;
            }));
            assertThat(thrown).isSameAs(failure);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("a store error caught by the callback still rolls the transaction back")
        void swallowedErrorAborts() {
            insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            AtomicReference<Throwable> afterFailure = new AtomicReference<>();
            Throwable thrown = catchThrowable(() -> tx(t -> {
                Table<Note, String> table = t.table(notes);
                table.insert(new Note("n1", "written before the failure"));
                try {
                    t.table(accounts).insert(Account.of("a1", "b@x.io", "t1", "s2"));
                } catch (DuplicateKeyException expected) {
                    afterFailure.set(catchThrowable(() -> table.find("n1")));
                }
                return null;
            }));
            assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
            assertThat(afterFailure.get()).isInstanceOf(IllegalStateException.class);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
        }

        @Test
        @DisplayName("a transaction reads its own uncommitted writes")
        void readYourWrites() {
            tx(t -> t.table(notes).insert(new Note("n0", "committed")));
            tx(t -> {
                Table<Note, String> table = t.table(notes);
                table.insert(new Note("n1", "mine"));
                table.delete("n0");
                assertThat(table.find("n1")).contains(new Note("n1", "mine"));
                assertThat(table.find("n0")).isEmpty();
                assertThat(table.query(Filter.all())).containsExactly(new Note("n1", "mine"));
                assertThat(table.count(Filter.eq("name", "mine"))).isEqualTo(1);
                table.update(new Note("n1", "changed"));
                assertThat(table.query(Filter.all(), Sort.asc("name"), PageRequest.first(5)).items())
                        .containsExactly(new Note("n1", "changed"));
                return null;
            });
            var result = tx(t -> t.table(notes).query(Filter.all()));
            assertThat(result).containsExactly(new Note("n1", "changed"));
        }

        @Test
        @DisplayName("another transaction never sees uncommitted writes (no dirty read)")
        void noDirtyRead() throws Exception {
            tx(t -> t.table(notes).insert(new Note("n0", "original")));
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch checked = new CountDownLatch(1);
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<?> writer = executor.submit(() -> store.useTransaction(t -> {
                    Table<Note, String> table = t.table(notes);
                    table.insert(new Note("n1", "uncommitted"));
                    table.update(new Note("n0", "uncommitted"));
                    written.countDown();
                    await(checked);
                }));
                await(written);
                for (IsolationLevel level : IsolationLevel.values()) {
                    store.useTransaction(level, t -> {
                        Table<Note, String> table = t.table(notes);
                        assertThat(table.find("n1")).isEmpty();
                        assertThat(table.find("n0")).contains(new Note("n0", "original"));
                        assertThat(table.count(Filter.all())).isEqualTo(1);
                        assertThat(table.query(Filter.eq("name", "uncommitted"))).isEmpty();
                    });
                }
                checked.countDown();
                get(writer);
            } finally {
                checked.countDown();
                executor.shutdownNow();
            }
            var result = tx(t -> t.table(notes).find("n1"));
            assertThat(result).isPresent();
            var result2 = tx(t -> t.table(notes).find("n0"));
            assertThat(result2).contains(new Note("n0", "uncommitted"));
        }

        @Test
        @DisplayName("READ_COMMITTED sees changes committed between statements, REPEATABLE_READ does not")
        void readCommittedVersusRepeatableRead() throws Exception {
            tx(t -> t.table(notes).insert(new Note("n1", "v1")));
            assertThat(secondRead(IsolationLevel.READ_COMMITTED, "v2")).isEqualTo("v2");
            assertThat(secondRead(IsolationLevel.REPEATABLE_READ, "v3")).isEqualTo("v2");
        }

        /** Reads n1 twice in one transaction while another commits newValue in between; returns the second read. */
        private String secondRead(IsolationLevel level, String newValue) throws Exception {
            CountDownLatch firstRead = new CountDownLatch(1);
            CountDownLatch committed = new CountDownLatch(1);
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<String> reader = executor.submit(() -> store.inTransaction(level, t -> {
                    Table<Note, String> table = t.table(notes);
                    table.find("n1").orElseThrow();
                    firstRead.countDown();
                    await(committed);
                    return table.find("n1").orElseThrow().name();
                }));
                await(firstRead);
                tx(t -> t.table(notes).update(new Note("n1", newValue)));
                committed.countDown();
                return get(reader);
            } finally {
                committed.countDown();
                executor.shutdownNow();
            }
        }

        @Test
        @DisplayName("a nested inTransaction joins the outer transaction and rolls back with it")
        void nestedJoins() {
            RuntimeException boom = new RuntimeException("outer fails");
            assertThatThrownBy(() -> store.useTransaction(outer -> {
                outer.table(notes).insert(new Note("n1", "outer"));
                int seen = store.inTransaction(inner -> {
                    inner.table(notes).insert(new Note("n2", "inner"));
                    return (int) inner.table(notes).count(Filter.all());
                });
                assertThat(seen).isEqualTo(2);
                store.useTransaction(inner -> assertThat(inner.table(notes).find("n2")).isPresent());
                throw boom;
            })).isSameAs(boom);
            var result = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result).isZero();
            tx(outer -> {
                outer.table(notes).insert(new Note("n1", "outer"));
                return store.inTransaction(inner -> inner.table(notes).insert(new Note("n2", "inner")));
            });
            var result2 = tx(t -> t.table(notes).count(Filter.all()));
            assertThat(result2).isEqualTo(2);
        }

        @Test
        @DisplayName("a nested call may not ask for a stricter isolation than the running transaction")
        void nestedStricterIsolation() {
            assertThatThrownBy(() -> store.useTransaction(IsolationLevel.READ_COMMITTED,
                    outer -> store.useTransaction(IsolationLevel.SERIALIZABLE, inner -> { })))
                    .isInstanceOf(IllegalStateException.class);
            store.useTransaction(IsolationLevel.SERIALIZABLE,
                    outer -> store.useTransaction(IsolationLevel.READ_COMMITTED,
                            inner -> assertThat(inner.isolation()).isEqualTo(IsolationLevel.SERIALIZABLE)));
        }

        @Test
        @DisplayName("a write conflicting with a concurrent commit is retried and the callback re-runs on fresh data")
        void conflictRetried() throws Exception {
            tx(t -> t.table(counters).insert(new Counter(1, 0, 0)));
            CountDownLatch firstRead = new CountDownLatch(1);
            CountDownLatch committed = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<Counter> slow = executor.submit(() -> store.inTransaction(IsolationLevel.REPEATABLE_READ, t -> {
                    Table<Counter, Long> table = t.table(counters);
                    Counter c = table.find(1L).orElseThrow();
                    if (attempts.incrementAndGet() == 1) {
                        firstRead.countDown();
                        await(committed);
                    }
                    return table.update(new Counter(1, c.value() + 1, c.version()));
                }));
                await(firstRead);
                tx(t -> {
                    Counter c = t.table(counters).find(1L).orElseThrow();
                    return t.table(counters).update(new Counter(1, c.value() + 10, c.version()));
                });
                committed.countDown();
                assertThat(get(slow).value()).isEqualTo(11);
            } finally {
                committed.countDown();
                executor.shutdownNow();
            }
            assertThat(attempts.get()).isEqualTo(2);
            var result = tx(t -> t.table(counters).find(1L));
            assertThat(result).contains(new Counter(1, 11, 3));
        }

        @Test
        @DisplayName("two transactions updating the same versioned row: one wins, the other is retried or fails with OptimisticLockException")
        void concurrentVersionedUpdates() throws Exception {
            Account stored = insertAccount(Account.of("a1", "a@x.io", "t1", "s1"));
            CountDownLatch firstRead = new CountDownLatch(1);
            CountDownLatch committed = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            Throwable loserFailure;
            try {
                Future<Account> loser = executor.submit(() -> store.inTransaction(t -> {
                    Table<Account, String> table = t.table(accounts);
                    Account a = table.find("a1").orElseThrow();
                    if (attempts.incrementAndGet() == 1) {
                        firstRead.countDown();
                        await(committed);
                    }
                    return table.update(a.withBalance(a.balance() + 1));
                }));
                await(firstRead);
                tx(t -> t.table(accounts).update(stored.withBalance(stored.balance() + 10)));
                committed.countDown();
                loserFailure = catchThrowable(() -> get(loser));
            } finally {
                committed.countDown();
                executor.shutdownNow();
            }
            Account end = findAccount("a1").orElseThrow();
            if (loserFailure == null) {
                assertThat(attempts.get()).as("the losing transaction was re-run").isGreaterThan(1);
                assertThat(end.balance()).isEqualTo(11);
                assertThat(end.version()).isEqualTo(3);
            } else {
                assertThat(loserFailure).isInstanceOf(OptimisticLockException.class);
                assertThat(end.balance()).isEqualTo(10);
                assertThat(end.version()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("SERIALIZABLE prevents write skew between two transactions")
        void serializablePreventsWriteSkew() throws Exception {
            // Invariant: at least one account keeps a positive balance; each transaction zeroes one
            // account only if it sees two positive ones.
            tx(t -> {
                t.table(accounts).insert(Account.of("d1", "d1@x.io", "t", "d1").withBalance(1));
                return t.table(accounts).insert(Account.of("d2", "d2@x.io", "t", "d2").withBalance(1));
            });
            CountDownLatch firstRead = new CountDownLatch(1);
            CountDownLatch committed = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            Throwable slowFailure;
            try {
                Future<?> slow = executor.submit(() -> store.useTransaction(IsolationLevel.SERIALIZABLE, t -> {
                    Table<Account, String> table = t.table(accounts);
                    long positive = table.count(Filter.gt("balance", 0));
                    if (attempts.incrementAndGet() == 1) {
                        firstRead.countDown();
                        await(committed);
                    }
                    if (positive == 2) {
                        Account d1 = table.find("d1").orElseThrow();
                        table.update(d1.withBalance(0));
                    }
                }));
                await(firstRead);
                store.useTransaction(IsolationLevel.SERIALIZABLE, t -> {
                    Table<Account, String> table = t.table(accounts);
                    if (table.count(Filter.gt("balance", 0)) == 2) {
                        Account d2 = table.find("d2").orElseThrow();
                        table.update(d2.withBalance(0));
                    }
                });
                committed.countDown();
                slowFailure = catchThrowable(() -> get(slow));
            } finally {
                committed.countDown();
                executor.shutdownNow();
            }
            var result = tx(t -> t.table(accounts).count(Filter.gt("balance", 0)));
            assertThat(result).isEqualTo(1);
            if (slowFailure != null) {
                assertThat(slowFailure).isInstanceOf(TransactionConflictException.class);
            } else {
                assertThat(attempts.get()).as("the conflicting transaction was re-run").isGreaterThan(1);
            }
        }

        @Test
        @DisplayName("16 threads x 500 transactional read-modify-write increments lose nothing")
        void concurrentIncrements() throws Exception {
            int threads = 16;
            int increments = 500;
            tx(t -> t.table(counters).insert(new Counter(1, 0, 0)));
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            AtomicInteger gaveUp = new AtomicInteger();
            try {
                List<Future<?>> futures = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int i = 0; i < threads; i++) {
                    futures.add(executor.submit(() -> {
                        await(start);
                        int done = 0;
                        while (done < increments) {
                            try {
                                store.useTransaction(IsolationLevel.REPEATABLE_READ, t -> {
                                    Table<Counter, Long> table = t.table(counters);
                                    Counter c = table.find(1L).orElseThrow();
                                    table.update(new Counter(1, c.value() + 1, c.version()));
                                });
                                done++;
                            } catch (TransactionConflictException | OptimisticLockException e) {
                                // Retries used up under heavy contention: nothing was written, try again.
                                gaveUp.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    get(f);
                }
            } finally {
                executor.shutdownNow();
            }
            Counter end = tx(t -> t.table(counters).find(1L)).orElseThrow();
            assertThat(end.value()).isEqualTo((long) threads * increments);
            assertThat(end.version()).isEqualTo(threads * increments + 1);
        }
    }

    // ---------------------------------------------------------------- exception translation

    @Nested
    @DisplayName("exception translation")
    class ExceptionTranslation {

        @Test
        @DisplayName("an unreachable backend surfaces as a PolyglotException with the driver's exception as cause")
        void unavailable() {
            try (TransactionalStore down = createUnavailableStore()) {
                assertThatThrownBy(() -> down.createTables(notes))
                        .isInstanceOf(PolyglotException.class)
                        .satisfies(e -> assertThat(e.getCause()).isNotNull());
                assertThatThrownBy(() -> down.useTransaction(t -> t.table(notes).find("n1")))
                        .isInstanceOf(PolyglotException.class)
                        .satisfies(e -> assertThat(e.getCause()).isNotNull());
                assertThatThrownBy(() -> down.validateSchema(notes))
                        .isInstanceOf(PolyglotException.class)
                        .satisfies(e -> assertThat(e.getCause()).isNotNull());
            }
        }
    }
}
