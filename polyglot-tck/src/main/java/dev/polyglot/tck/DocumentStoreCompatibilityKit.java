package dev.polyglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.document.Upcaster;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.tck.DocumentKitTypes.Address;
import dev.polyglot.tck.DocumentKitTypes.Counter;
import dev.polyglot.tck.DocumentKitTypes.CustomerV1;
import dev.polyglot.tck.DocumentKitTypes.CustomerV2;
import dev.polyglot.tck.DocumentKitTypes.CustomerV3;
import dev.polyglot.tck.DocumentKitTypes.Item;
import dev.polyglot.tck.DocumentKitTypes.Line;
import dev.polyglot.tck.DocumentKitTypes.Order;
import dev.polyglot.tck.DocumentKitTypes.Session;
import dev.polyglot.tck.DocumentKitTypes.Status;
import dev.polyglot.tck.DocumentKitTypes.User;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit of the Document port: every {@link DocumentStore} adapter must pass all of
 * it, unchanged.
 *
 * <p>Subclass it, create a fresh store in {@link #createStore()} and a store whose backend cannot
 * be reached in {@link #createUnavailableStore()}; override {@link #advanceTime(Duration)} when the
 * store takes a controllable clock. Every test uses its own randomly named collections, so tests
 * may share one server.
 *
 * <pre>{@code
 * class MyDocumentStoreCompatibilityTest extends DocumentStoreCompatibilityKit {
 *     @Override
 *     protected DocumentStore createStore() {
 *         return MyDocumentStore.connect(SharedServer.uri());
 *     }
 *
 *     @Override
 *     protected DocumentStore createUnavailableStore() {
 *         return MyDocumentStore.connect("mydb://127.0.0.1:1");
 *     }
 * }
 * }</pre>
 */
public abstract class DocumentStoreCompatibilityKit {

    /** The store under test, created before and closed after each test. */
    protected DocumentStore store;

    /** Creates the kit. */
    protected DocumentStoreCompatibilityKit() {
    }

    /**
     * Creates a store for one test; the kit closes it after the test.
     *
     * @return a fresh store
     */
    protected abstract DocumentStore createStore();

    /**
     * Creates a store whose backend cannot be reached (a closed port, a stopped server); the kit
     * closes it after the test.
     *
     * @return the unreachable store
     */
    protected abstract DocumentStore createUnavailableStore();

    /**
     * Lets time pass for TTL indexes; the default sleeps for real, so stores on a real server work.
     * Stores with an injected clock override it to move their clock instead.
     *
     * @param duration how much time passes
     */
    protected void advanceTime(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for time to pass", e);
        }
    }

    /**
     * Returns the current time as the store's TTL indexes see it; the default is the system clock.
     * Stores with an injected clock override it (and {@link #advanceTime(Duration)}) to read that
     * clock.
     *
     * @return the store's current time
     */
    protected Instant now() {
        return Instant.now();
    }

    /** The store's time at millisecond precision, the precision every store keeps (BSON dates have no more). */
    private Instant nowMillis() {
        return now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Returns a collection name no other test uses.
     *
     * @return a unique name
     */
    protected static String uniqueName() {
        return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
    }

    private DocumentCollection<Map<String, @Nullable Object>> raw() {
        return store.collection(uniqueName());
    }

    private <T> DocumentCollection<T> typed(Class<T> type) {
        return store.collection(uniqueName(), type);
    }

    /** Builds a document from key/value pairs, keeping order and nulls. */
    private static Map<String, @Nullable Object> doc(@Nullable Object... keyValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Lists that may hold null (List.of cannot). */
    private static List<@Nullable Object> list(@Nullable Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }

    private static void assertModelEquals(@Nullable Object actual, @Nullable Object expected) {
        assertThat(DocumentValues.valueEquals(actual, expected))
                .as("expected %s but was %s", describe(expected), describe(actual))
                .isTrue();
    }

    private static String describe(@Nullable Object value) {
        if (value instanceof byte[] bytes) {
            return java.util.Arrays.toString(bytes);
        }
        return String.valueOf(value);
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }

    private static Item item(String name, int count, String... tags) {
        return new Item(name, count, List.of(tags));
    }

    private static List<String> scanIds(DocumentCollection<?> collection) {
        try (Stream<? extends StoredDocument<?>> stream = collection.scan()) {
            return stream.map(StoredDocument::id).collect(Collectors.toList());
        }
    }

    /** Runs tasks on {@code threads} threads started together and returns their results. */
    private static <R> List<R> runConcurrently(int threads, Callable<R> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- basic operations

    @Nested
    @DisplayName("Basic operations")
    class BasicOperations {

        @Test
        @DisplayName("insert generates a distinct id and get returns an equal document")
        void insertGeneratesIds() {
            DocumentCollection<Item> items = typed(Item.class);
            String a = items.insert(item("a", 1, "x"));
            String b = items.insert(item("b", 2));
            assertThat(a).isNotBlank().isNotEqualTo(b);
            assertThat(items.get(a)).contains(item("a", 1, "x"));
            assertThat(items.get(b)).contains(item("b", 2));
        }

        @Test
        @DisplayName("insert with an id stores revision 1")
        void insertWithId() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("i1", item("a", 1));
            StoredDocument<Item> stored = items.getDocument("i1").orElseThrow();
            assertThat(stored.id()).isEqualTo("i1");
            assertThat(stored.revision()).isEqualTo(1);
            assertThat(stored.value()).isEqualTo(item("a", 1));
        }

        @Test
        @DisplayName("insert of an existing id fails with DuplicateKeyException and keeps the original")
        void insertDuplicateId() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("i1", item("a", 1));
            assertThatThrownBy(() -> items.insert("i1", item("b", 2))).isInstanceOf(DuplicateKeyException.class);
            assertThat(items.getDocument("i1").orElseThrow()).isEqualTo(new StoredDocument<>("i1", 1, item("a", 1)));
            assertThat(items.count(Filter.all())).isEqualTo(1);
        }

        @Test
        @DisplayName("put creates at revision 1 and each replacement increases the revision by 1")
        void putCreatesAndReplaces() {
            DocumentCollection<Item> items = typed(Item.class);
            assertThat(items.put("p", item("a", 1))).isEqualTo(1);
            assertThat(items.put("p", item("b", 2))).isEqualTo(2);
            assertThat(items.put("p", item("c", 3))).isEqualTo(3);
            assertThat(items.getDocument("p").orElseThrow()).isEqualTo(new StoredDocument<>("p", 3, item("c", 3)));
        }

        @Test
        @DisplayName("get and getDocument of a missing id return empty")
        void getMissing() {
            DocumentCollection<Item> items = typed(Item.class);
            assertThat(items.get("nope")).isEmpty();
            assertThat(items.getDocument("nope")).isEmpty();
        }

        @Test
        @DisplayName("delete removes the document and tells whether there was one")
        void delete() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("d", item("a", 1));
            assertThat(items.delete("d")).isTrue();
            assertThat(items.get("d")).isEmpty();
            assertThat(items.delete("d")).isFalse();
            assertThat(items.delete("never")).isFalse();
            assertThat(items.count(Filter.all())).isZero();
        }

        @Test
        @DisplayName("a document created again after delete starts at revision 1")
        void revisionRestartsAfterDelete() {
            DocumentCollection<Item> items = typed(Item.class);
            items.put("d", item("a", 1));
            items.put("d", item("a", 2));
            items.delete("d");
            assertThat(items.put("d", item("a", 3))).isEqualTo(1);
        }

        @Test
        @DisplayName("the id is not stored as a field of the document")
        void idIsNotAField() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("the-id", doc("a", 1));
            Map<String, @Nullable Object> read = docs.get("the-id").orElseThrow();
            assertThat(read).containsOnlyKeys("a");
        }

        @Test
        @DisplayName("stored documents do not alias the caller's objects")
        void noAliasing() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            List<@Nullable Object> tags = list("x");
            Map<String, @Nullable Object> nested = doc("n", 1);
            byte[] bytes = {1, 2, 3};
            Map<String, @Nullable Object> original = doc("tags", tags, "nested", nested, "bytes", bytes);
            docs.insert("a", original);
            tags.add("y");
            nested.put("n", 2);
            bytes[0] = 9;
            Map<String, @Nullable Object> read = docs.get("a").orElseThrow();
            assertModelEquals(read, doc("tags", list("x"), "nested", doc("n", 1), "bytes", new byte[] {1, 2, 3}));
            read.put("extra", true);
            @SuppressWarnings("unchecked")
            List<Object> readTags = (List<Object>) read.get("tags");
            readTags.add("z");
            assertModelEquals(docs.get("a").orElseThrow(),
                    doc("tags", list("x"), "nested", doc("n", 1), "bytes", new byte[] {1, 2, 3}));
        }

        @Test
        @DisplayName("unusual ids round-trip literally")
        void unusualIds() {
            DocumentCollection<Item> items = typed(Item.class);
            List<String> ids = List.of("with space", "ünïcödé", "quote'\"", "slash/back\\slash", "$dollar", "dot.ted",
                    "{\"$ne\": null}", "'; DROP TABLE x; --", "\uD83D\uDE00", "x".repeat(512));
            for (String id : ids) {
                items.insert(id, item(id.length() > 20 ? "long" : id, 1));
            }
            for (String id : ids) {
                assertThat(items.get(id)).as(id).contains(item(id.length() > 20 ? "long" : id, 1));
            }
            assertThat(scanIds(items)).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        @DisplayName("count counts the documents matching a filter")
        void count() {
            DocumentCollection<Item> items = typed(Item.class);
            assertThat(items.count(Filter.all())).isZero();
            items.insert(item("a", 1));
            items.insert(item("b", 2));
            items.insert(item("c", 3));
            assertThat(items.count(Filter.all())).isEqualTo(3);
            assertThat(items.count(Filter.gte("count", 2))).isEqualTo(2);
        }

        @Test
        @DisplayName("handles of one collection share documents, whatever their type")
        void handlesShareDocuments() {
            String name = uniqueName();
            DocumentCollection<Item> typedHandle = store.collection(name, Item.class);
            DocumentCollection<Map<String, @Nullable Object>> rawHandle = store.collection(name);
            typedHandle.insert("a", item("a", 1, "t"));
            assertModelEquals(rawHandle.get("a").orElseThrow(), doc("name", "a", "count", 1, "tags", list("t")));
            rawHandle.put("b", doc("name", "b", "count", 2, "tags", list()));
            assertThat(typedHandle.get("b")).contains(item("b", 2));
            assertThat(store.collection(name, Codec.of(Item.class)).count(Filter.all())).isEqualTo(2);
            assertThat(typedHandle.name()).isEqualTo(name);
        }

        @Test
        @DisplayName("collections with different names are independent")
        void collectionsAreIndependent() {
            DocumentCollection<Item> one = typed(Item.class);
            DocumentCollection<Item> two = typed(Item.class);
            one.insert("a", item("a", 1));
            assertThat(two.get("a")).isEmpty();
            two.insert("a", item("b", 2));
            assertThat(one.get("a")).contains(item("a", 1));
        }

        @Test
        @DisplayName("dropCollection deletes every document and tells whether the collection existed")
        void dropCollection() {
            String name = uniqueName();
            DocumentCollection<Item> items = store.collection(name, Item.class);
            items.insert("a", item("a", 1));
            items.insert("b", item("b", 2));
            assertThat(store.dropCollection(name)).isTrue();
            assertThat(store.collection(name, Item.class).count(Filter.all())).isZero();
            assertThat(store.collection(name, Item.class).get("a")).isEmpty();
            assertThat(store.dropCollection(name)).isFalse();
            assertThat(store.dropCollection(uniqueName())).isFalse();
        }

        @Test
        @DisplayName("dropCollection also drops the collection's indexes")
        void dropCollectionDropsIndexes() {
            String name = uniqueName();
            DocumentCollection<User> users = store.collection(name, User.class);
            users.createIndex(IndexSpec.on("email").unique());
            users.insert(new User("a", "a@example.com"));
            assertThat(store.dropCollection(name)).isTrue();
            DocumentCollection<User> again = store.collection(name, User.class);
            again.insert(new User("a", "a@example.com"));
            again.insert(new User("b", "a@example.com"));
            assertThat(again.count(Filter.eq("email", "a@example.com"))).isEqualTo(2);
        }

        @Test
        @DisplayName("every operation after close throws IllegalStateException")
        void closed() {
            DocumentStore other = createStore();
            DocumentCollection<Item> items = other.collection(uniqueName(), Item.class);
            other.close();
            assertThatThrownBy(() -> items.insert(item("a", 1))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> items.get("a")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> items.find(Filter.all())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> items.update("a", Update.builder().inc("count", 1).build()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> other.collection(uniqueName(), Item.class)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> other.dropCollection(uniqueName())).isInstanceOf(IllegalStateException.class);
            assertThatCode(other::close).as("closing twice is allowed").doesNotThrowAnyException();
        }

        @Test
        @DisplayName("unwrap of a type the store does not have fails with IllegalArgumentException")
        void unwrapUnknown() {
            assertInvalid(() -> store.unwrap(Thread.class));
        }
    }

    // ---------------------------------------------------------------- validation

    @Nested
    @DisplayName("Invalid input")
    class InvalidInput {

        @Test
        @DisplayName("null, blank, too long and NUL ids are rejected by every operation")
        void badIds() {
            DocumentCollection<Item> items = typed(Item.class);
            Update inc = Update.builder().inc("count", 1).build();
            List<@Nullable String> bad = new ArrayList<>(java.util.Arrays.asList(null, "", "   ", "\t", "a\0b", "x".repeat(513)));
            for (String id : bad) {
                assertInvalid(() -> items.insert(id, item("a", 1)));
                assertInvalid(() -> items.put(id, item("a", 1)));
                assertInvalid(() -> items.put(id, item("a", 1), 1));
                assertInvalid(() -> items.get(id));
                assertInvalid(() -> items.getDocument(id));
                assertInvalid(() -> items.delete(id));
                assertInvalid(() -> items.update(id, inc));
                assertInvalid(() -> items.update(id, inc, 1));
            }
            assertThat(items.count(Filter.all())).isZero();
        }

        @Test
        @DisplayName("null documents are rejected")
        void nullDocuments() {
            DocumentCollection<Item> items = typed(Item.class);
            assertInvalid(() -> items.insert(null));
            assertInvalid(() -> items.insert("a", null));
            assertInvalid(() -> items.put("a", null));
            assertInvalid(() -> items.put("a", null, 1));
            assertThat(items.count(Filter.all())).isZero();
        }

        @Test
        @DisplayName("a top-level _id field is reserved and nothing is written")
        void reservedIdField() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            assertInvalid(() -> docs.insert(doc("_id", "x", "a", 1)));
            assertInvalid(() -> docs.insert("a", doc("_id", "a")));
            assertInvalid(() -> docs.put("a", doc("_id", null)));
            docs.put("b", doc("a", 1));
            assertInvalid(() -> docs.put("b", doc("_id", "b"), 1));
            assertThat(docs.count(Filter.all())).isEqualTo(1);
            assertThat(docs.getDocument("b").orElseThrow().revision()).isEqualTo(1);
        }

        @Test
        @DisplayName("a nested _id field is an ordinary field")
        void nestedIdField() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("a", doc("ref", doc("_id", "other")));
            assertModelEquals(docs.get("a").orElseThrow(), doc("ref", doc("_id", "other")));
            assertThat(docs.count(Filter.eq("ref._id", "other"))).isEqualTo(1);
        }

        @Test
        @DisplayName("keys with a dot, a leading $, a NUL or no characters are rejected at any depth and nothing is written")
        void invalidKeys() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            List<String> badKeys = List.of("a.b", "$set", "", "nul\0key", ".", "$");
            for (String key : badKeys) {
                assertInvalid(() -> docs.insert("top", doc(key, 1)));
                assertInvalid(() -> docs.put("nested", doc("ok", doc(key, 1))));
                assertInvalid(() -> docs.put("inList", doc("ok", list(doc("fine", 1), doc(key, 1)))));
                assertInvalid(() -> docs.insert(doc("ok", list(list(doc(key, 1))))));
            }
            assertThat(docs.count(Filter.all())).isZero();
            Map<String, @Nullable Object> fine = doc("a-b", 1, "a$", 2, "key with space", 3, "ünï", 4, "_idx", 5);
            docs.insert("fine", fine);
            assertModelEquals(docs.get("fine").orElseThrow(), fine);
        }

        @Test
        @DisplayName("collection names must be identifiers")
        void badCollectionNames() {
            for (String name : java.util.Arrays.asList(null, "", "1abc", "a-b", "a.b", "a b", "$x", "ä", "x".repeat(64))) {
                assertInvalid(() -> store.collection(name, Item.class));
                assertInvalid(() -> store.collection(name));
                assertInvalid(() -> store.dropCollection(name));
            }
            assertThatCode(() -> store.collection("a_B9" + "x".repeat(59), Item.class)).doesNotThrowAnyException();
        }

        @Test
        @DisplayName("null types, codecs and options are rejected")
        void nullArguments() {
            assertInvalid(() -> store.collection(uniqueName(), (Class<Item>) null));
            assertInvalid(() -> store.collection(uniqueName(), (Codec<Item>) null));
            assertInvalid(() -> store.collection(uniqueName(), Item.class, null));
            assertInvalid(() -> store.collection(uniqueName(), Codec.of(Item.class), null));
            DocumentCollection<Item> items = typed(Item.class);
            assertInvalid(() -> items.find(null));
            assertInvalid(() -> items.count(null));
            assertInvalid(() -> items.find(null, Sort.unsorted(), PageRequest.first(1)));
            assertInvalid(() -> items.find(Filter.all(), null, PageRequest.first(1)));
            assertInvalid(() -> items.find(Filter.all(), Sort.unsorted(), null));
            assertInvalid(() -> items.update("a", null));
            assertInvalid(() -> items.update("a", null, 1));
            assertInvalid(() -> items.createIndex(null));
        }

        @Test
        @DisplayName("filters, sorts, updates and indexes may not name the reserved _id field")
        void reservedPaths() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            assertInvalid(() -> items.find(Filter.eq("_id", "a")));
            assertInvalid(() -> items.count(Filter.and(Filter.gte("count", 0), Filter.not(Filter.exists("_id.x", true)))));
            assertInvalid(() -> items.find(Filter.all(), Sort.asc("_id"), PageRequest.first(1)));
            assertInvalid(() -> items.update("a", Update.builder().set("_id", "b").build()));
            assertInvalid(() -> items.createIndex(IndexSpec.on("_id")));
            assertThat(items.getDocument("a").orElseThrow().revision()).isEqualTo(1);
        }

        @Test
        @DisplayName("malformed filters are rejected when built")
        void badFilters() {
            assertInvalid(() -> Filter.eq(null, 1));
            assertInvalid(() -> Filter.eq("", 1));
            assertInvalid(() -> Filter.eq("a..b", 1));
            assertInvalid(() -> Filter.eq(".a", 1));
            assertInvalid(() -> Filter.eq("a.", 1));
            assertInvalid(() -> Filter.eq("$where", 1));
            assertInvalid(() -> Filter.eq("a.$gt", 1));
            assertInvalid(() -> Filter.eq("a\0b", 1));
            assertInvalid(() -> Filter.gt("a", null));
            assertInvalid(() -> Filter.lte("a", null));
            assertInvalid(() -> Filter.eq("a", Map.of("$ne", 1)));
            assertInvalid(() -> Filter.eq("a", List.of(1)));
            assertInvalid(() -> Filter.in("a", List.of(List.of(1))));
            assertInvalid(() -> Filter.containsAll("a", List.of()));
            assertInvalid(() -> Filter.startsWith("a", null));
            assertInvalid(() -> Filter.eq("a", new Object()));
            assertInvalid(() -> Filter.eq("a", Double.NaN));
        }

        @Test
        @DisplayName("malformed updates and page requests are rejected when built")
        void badUpdatesAndPages() {
            assertInvalid(() -> Update.builder().build());
            assertInvalid(() -> Update.builder().set("a.$b", 1).build());
            assertInvalid(() -> Update.builder().set("a", 1).inc("a", 1).build());
            assertInvalid(() -> Update.builder().set("a", 1).unset("a.b").build());
            assertInvalid(() -> Update.builder().inc("a", null).build());
            assertInvalid(() -> Update.builder().set("a", Map.of("b.c", 1)).build());
            assertInvalid(() -> PageRequest.first(0));
            assertInvalid(() -> PageRequest.first(PageRequest.MAX_SIZE + 1));
            assertInvalid(() -> PageRequest.atOffset(-1, 10));
            assertInvalid(() -> PageRequest.after(" ", 10));
            assertInvalid(() -> Sort.asc("a").thenDesc("a"));
        }

        @Test
        @DisplayName("expected revisions below 1 are rejected")
        void badRevisions() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            assertInvalid(() -> items.put("a", item("b", 2), 0));
            assertInvalid(() -> items.put("a", item("b", 2), -1));
            assertInvalid(() -> items.update("a", Update.builder().inc("count", 1).build(), 0));
            assertThat(items.getDocument("a").orElseThrow()).isEqualTo(new StoredDocument<>("a", 1, item("a", 1)));
        }

        @Test
        @DisplayName("a type that does not encode as a document is rejected")
        void wrongTypeOnWrite() {
            DocumentCollection<String> strings = typed(String.class);
            assertInvalid(() -> strings.insert("just a string"));
            DocumentCollection<Integer> numbers = typed(Integer.class);
            assertInvalid(() -> numbers.put("a", 42));
            assertThat(strings.count(Filter.all())).isZero();
        }

        @Test
        @DisplayName("a stored document that does not fit the type fails to decode with IllegalArgumentException")
        void wrongTypeOnRead() {
            String name = uniqueName();
            store.collection(name).insert("a", doc("value", "not a number"));
            DocumentCollection<Counter> counters = store.collection(name, Counter.class);
            assertInvalid(() -> counters.get("a"));
        }

        @Test
        @DisplayName("values outside the document model are rejected")
        void valuesOutsideModel() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            assertInvalid(() -> docs.insert(doc("thread", new Object())));
            assertInvalid(() -> docs.insert(doc("nan", Double.NaN)));
            assertInvalid(() -> docs.insert(doc("inf", Double.POSITIVE_INFINITY)));
            assertThat(docs.count(Filter.all())).isZero();
        }
    }

    // ---------------------------------------------------------------- filters

    /** The fixture every filter test runs against; each document's "k" is its id. */
    private DocumentCollection<Map<String, @Nullable Object>> filterFixture() {
        DocumentCollection<Map<String, @Nullable Object>> docs = raw();
        docs.insert("d1", doc("k", "d1", "n", 1, "s", "apple", "b", true, "tags", list("red", "blue"),
                "addr", doc("city", "Oslo", "zip", "0150"),
                "items", list(doc("sku", "A", "qty", 2), doc("sku", "B", "qty", 5)),
                "t", Instant.parse("2026-01-01T00:00:00Z"), "u", FIXTURE_UUID, "price", new BigDecimal("1.50")));
        docs.insert("d2", doc("k", "d2", "n", 2L, "s", "banana", "b", false, "tags", list("green"),
                "addr", doc("city", "Bergen"), "items", list(doc("sku", "C", "qty", 1)), "opt", null,
                "bin", new byte[] {1, 2, 3}));
        docs.insert("d3", doc("k", "d3", "n", 3.5, "s", "Apricot", "tags", list(), "addr", null,
                "t", Instant.parse("2026-06-01T00:00:00Z"), "price", new BigDecimal("2")));
        docs.insert("d4", doc("k", "d4", "n", new BigDecimal("10.25"), "s", "7", "tags", "red",
                "items", list(doc("sku", "A", "qty", 9))));
        docs.insert("d5", doc("k", "d5", "n", "7", "s", "cherry", "tags", list("RED")));
        docs.insert("d6", doc("k", "d6"));
        docs.insert("d7", doc("k", "d7", "n", 1.0, "s", "apple pie", "b", true, "deep", doc("a", doc("b", doc("c", "x")))));
        return docs;
    }

    private static final UUID FIXTURE_UUID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private static List<String> keys(DocumentCollection<Map<String, @Nullable Object>> docs, Filter filter) {
        List<String> viaFind = docs.find(filter).stream().map(d -> (String) d.get("k")).collect(Collectors.toList());
        assertThat(docs.count(filter)).as("count agrees with find for %s", filter).isEqualTo(viaFind.size());
        return viaFind;
    }

    @Nested
    @DisplayName("Filters")
    class Filters {
        private DocumentCollection<Map<String, @Nullable Object>> docs;

        @BeforeEach
        void fixture() {
            docs = filterFixture();
        }

        @Test
        @DisplayName("eq compares numbers by value across int, long, double and BigDecimal")
        void eqNumbers() {
            assertThat(keys(docs, Filter.eq("n", 1))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.eq("n", 1L))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.eq("n", 1.0))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.eq("n", new BigDecimal("1.000")))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.eq("n", 2))).containsExactly("d2");
            assertThat(keys(docs, Filter.eq("n", 10.25))).containsExactly("d4");
            assertThat(keys(docs, Filter.eq("price", 1.5))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("price", 2))).containsExactly("d3");
        }

        @Test
        @DisplayName("eq never matches across type families")
        void eqCrossType() {
            assertThat(keys(docs, Filter.eq("n", 7))).isEmpty();
            assertThat(keys(docs, Filter.eq("n", "7"))).containsExactly("d5");
            assertThat(keys(docs, Filter.eq("s", 7))).isEmpty();
            assertThat(keys(docs, Filter.eq("b", 1))).isEmpty();
            assertThat(keys(docs, Filter.eq("b", "true"))).isEmpty();
            assertThat(keys(docs, Filter.eq("b", true))).containsExactly("d1", "d7");
        }

        @Test
        @DisplayName("eq matches strings exactly, instants, UUIDs and binary by value")
        void eqOtherTypes() {
            assertThat(keys(docs, Filter.eq("s", "apple"))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("s", "Apple"))).isEmpty();
            assertThat(keys(docs, Filter.eq("t", Instant.parse("2026-01-01T00:00:00Z")))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("u", FIXTURE_UUID))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("u", FIXTURE_UUID.toString()))).isEmpty();
            assertThat(keys(docs, Filter.eq("bin", new byte[] {1, 2, 3}))).containsExactly("d2");
            assertThat(keys(docs, Filter.eq("bin", new byte[] {1, 2}))).isEmpty();
        }

        @Test
        @DisplayName("eq null matches null and missing fields")
        void eqNull() {
            assertThat(keys(docs, Filter.eq("addr", null))).containsExactly("d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.eq("opt", null))).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.eq("addr.city", null))).containsExactly("d3", "d4", "d5", "d6", "d7");
        }

        @Test
        @DisplayName("ne is the negation of eq and matches missing fields")
        void ne() {
            assertThat(keys(docs, Filter.ne("n", 1))).containsExactly("d2", "d3", "d4", "d5", "d6");
            assertThat(keys(docs, Filter.ne("s", "apple"))).containsExactly("d2", "d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.ne("addr", null))).containsExactly("d1", "d2");
            assertThat(keys(docs, Filter.ne("tags", "red"))).containsExactly("d2", "d3", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.ne("addr.city", "Oslo"))).containsExactly("d2", "d3", "d4", "d5", "d6", "d7");
        }

        @Test
        @DisplayName("gt, gte, lt and lte compare numbers by value and skip other types and missing fields")
        void comparisonsOnNumbers() {
            assertThat(keys(docs, Filter.gt("n", 1))).containsExactly("d2", "d3", "d4");
            assertThat(keys(docs, Filter.gte("n", 1))).containsExactly("d1", "d2", "d3", "d4", "d7");
            assertThat(keys(docs, Filter.lt("n", 2))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.lte("n", 3.5))).containsExactly("d1", "d2", "d3", "d7");
            assertThat(keys(docs, Filter.lt("n", new BigDecimal("3.5")))).containsExactly("d1", "d2", "d7");
            assertThat(keys(docs, Filter.gt("n", 1.5))).containsExactly("d2", "d3", "d4");
            assertThat(keys(docs, Filter.gt("n", new BigDecimal("3.49")))).containsExactly("d3", "d4");
            assertThat(keys(docs, Filter.gte("n", 2L))).containsExactly("d2", "d3", "d4");
            assertThat(keys(docs, Filter.lt("n", 100))).containsExactly("d1", "d2", "d3", "d4", "d7");
            assertThat(keys(docs, Filter.gt("price", 1))).containsExactly("d1", "d3");
        }

        @Test
        @DisplayName("gt 5 does not match the string \"7\": comparisons never cross type families")
        void comparisonsCrossType() {
            assertThat(keys(docs, Filter.gt("n", 5))).containsExactly("d4");
            assertThat(keys(docs, Filter.gt("n", "0"))).containsExactly("d5");
            assertThat(keys(docs, Filter.lt("s", 1000))).isEmpty();
            assertThat(keys(docs, Filter.gte("t", "2000"))).isEmpty();
            assertThat(keys(docs, Filter.gt("b", 0))).isEmpty();
        }

        @Test
        @DisplayName("comparisons on strings use code point order, on instants time order, on booleans false before true")
        void comparisonsOnOtherTypes() {
            assertThat(keys(docs, Filter.gt("s", "b"))).containsExactly("d2", "d5");
            assertThat(keys(docs, Filter.lt("s", "a"))).containsExactly("d3", "d4");
            assertThat(keys(docs, Filter.gte("s", "apple"))).containsExactly("d1", "d2", "d5", "d7");
            assertThat(keys(docs, Filter.gt("t", Instant.parse("2026-03-01T00:00:00Z")))).containsExactly("d3");
            assertThat(keys(docs, Filter.lte("t", Instant.parse("2026-01-01T00:00:00Z")))).containsExactly("d1");
            assertThat(keys(docs, Filter.gt("b", false))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.lt("b", true))).containsExactly("d2");
        }

        @Test
        @DisplayName("in matches any listed value and nin its negation, including missing fields")
        void inAndNin() {
            assertThat(keys(docs, Filter.in("n", 2, "7"))).containsExactly("d2", "d5");
            assertThat(keys(docs, Filter.in("n", List.of(1.0, new BigDecimal("10.25"))))).containsExactly("d1", "d4", "d7");
            assertThat(keys(docs, Filter.in("s", List.of()))).isEmpty();
            assertThat(keys(docs, Filter.in("addr.city", "Oslo", null))).containsExactly("d1", "d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.in("tags", "green", "blue"))).containsExactly("d1", "d2");
            assertThat(keys(docs, Filter.nin("n", 1, 2))).containsExactly("d3", "d4", "d5", "d6");
            assertThat(keys(docs, Filter.nin("s", List.of()))).hasSize(7);
            assertThat(keys(docs, Filter.nin("addr", (Object) null))).containsExactly("d1", "d2");
        }

        @Test
        @DisplayName("exists matches present fields, including fields holding null")
        void exists() {
            assertThat(keys(docs, Filter.exists("addr", true))).containsExactly("d1", "d2", "d3");
            assertThat(keys(docs, Filter.exists("addr", false))).containsExactly("d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.exists("opt", true))).containsExactly("d2");
            assertThat(keys(docs, Filter.exists("addr.zip", true))).containsExactly("d1");
            assertThat(keys(docs, Filter.exists("items.qty", true))).containsExactly("d1", "d2", "d4");
            assertThat(keys(docs, Filter.exists("nothing", true))).isEmpty();
        }

        @Test
        @DisplayName("dotted paths reach nested fields at any depth")
        void nestedPaths() {
            assertThat(keys(docs, Filter.eq("addr.city", "Oslo"))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("deep.a.b.c", "x"))).containsExactly("d7");
            assertThat(keys(docs, Filter.exists("deep.a.b", true))).containsExactly("d7");
            assertThat(keys(docs, Filter.eq("s.length", 5))).isEmpty();
            assertThat(keys(docs, Filter.gt("addr.zip", "0"))).containsExactly("d1");
        }

        @Test
        @DisplayName("eq on an array field matches when any element matches")
        void arrayAnyElement() {
            assertThat(keys(docs, Filter.eq("tags", "red"))).containsExactly("d1", "d4");
            assertThat(keys(docs, Filter.eq("tags", "blue"))).containsExactly("d1");
            assertThat(keys(docs, Filter.eq("tags", "RED"))).containsExactly("d5");
        }

        @Test
        @DisplayName("contains and containsAll match array fields only")
        void containsOperators() {
            assertThat(keys(docs, Filter.contains("tags", "red"))).containsExactly("d1");
            assertThat(keys(docs, Filter.contains("tags", "green"))).containsExactly("d2");
            assertThat(keys(docs, Filter.contains("s", "apple"))).isEmpty();
            assertThat(keys(docs, Filter.containsAll("tags", "red", "blue"))).containsExactly("d1");
            assertThat(keys(docs, Filter.containsAll("tags", List.of("blue")))).containsExactly("d1");
            assertThat(keys(docs, Filter.containsAll("tags", "red", "green"))).isEmpty();
        }

        @Test
        @DisplayName("paths through arrays of subdocuments look into every element")
        void pathsThroughArrays() {
            assertThat(keys(docs, Filter.eq("items.sku", "A"))).containsExactly("d1", "d4");
            assertThat(keys(docs, Filter.eq("items.sku", "C"))).containsExactly("d2");
            assertThat(keys(docs, Filter.gt("items.qty", 4))).containsExactly("d1", "d4");
            assertThat(keys(docs, Filter.lt("items.qty", 2))).containsExactly("d2");
            assertThat(keys(docs, Filter.in("items.sku", "B", "C"))).containsExactly("d1", "d2");
            assertThat(keys(docs, Filter.ne("items.sku", "A"))).containsExactly("d2", "d3", "d5", "d6", "d7");
        }

        @Test
        @DisplayName("startsWith matches string prefixes exactly, including array elements")
        void startsWith() {
            assertThat(keys(docs, Filter.startsWith("s", "app"))).containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.startsWith("s", "App"))).isEmpty();
            assertThat(keys(docs, Filter.startsWith("s", "apple pie"))).containsExactly("d7");
            assertThat(keys(docs, Filter.startsWith("s", ""))).containsExactly("d1", "d2", "d3", "d4", "d5", "d7");
            assertThat(keys(docs, Filter.startsWith("tags", "gr"))).containsExactly("d2");
            assertThat(keys(docs, Filter.startsWith("n", "7"))).containsExactly("d5");
            assertThat(keys(docs, Filter.startsWith("s", "%"))).isEmpty();
            assertThat(keys(docs, Filter.startsWith("s", "a_p"))).isEmpty();
            assertThat(keys(docs, Filter.startsWith("s", ".*"))).isEmpty();
        }

        @Test
        @DisplayName("and, or and not combine filters; and() matches everything, or() nothing")
        void logical() {
            assertThat(keys(docs, Filter.and(Filter.gte("n", 1), Filter.lt("n", 3)))).containsExactly("d1", "d2", "d7");
            assertThat(keys(docs, Filter.and(Filter.gte("n", 1), Filter.lt("n", 3), Filter.eq("b", true))))
                    .containsExactly("d1", "d7");
            assertThat(keys(docs, Filter.or(Filter.eq("s", "cherry"), Filter.eq("addr.city", "Bergen"))))
                    .containsExactly("d2", "d5");
            assertThat(keys(docs, Filter.not(Filter.eq("s", "apple")))).containsExactly("d2", "d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.not(Filter.gt("n", 1)))).containsExactly("d1", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.and())).hasSize(7);
            assertThat(keys(docs, Filter.all())).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7");
            assertThat(keys(docs, Filter.or())).isEmpty();
            assertThat(keys(docs, Filter.or(Filter.and(Filter.eq("b", true), Filter.not(Filter.exists("addr", true))),
                    Filter.eq("items.qty", 9)))).containsExactly("d4", "d7");
        }

        @Test
        @DisplayName("values that look like operators or injections are matched literally")
        void literalValues() {
            docs.insert("d8", doc("k", "d8", "s", "{\"$ne\": null}"));
            docs.insert("d9", doc("k", "d9", "s", "'; DROP TABLE x; --"));
            assertThat(keys(docs, Filter.eq("s", "{\"$ne\": null}"))).containsExactly("d8");
            assertThat(keys(docs, Filter.eq("s", "'; DROP TABLE x; --"))).containsExactly("d9");
            assertThat(keys(docs, Filter.startsWith("s", "'"))).containsExactly("d9");
            assertThat(keys(docs, Filter.eq("s", "$where"))).isEmpty();
        }

        @Test
        @DisplayName("long values compare exactly, beyond double precision")
        void exactLongs() {
            docs.insert("d8", doc("k", "d8", "big", 9_007_199_254_740_993L));
            assertThat(keys(docs, Filter.eq("big", 9_007_199_254_740_993L))).containsExactly("d8");
            assertThat(keys(docs, Filter.eq("big", 9_007_199_254_740_992L))).isEmpty();
            assertThat(keys(docs, Filter.gt("big", 9_007_199_254_740_992L))).containsExactly("d8");
        }
    }

    // ---------------------------------------------------------------- sorting and paging

    private static List<String> keysOf(Page<Map<String, @Nullable Object>> page) {
        return page.items().stream().map(d -> (String) d.get("k")).collect(Collectors.toList());
    }

    private static List<String> allPages(DocumentCollection<Map<String, @Nullable Object>> docs, Filter filter, Sort sort,
            PageRequest first) {
        List<String> out = new ArrayList<>();
        PageRequest request = first;
        for (int guard = 0; guard < 1000; guard++) {
            Page<Map<String, @Nullable Object>> page = docs.find(filter, sort, request);
            out.addAll(keysOf(page));
            if (page.next().isEmpty()) {
                return out;
            }
            request = page.next().get();
        }
        throw new AssertionError("paging did not end");
    }

    @Nested
    @DisplayName("Sorting and paging")
    class SortingAndPaging {

        @Test
        @DisplayName("find without a sort returns documents in id order")
        void idOrder() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (String id : List.of("b", "a", "c", "A", "aa")) {
                docs.insert(id, doc("k", id));
            }
            assertThat(keys(docs, Filter.all())).containsExactly("A", "a", "aa", "b", "c");
            assertThat(keysOf(docs.find(Filter.all(), Sort.unsorted(), PageRequest.first(10))))
                    .containsExactly("A", "a", "aa", "b", "c");
        }

        @Test
        @DisplayName("ties in the sort keys are broken by id, ascending, in both directions")
        void stableTies() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (String id : List.of("e", "b", "d", "a", "c")) {
                docs.insert(id, doc("k", id, "g", id.compareTo("c") < 0 ? 1 : 2));
            }
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("g"), PageRequest.first(10))))
                    .containsExactly("a", "b", "c", "d", "e");
            assertThat(keysOf(docs.find(Filter.all(), Sort.desc("g"), PageRequest.first(10))))
                    .containsExactly("c", "d", "e", "a", "b");
        }

        @Test
        @DisplayName("numbers of every type sort by value")
        void numericSort() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("a", doc("k", "a", "n", 2));
            docs.insert("b", doc("k", "b", "n", 3L));
            docs.insert("c", doc("k", "c", "n", 2.5));
            docs.insert("d", doc("k", "d", "n", new BigDecimal("1.5")));
            docs.insert("e", doc("k", "e", "n", -7));
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("n"), PageRequest.first(10))))
                    .containsExactly("e", "d", "a", "c", "b");
            assertThat(keysOf(docs.find(Filter.all(), Sort.desc("n"), PageRequest.first(10))))
                    .containsExactly("b", "c", "a", "d", "e");
        }

        @Test
        @DisplayName("missing and null sort first ascending and last descending")
        void missingValues() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("a", doc("k", "a", "n", 5));
            docs.insert("b", doc("k", "b"));
            docs.insert("c", doc("k", "c", "n", 1));
            docs.insert("d", doc("k", "d", "n", null));
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("n"), PageRequest.first(10))))
                    .containsExactly("b", "d", "c", "a");
            assertThat(keysOf(docs.find(Filter.all(), Sort.desc("n"), PageRequest.first(10))))
                    .containsExactly("a", "c", "b", "d");
        }

        @Test
        @DisplayName("strings sort by code point and several keys sort in order of significance")
        void multiKeyAndStrings() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("1", doc("k", "1", "g", "b", "name", "z"));
            docs.insert("2", doc("k", "2", "g", "a", "name", "é"));
            docs.insert("3", doc("k", "3", "g", "b", "name", "Z"));
            docs.insert("4", doc("k", "4", "g", "a", "name", "\uD83D\uDE00"));
            docs.insert("5", doc("k", "5", "g", "a", "name", "\uFF5E"));
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("name"), PageRequest.first(10))))
                    .containsExactly("3", "1", "2", "5", "4");
            assertThat(keysOf(docs.find(Filter.all(), Sort.desc("g").thenAsc("name"), PageRequest.first(10))))
                    .containsExactly("3", "1", "2", "5", "4");
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("g").thenDesc("name"), PageRequest.first(10))))
                    .containsExactly("4", "5", "2", "1", "3");
        }

        @Test
        @DisplayName("sorting by a nested path works")
        void nestedSort() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("a", doc("k", "a", "addr", doc("city", "Oslo")));
            docs.insert("b", doc("k", "b", "addr", doc("city", "Bergen")));
            docs.insert("c", doc("k", "c", "addr", doc("city", "Tromsø")));
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("addr.city"), PageRequest.first(10))))
                    .containsExactly("b", "a", "c");
        }

        @Test
        @DisplayName("offset paging walks every page and continues by offset")
        void offsetPaging() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (int i = 0; i < 10; i++) {
                docs.insert(String.format("%02d", i), doc("k", String.format("%02d", i), "n", i));
            }
            Page<Map<String, @Nullable Object>> first = docs.find(Filter.all(), Sort.asc("n"), PageRequest.atOffset(0, 3));
            assertThat(keysOf(first)).containsExactly("00", "01", "02");
            assertThat(first.next()).contains(PageRequest.atOffset(3, 3));
            assertThat(first.nextCursor()).isEmpty();
            Page<Map<String, @Nullable Object>> third = docs.find(Filter.all(), Sort.asc("n"), PageRequest.atOffset(6, 3));
            assertThat(keysOf(third)).containsExactly("06", "07", "08");
            Page<Map<String, @Nullable Object>> last = docs.find(Filter.all(), Sort.asc("n"), PageRequest.atOffset(9, 3));
            assertThat(keysOf(last)).containsExactly("09");
            assertThat(last.hasNext()).isFalse();
            assertThat(docs.find(Filter.all(), Sort.asc("n"), PageRequest.atOffset(50, 3)).items()).isEmpty();
            assertThat(allPages(docs, Filter.gte("n", 2), Sort.desc("n"), PageRequest.atOffset(0, 4)))
                    .containsExactly("09", "08", "07", "06", "05", "04", "03", "02");
        }

        @Test
        @DisplayName("keyset paging walks every document exactly once and ends with no next page")
        void keysetPaging() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (int i = 0; i < 10; i++) {
                docs.insert(String.format("%02d", i), doc("k", String.format("%02d", i), "g", i % 3));
            }
            Page<Map<String, @Nullable Object>> first = docs.find(Filter.all(), Sort.asc("g"), PageRequest.first(4));
            assertThat(keysOf(first)).containsExactly("00", "03", "06", "09");
            assertThat(first.nextCursor()).isPresent();
            assertThat(allPages(docs, Filter.all(), Sort.asc("g"), PageRequest.first(4)))
                    .containsExactly("00", "03", "06", "09", "01", "04", "07", "02", "05", "08");
            assertThat(allPages(docs, Filter.all(), Sort.desc("g"), PageRequest.first(3)))
                    .containsExactly("02", "05", "08", "01", "04", "07", "00", "03", "06", "09");
            assertThat(allPages(docs, Filter.ne("g", 1), Sort.unsorted(), PageRequest.first(2)))
                    .containsExactly("00", "02", "03", "05", "06", "08", "09");
            Page<Map<String, @Nullable Object>> exact = docs.find(Filter.all(), Sort.asc("g"), PageRequest.first(10));
            assertThat(exact.items()).hasSize(10);
            assertThat(exact.hasNext()).isFalse();
        }

        @Test
        @DisplayName("an empty result is one page without a next page")
        void emptyPage() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            Page<Map<String, @Nullable Object>> page = docs.find(Filter.all(), Sort.asc("n"), PageRequest.first(5));
            assertThat(page.items()).isEmpty();
            assertThat(page.hasNext()).isFalse();
        }

        @Test
        @DisplayName("keyset paging loses and duplicates nothing while documents are inserted between pages")
        void keysetPagingUnderInserts() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            Set<String> originals = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String id = String.format("o%02d", i);
                originals.add(id);
                docs.insert(id, doc("k", id, "n", i * 10));
            }
            List<String> seen = new ArrayList<>();
            Sort sort = Sort.asc("n");
            PageRequest request = PageRequest.first(3);
            int round = 0;
            while (true) {
                Page<Map<String, @Nullable Object>> page = docs.find(Filter.all(), sort, request);
                seen.addAll(keysOf(page));
                // one document sorting before everything seen, one tying the page's last value, one far after
                String before = "b" + round;
                String tie = "t" + round;
                String after = "z" + round;
                docs.insert(before, doc("k", before, "n", -1 - round));
                if (!page.items().isEmpty()) {
                    docs.insert(tie, doc("k", tie, "n", page.items().get(page.items().size() - 1).get("n")));
                }
                docs.insert(after, doc("k", after, "n", 10_000 + round));
                round++;
                if (page.next().isEmpty()) {
                    break;
                }
                request = page.next().get();
            }
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen).containsAll(originals);
            assertThat(seen).noneMatch(k -> k.startsWith("b"));
            List<Object> values = new ArrayList<>();
            for (String k : seen) {
                values.add(docs.get(k).orElseThrow().get("n"));
            }
            for (int i = 1; i < values.size(); i++) {
                assertThat(DocumentValues.compare(values.get(i - 1), values.get(i))).as("order at %d", i).isLessThanOrEqualTo(0);
            }
        }

        @Test
        @DisplayName("a cursor issued for another sort is rejected with IllegalArgumentException")
        void cursorFromAnotherSort() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (int i = 0; i < 5; i++) {
                docs.insert("d" + i, doc("k", "d" + i, "n", i, "m", -i));
            }
            String cursor = docs.find(Filter.all(), Sort.asc("n"), PageRequest.first(2)).nextCursor().orElseThrow();
            assertThat(keysOf(docs.find(Filter.all(), Sort.asc("n"), PageRequest.after(cursor, 2)))).containsExactly("d2", "d3");
            assertInvalid(() -> docs.find(Filter.all(), Sort.desc("n"), PageRequest.after(cursor, 2)));
            assertInvalid(() -> docs.find(Filter.all(), Sort.asc("m"), PageRequest.after(cursor, 2)));
            assertInvalid(() -> docs.find(Filter.all(), Sort.asc("n").thenAsc("m"), PageRequest.after(cursor, 2)));
            assertInvalid(() -> docs.find(Filter.all(), Sort.unsorted(), PageRequest.after(cursor, 2)));
        }

        @Test
        @DisplayName("a malformed cursor is rejected with IllegalArgumentException")
        void malformedCursor() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.insert("a", doc("n", 1));
            assertInvalid(() -> docs.find(Filter.all(), Sort.asc("n"), PageRequest.after("not-a-cursor", 2)));
            assertInvalid(() -> docs.find(Filter.all(), Sort.asc("n"), PageRequest.after("eyJ2IjoxfQ", 2)));
            assertInvalid(() -> docs.find(Filter.all(), Sort.asc("n"), PageRequest.after("%%%", 2)));
        }

        @Test
        @DisplayName("cursors keep the exact type of instant, UUID and decimal sort values")
        void typedCursorValues() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 6; i++) {
                docs.insert("d" + i, doc("k", "d" + i, "t", base.plusMillis(i % 3), "u",
                        UUID.fromString("00000000-0000-4000-8000-00000000000" + i), "p", new BigDecimal("1.1").multiply(BigDecimal.valueOf(i))));
            }
            assertThat(allPages(docs, Filter.all(), Sort.asc("t"), PageRequest.first(2)))
                    .containsExactly("d0", "d3", "d1", "d4", "d2", "d5");
            assertThat(allPages(docs, Filter.all(), Sort.desc("u"), PageRequest.first(4)))
                    .containsExactly("d5", "d4", "d3", "d2", "d1", "d0");
            assertThat(allPages(docs, Filter.all(), Sort.asc("p"), PageRequest.first(1)))
                    .containsExactly("d0", "d1", "d2", "d3", "d4", "d5");
        }
    }

    // ---------------------------------------------------------------- updates

    @Nested
    @DisplayName("Updates")
    class Updates {
        private DocumentCollection<Map<String, @Nullable Object>> docs;

        @BeforeEach
        void fixture() {
            docs = raw();
            docs.insert("a", doc("name", "a", "count", 1, "tags", list("x"), "nested", doc("v", 1), "s", "text"));
        }

        private void assertUnchanged() {
            StoredDocument<Map<String, @Nullable Object>> stored = docs.getDocument("a").orElseThrow();
            assertThat(stored.revision()).isEqualTo(1);
            assertModelEquals(stored.value(), doc("name", "a", "count", 1, "tags", list("x"), "nested", doc("v", 1), "s", "text"));
        }

        @Test
        @DisplayName("set replaces a field, creates missing fields and parents, and returns the updated document")
        void set() {
            Map<String, @Nullable Object> updated = docs.update("a", Update.builder()
                    .set("name", "b")
                    .set("new", list(1, 2))
                    .set("x.y.z", true)
                    .set("nested.w", doc("deep", null))
                    .set("when", Instant.parse("2026-01-01T00:00:00Z"))
                    .build()).orElseThrow();
            Map<String, @Nullable Object> expected = doc("name", "b", "count", 1, "tags", list("x"),
                    "nested", doc("v", 1, "w", doc("deep", null)), "s", "text", "new", list(1, 2),
                    "x", doc("y", doc("z", true)), "when", Instant.parse("2026-01-01T00:00:00Z"));
            assertModelEquals(updated, expected);
            assertModelEquals(docs.get("a").orElseThrow(), expected);
            assertThat(docs.getDocument("a").orElseThrow().revision()).isEqualTo(2);
        }

        @Test
        @DisplayName("unset removes a field, and unset of a missing field changes nothing else")
        void unset() {
            Map<String, @Nullable Object> updated = docs.update("a", Update.builder()
                    .unset("count").unset("nested.v").unset("missing").unset("nope.deeper").build()).orElseThrow();
            assertModelEquals(updated, doc("name", "a", "tags", list("x"), "nested", doc(), "s", "text"));
        }

        @Test
        @DisplayName("inc adds to numbers and sets a missing field to the delta")
        void inc() {
            Map<String, @Nullable Object> updated = docs.update("a", Update.builder()
                    .inc("count", 41).inc("nested.v", 0.5).inc("fresh", 7L).inc("made.up", new BigDecimal("1.25")).build())
                    .orElseThrow();
            assertModelEquals(updated.get("count"), 42);
            assertModelEquals(((Map<?, ?>) updated.get("nested")).get("v"), 1.5);
            assertModelEquals(updated.get("fresh"), 7);
            assertModelEquals(((Map<?, ?>) updated.get("made")).get("up"), new BigDecimal("1.25"));
            Map<String, @Nullable Object> again = docs.update("a", Update.builder().inc("count", -50).build()).orElseThrow();
            assertModelEquals(again.get("count"), -8);
        }

        @Test
        @DisplayName("inc past the int range keeps the exact value")
        void incOverflowsInt() {
            docs.put("big", doc("n", Integer.MAX_VALUE));
            Map<String, @Nullable Object> updated = docs.update("big", Update.builder().inc("n", 1).build()).orElseThrow();
            assertThat(((Number) updated.get("n")).longValue()).isEqualTo(Integer.MAX_VALUE + 1L);
            assertThat(docs.count(Filter.gt("n", Integer.MAX_VALUE))).isEqualTo(1);
        }

        @Test
        @DisplayName("push appends to an array and creates a missing one")
        void push() {
            Map<String, @Nullable Object> updated = docs.update("a", Update.builder()
                    .push("tags", "y").push("list", doc("k", 1)).push("nested.more", null).build()).orElseThrow();
            assertModelEquals(updated.get("tags"), list("x", "y"));
            assertModelEquals(updated.get("list"), list(doc("k", 1)));
            assertModelEquals(((Map<?, ?>) updated.get("nested")).get("more"), list((Object) null));
            docs.update("a", Update.builder().push("tags", "x").build());
            assertModelEquals(docs.get("a").orElseThrow().get("tags"), list("x", "y", "x"));
        }

        @Test
        @DisplayName("inc on a string fails with IllegalArgumentException and changes nothing")
        void incOnString() {
            assertInvalid(() -> docs.update("a", Update.builder().set("name", "changed").inc("s", 1).build()));
            assertInvalid(() -> docs.update("a", Update.builder().inc("tags", 1).build()));
            assertInvalid(() -> docs.update("a", Update.builder().inc("nested", 1).build()));
            assertUnchanged();
        }

        @Test
        @DisplayName("push to a non-array and paths through non-objects fail and change nothing")
        void pushAndPathErrors() {
            assertInvalid(() -> docs.update("a", Update.builder().push("s", 1).build()));
            assertInvalid(() -> docs.update("a", Update.builder().push("nested", 1).build()));
            assertInvalid(() -> docs.update("a", Update.builder().set("count", 5).set("s.inner", 1).build()));
            assertInvalid(() -> docs.update("a", Update.builder().inc("tags.n", 1).build()));
            assertUnchanged();
        }

        @Test
        @DisplayName("update of a missing document returns empty and creates nothing")
        void updateMissing() {
            assertThat(docs.update("missing", Update.builder().set("a", 1).build())).isEmpty();
            assertThat(docs.update("missing", Update.builder().set("a", 1).build(), 1)).isEmpty();
            assertThat(docs.get("missing")).isEmpty();
            assertThat(docs.count(Filter.all())).isEqualTo(1);
        }

        @Test
        @DisplayName("set with invalid keys in the value is rejected")
        void setInvalidKeys() {
            assertInvalid(() -> docs.update("a", Update.builder().set("v", doc("a.b", 1)).build()));
            assertInvalid(() -> docs.update("a", Update.builder().push("tags", doc("$x", 1)).build()));
            assertUnchanged();
        }

        @Test
        @DisplayName("updates of typed collections return the decoded document")
        void typedUpdate() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("i", item("a", 1, "x"));
            Optional<Item> updated = items.update("i", Update.builder().inc("count", 2).push("tags", "y").set("name", "b").build());
            assertThat(updated).contains(item("b", 3, "x", "y"));
            assertThat(items.get("i")).contains(item("b", 3, "x", "y"));
        }

        @Test
        @DisplayName("update values are normalized like documents: enums by name, local dates as ISO text")
        void updateNormalizes() {
            docs.update("a", Update.builder().set("status", Status.PAID).set("due", LocalDate.of(2026, 2, 3)).build());
            assertThat(docs.count(Filter.eq("status", "PAID"))).isEqualTo(1);
            assertThat(docs.count(Filter.eq("due", LocalDate.of(2026, 2, 3)))).isEqualTo(1);
            assertThat(docs.get("a").orElseThrow().get("due")).isEqualTo("2026-02-03");
        }
    }

    // ---------------------------------------------------------------- revisions and concurrency

    @Nested
    @DisplayName("Revisions and concurrency")
    class RevisionsAndConcurrency {

        @Test
        @DisplayName("put with the current revision replaces the document and returns the next revision")
        void putCompareAndSet() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            assertThat(items.put("a", item("a", 2), 1)).isEqualTo(2);
            assertThat(items.put("a", item("a", 3), 2)).isEqualTo(3);
            assertThat(items.getDocument("a").orElseThrow()).isEqualTo(new StoredDocument<>("a", 3, item("a", 3)));
        }

        @Test
        @DisplayName("put with a stale revision fails with OptimisticLockException and writes nothing")
        void putStale() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            items.put("a", item("a", 2));
            assertThatThrownBy(() -> items.put("a", item("stale", 9), 1)).isInstanceOf(OptimisticLockException.class);
            assertThatThrownBy(() -> items.put("a", item("future", 9), 3)).isInstanceOf(OptimisticLockException.class);
            assertThat(items.getDocument("a").orElseThrow()).isEqualTo(new StoredDocument<>("a", 2, item("a", 2)));
        }

        @Test
        @DisplayName("put with an expected revision of a missing document fails with OptimisticLockException")
        void putCompareAndSetMissing() {
            DocumentCollection<Item> items = typed(Item.class);
            assertThatThrownBy(() -> items.put("a", item("a", 1), 1)).isInstanceOf(OptimisticLockException.class);
            assertThat(items.get("a")).isEmpty();
        }

        @Test
        @DisplayName("update with the current revision applies, with a stale one fails and changes nothing")
        void updateCompareAndSet() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            Update inc = Update.builder().inc("count", 1).build();
            assertThat(items.update("a", inc, 1)).contains(item("a", 2));
            assertThat(items.getDocument("a").orElseThrow().revision()).isEqualTo(2);
            assertThatThrownBy(() -> items.update("a", inc, 1)).isInstanceOf(OptimisticLockException.class);
            assertThat(items.getDocument("a").orElseThrow()).isEqualTo(new StoredDocument<>("a", 2, item("a", 2)));
        }

        @Test
        @DisplayName("every write increases the revision by exactly one")
        void revisionsCount() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("a", item("a", 1));
            items.update("a", Update.builder().inc("count", 1).build());
            items.put("a", item("b", 1));
            items.update("a", Update.builder().unset("missing").build());
            assertThat(items.getDocument("a").orElseThrow().revision()).isEqualTo(4);
        }

        @Test
        @DisplayName("16 threads x 500 atomic increments lose nothing")
        void concurrentIncrements() throws Exception {
            DocumentCollection<Counter> counters = typed(Counter.class);
            counters.insert("c", new Counter(0));
            Update inc = Update.builder().inc("value", 1).build();
            runConcurrently(16, () -> {
                for (int i = 0; i < 500; i++) {
                    assertThat(counters.update("c", inc)).isPresent();
                }
                return null;
            });
            StoredDocument<Counter> result = counters.getDocument("c").orElseThrow();
            assertThat(result.value().value()).isEqualTo(8000);
            assertThat(result.revision()).isEqualTo(8001);
        }

        @Test
        @DisplayName("16 threads x 100 optimistic read-modify-write loops lose nothing")
        void concurrentOptimisticUpdates() throws Exception {
            DocumentCollection<Counter> counters = typed(Counter.class);
            counters.insert("c", new Counter(0));
            AtomicInteger conflicts = new AtomicInteger();
            runConcurrently(16, () -> {
                for (int i = 0; i < 100; i++) {
                    while (true) {
                        StoredDocument<Counter> current = counters.getDocument("c").orElseThrow();
                        try {
                            counters.put("c", new Counter(current.value().value() + 1), current.revision());
                            break;
                        } catch (OptimisticLockException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            });
            StoredDocument<Counter> result = counters.getDocument("c").orElseThrow();
            assertThat(result.value().value()).isEqualTo(1600);
            assertThat(result.revision()).isEqualTo(1601);
        }

        @Test
        @DisplayName("of two writers with the same expected revision exactly one wins")
        void twoWritersOneWins() throws Exception {
            DocumentCollection<Counter> counters = typed(Counter.class);
            for (int round = 0; round < 20; round++) {
                String id = "c" + round;
                counters.insert(id, new Counter(0));
                boolean viaPut = round % 2 == 0;
                List<Boolean> wins = runConcurrently(2, () -> {
                    try {
                        if (viaPut) {
                            counters.put(id, new Counter(1), 1);
                        } else {
                            counters.update(id, Update.builder().inc("value", 1).build(), 1);
                        }
                        return true;
                    } catch (OptimisticLockException e) {
                        return false;
                    }
                });
                assertThat(wins).as("round %d", round).containsExactlyInAnyOrder(true, false);
                assertThat(counters.getDocument(id).orElseThrow()).isEqualTo(new StoredDocument<>(id, 2, new Counter(1)));
            }
        }

        @Test
        @DisplayName("of 16 concurrent inserts with one id exactly one succeeds")
        void concurrentInsertsOneWins() throws Exception {
            DocumentCollection<Counter> counters = typed(Counter.class);
            AtomicInteger next = new AtomicInteger();
            List<Boolean> wins = runConcurrently(16, () -> {
                try {
                    counters.insert("same", new Counter(next.incrementAndGet()));
                    return true;
                } catch (DuplicateKeyException e) {
                    return false;
                }
            });
            assertThat(wins.stream().filter(w -> w).count()).isEqualTo(1);
            assertThat(counters.getDocument("same").orElseThrow().revision()).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- indexes

    @Nested
    @DisplayName("Unique and plain indexes")
    class Indexes {

        @Test
        @DisplayName("a unique index rejects a second document with the same key, naming the index, and writes nothing")
        void uniqueInsert() {
            DocumentCollection<User> users = typed(User.class);
            IndexSpec spec = IndexSpec.on("email").unique();
            users.createIndex(spec);
            users.insert("u1", new User("a", "a@example.com"));
            assertThatThrownBy(() -> users.insert("u2", new User("b", "a@example.com")))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(spec.name());
            assertThatThrownBy(() -> users.insert(new User("b", "a@example.com"))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> users.put("u2", new User("b", "a@example.com"))).isInstanceOf(DuplicateKeyException.class);
            assertThat(users.count(Filter.all())).isEqualTo(1);
            assertThat(users.get("u2")).isEmpty();
        }

        @Test
        @DisplayName("replacing a document with its own key is allowed, and a deleted key can be reused")
        void uniqueOwnKey() {
            DocumentCollection<User> users = typed(User.class);
            users.createIndex(IndexSpec.on("email").unique());
            users.insert("u1", new User("a", "a@example.com"));
            assertThat(users.put("u1", new User("renamed", "a@example.com"))).isEqualTo(2);
            users.update("u1", Update.builder().set("email", "a@example.com").build());
            users.delete("u1");
            users.insert("u2", new User("b", "a@example.com"));
            assertThat(users.get("u2")).contains(new User("b", "a@example.com"));
        }

        @Test
        @DisplayName("an update or replacement that would clash fails with DuplicateKeyException and changes nothing")
        void uniqueUpdateAndPut() {
            DocumentCollection<User> users = typed(User.class);
            users.createIndex(IndexSpec.on("email").unique());
            users.insert("u1", new User("a", "a@example.com"));
            users.insert("u2", new User("b", "b@example.com"));
            assertThatThrownBy(() -> users.update("u2", Update.builder().set("email", "a@example.com").build()))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> users.put("u2", new User("b", "a@example.com"), 1)).isInstanceOf(DuplicateKeyException.class);
            assertThat(users.getDocument("u2").orElseThrow()).isEqualTo(new StoredDocument<>("u2", 1, new User("b", "b@example.com")));
        }

        @Test
        @DisplayName("in a unique index a missing field counts as null, so two documents without it clash")
        void uniqueMissingIsNull() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.createIndex(IndexSpec.on("email").unique());
            docs.insert("a", doc("name", "a"));
            assertThatThrownBy(() -> docs.insert("b", doc("name", "b"))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> docs.insert("c", doc("email", null))).isInstanceOf(DuplicateKeyException.class);
            docs.insert("d", doc("email", "d@example.com"));
            assertThat(docs.count(Filter.all())).isEqualTo(2);
        }

        @Test
        @DisplayName("a unique index compares numbers by value")
        void uniqueNumbers() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.createIndex(IndexSpec.on("n").unique());
            docs.insert("a", doc("n", 1));
            assertThatThrownBy(() -> docs.insert("b", doc("n", 1.0))).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> docs.insert("c", doc("n", 1L))).isInstanceOf(DuplicateKeyException.class);
            docs.insert("d", doc("n", "1"));
            docs.insert("e", doc("n", 1.5));
            assertThat(docs.count(Filter.all())).isEqualTo(3);
        }

        @Test
        @DisplayName("a compound unique index clashes only when every path matches")
        void uniqueCompound() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            IndexSpec spec = IndexSpec.on("tenant", "code.value").unique();
            docs.createIndex(spec);
            docs.insert("a", doc("tenant", "t1", "code", doc("value", "x")));
            docs.insert("b", doc("tenant", "t2", "code", doc("value", "x")));
            docs.insert("c", doc("tenant", "t1", "code", doc("value", "y")));
            assertThatThrownBy(() -> docs.insert("d", doc("tenant", "t1", "code", doc("value", "x"), "other", 1)))
                    .isInstanceOf(DuplicateKeyException.class)
                    .hasMessageContaining(spec.name());
            assertThat(docs.count(Filter.all())).isEqualTo(3);
        }

        @Test
        @DisplayName("creating a unique index over existing duplicates fails with DuplicateKeyException and creates no index")
        void uniqueOverDuplicates() {
            DocumentCollection<User> users = typed(User.class);
            users.insert("u1", new User("a", "same@example.com"));
            users.insert("u2", new User("b", "same@example.com"));
            assertThatThrownBy(() -> users.createIndex(IndexSpec.on("email").unique())).isInstanceOf(DuplicateKeyException.class);
            users.insert("u3", new User("c", "same@example.com"));
            assertThat(users.count(Filter.eq("email", "same@example.com"))).isEqualTo(3);
        }

        @Test
        @DisplayName("createIndex is idempotent; the same paths with other options fail with StoreConfigurationException")
        void createIndexIdempotent() {
            DocumentCollection<User> users = typed(User.class);
            users.createIndex(IndexSpec.on("email").unique());
            users.createIndex(IndexSpec.on("email").unique());
            users.createIndex(IndexSpec.on("name"));
            users.createIndex(IndexSpec.on("name"));
            assertThatThrownBy(() -> users.createIndex(IndexSpec.on("email"))).isInstanceOf(StoreConfigurationException.class);
            users.insert("u1", new User("a", "a@example.com"));
            assertThatThrownBy(() -> users.insert("u2", new User("b", "a@example.com"))).isInstanceOf(DuplicateKeyException.class);
        }

        @Test
        @DisplayName("a plain index allows duplicates and does not change query results")
        void plainIndex() {
            DocumentCollection<Map<String, @Nullable Object>> docs = filterFixture();
            List<Filter> filters = List.of(Filter.eq("n", 1), Filter.gt("n", 1), Filter.eq("addr.city", null),
                    Filter.eq("tags", "red"), Filter.eq("items.sku", "A"), Filter.ne("s", "apple"));
            Map<Filter, List<String>> before = new HashMap<>();
            for (Filter f : filters) {
                before.put(f, keys(docs, f));
            }
            docs.createIndex(IndexSpec.on("n"));
            docs.createIndex(IndexSpec.on("addr.city", "s"));
            docs.createIndex(IndexSpec.on("tags"));
            docs.createIndex(IndexSpec.on("items.sku"));
            docs.insert("e1", doc("k", "e1", "n", 1));
            docs.insert("e2", doc("k", "e2", "n", 1));
            for (Filter f : filters) {
                List<String> expected = new ArrayList<>(before.get(f));
                if (f.equals(Filter.eq("n", 1))) {
                    expected.addAll(List.of("e1", "e2"));
                } else if (!f.equals(Filter.gt("n", 1)) && !f.equals(Filter.eq("tags", "red")) && !f.equals(Filter.eq("items.sku", "A"))) {
                    expected.addAll(List.of("e1", "e2"));
                }
                assertThat(keys(docs, f)).as("%s", f).containsExactlyElementsOf(expected);
            }
        }

        @Test
        @DisplayName("index specs are validated")
        void indexSpecValidation() {
            assertInvalid(() -> IndexSpec.on());
            assertInvalid(() -> IndexSpec.on("a", "a"));
            assertInvalid(() -> IndexSpec.on("a..b"));
            assertInvalid(() -> IndexSpec.on("$a"));
            assertInvalid(() -> IndexSpec.ttl("at", Duration.ofSeconds(-1)));
            assertInvalid(() -> IndexSpec.ttl("at", null));
            assertInvalid(() -> new IndexSpec(List.of("a", "b"), false, Duration.ofSeconds(1)));
            assertThat(IndexSpec.on("customer.id", "createdAt").name()).isEqualTo("customer.id_1_createdAt_1");
            assertThat(IndexSpec.on("a").unique().isUnique()).isTrue();
            assertThat(IndexSpec.ttl("at", Duration.ofMinutes(1)).isTtl()).isTrue();
        }
    }

    // ---------------------------------------------------------------- TTL

    @Nested
    @DisplayName("TTL indexes")
    class TtlIndexes {

        @Test
        @DisplayName("a document expires once its instant plus the TTL has passed, for every read")
        void expiry() {
            DocumentCollection<Session> sessions = typed(Session.class);
            sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofMillis(300)));
            Instant now = nowMillis();
            sessions.insert("short", new Session("a", now));
            sessions.insert("long", new Session("b", now.plus(Duration.ofHours(1))));
            assertThat(sessions.get("short")).isPresent();
            advanceTime(Duration.ofMillis(800));
            assertThat(sessions.get("short")).isEmpty();
            assertThat(sessions.getDocument("short")).isEmpty();
            assertThat(sessions.find(Filter.all())).containsExactly(new Session("b", now.plus(Duration.ofHours(1))));
            assertThat(sessions.find(Filter.eq("user", "a"))).isEmpty();
            assertThat(sessions.count(Filter.all())).isEqualTo(1);
            assertThat(scanIds(sessions)).containsExactly("long");
            assertThat(sessions.find(Filter.all(), Sort.asc("user"), PageRequest.first(10)).items()).hasSize(1);
            assertThat(sessions.update("short", Update.builder().set("user", "z").build())).isEmpty();
            assertThat(sessions.delete("short")).isFalse();
            assertThat(sessions.get("long")).isPresent();
        }

        @Test
        @DisplayName("a zero TTL expires a document at the instant its field holds")
        void zeroTtl() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.createIndex(IndexSpec.ttl("expiresAt", Duration.ZERO));
            Instant now = nowMillis();
            docs.insert("past", doc("expiresAt", now.minusSeconds(5)));
            docs.insert("soon", doc("expiresAt", now.plusMillis(300)));
            docs.insert("later", doc("expiresAt", now.plus(Duration.ofHours(1))));
            docs.insert("none", doc("other", 1));
            docs.insert("text", doc("expiresAt", "2000-01-01T00:00:00Z"));
            docs.insert("nul", doc("expiresAt", null));
            assertThat(scanIds(docs)).containsExactly("later", "none", "nul", "soon", "text");
            advanceTime(Duration.ofMillis(800));
            assertThat(scanIds(docs)).containsExactly("later", "none", "nul", "text");
            assertThat(docs.count(Filter.exists("expiresAt", true))).isEqualTo(3);
        }

        @Test
        @DisplayName("an expired document's id can be inserted again, starting at revision 1")
        void reuseExpiredId() {
            DocumentCollection<Session> sessions = typed(Session.class);
            sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofMillis(200)));
            sessions.insert("s", new Session("a", nowMillis()));
            sessions.put("s", new Session("a", nowMillis()));
            advanceTime(Duration.ofMillis(700));
            Instant later = nowMillis().plus(Duration.ofHours(1));
            sessions.insert("s", new Session("b", later));
            assertThat(sessions.getDocument("s").orElseThrow()).isEqualTo(new StoredDocument<>("s", 1, new Session("b", later)));
        }

        @Test
        @DisplayName("updating the indexed instant extends the life of a document (sliding expiry)")
        void slidingExpiry() {
            DocumentCollection<Session> sessions = typed(Session.class);
            sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofMillis(300)));
            sessions.insert("s", new Session("a", nowMillis()));
            sessions.update("s", Update.builder().set("lastSeen", nowMillis().plus(Duration.ofHours(1))).build());
            advanceTime(Duration.ofMillis(800));
            assertThat(sessions.get("s")).isPresent();
        }

        @Test
        @DisplayName("a TTL index created after the documents applies to them too")
        void ttlOnExistingDocuments() {
            DocumentCollection<Session> sessions = typed(Session.class);
            sessions.insert("old", new Session("a", nowMillis().minus(Duration.ofHours(2))));
            sessions.insert("new", new Session("b", nowMillis().plus(Duration.ofHours(2))));
            sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofHours(1)));
            assertThat(scanIds(sessions)).containsExactly("new");
        }

        @Test
        @DisplayName("expired documents free their unique keys")
        void expiredFreesUniqueKey() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            docs.createIndex(IndexSpec.on("code").unique());
            docs.createIndex(IndexSpec.ttl("at", Duration.ofMillis(200)));
            docs.insert("a", doc("code", "X", "at", nowMillis()));
            advanceTime(Duration.ofMillis(700));
            docs.insert("b", doc("code", "X", "at", nowMillis().plus(Duration.ofHours(1))));
            assertThat(scanIds(docs)).containsExactly("b");
        }
    }

    // ---------------------------------------------------------------- upcasters

    private static final Upcaster SPLIT_NAME = Upcaster.of(1, d -> {
        Object name = d.remove("name");
        if (name == null) {
            throw new IllegalStateException("version 1 documents have a name; was this upcaster applied twice?");
        }
        String[] parts = name.toString().split(" ", 2);
        d.put("firstName", parts[0]);
        d.put("lastName", parts.length > 1 ? parts[1] : "");
        return d;
    });

    private static final Upcaster ADD_TIER = Upcaster.of(2, d -> {
        Map<String, @Nullable Object> next = new LinkedHashMap<>(d);
        next.put("tier", "basic");
        return next;
    });

    private static final CollectionOptions V2 = CollectionOptions.builder().schemaVersion(2).upcaster(SPLIT_NAME).build();
    private static final CollectionOptions V3 = CollectionOptions.builder()
            .schemaVersion(3).upcaster(ADD_TIER).upcaster(SPLIT_NAME).build();

    @Nested
    @DisplayName("Schema versions and upcasters")
    class Upcasters {

        @Test
        @DisplayName("documents of an older version are upcast on every read")
        void upcastOnRead() {
            String name = uniqueName();
            DocumentCollection<CustomerV1> v1 = store.collection(name, CustomerV1.class);
            v1.insert("c1", new CustomerV1("Ada Lovelace"));
            v1.insert("c2", new CustomerV1("Grace Hopper"));
            DocumentCollection<CustomerV2> v2 = store.collection(name, CustomerV2.class, V2);
            assertThat(v2.get("c1")).contains(new CustomerV2("Ada", "Lovelace"));
            assertThat(v2.getDocument("c2").orElseThrow()).isEqualTo(new StoredDocument<>("c2", 1, new CustomerV2("Grace", "Hopper")));
            assertThat(v2.find(Filter.all())).containsExactly(new CustomerV2("Ada", "Lovelace"), new CustomerV2("Grace", "Hopper"));
            assertThat(v2.find(Filter.all(), Sort.desc("name"), PageRequest.first(1)).items())
                    .containsExactly(new CustomerV2("Grace", "Hopper"));
            try (Stream<StoredDocument<CustomerV2>> all = v2.scan()) {
                assertThat(all.map(StoredDocument::value)).containsExactly(new CustomerV2("Ada", "Lovelace"),
                        new CustomerV2("Grace", "Hopper"));
            }
        }

        @Test
        @DisplayName("the chain runs from the stored version to the current one, in order")
        void chain() {
            String name = uniqueName();
            store.collection(name, CustomerV1.class).insert("c1", new CustomerV1("Ada Lovelace"));
            store.collection(name, CustomerV2.class, V2).insert("c2", new CustomerV2("Grace", "Hopper"));
            store.collection(name, CustomerV3.class, V3).insert("c3", new CustomerV3("Alan", "Turing", "gold"));
            DocumentCollection<CustomerV3> v3 = store.collection(name, CustomerV3.class, V3);
            assertThat(v3.find(Filter.all())).containsExactly(new CustomerV3("Ada", "Lovelace", "basic"),
                    new CustomerV3("Grace", "Hopper", "basic"), new CustomerV3("Alan", "Turing", "gold"));
        }

        @Test
        @DisplayName("documents are stored in the current version and never upcast twice")
        void storedInCurrentVersion() {
            String name = uniqueName();
            DocumentCollection<CustomerV2> v2 = store.collection(name, CustomerV2.class, V2);
            v2.insert("c1", new CustomerV2("Ada", "Lovelace"));
            v2.put("c2", new CustomerV2("Grace", "Hopper"));
            assertThat(v2.get("c1")).contains(new CustomerV2("Ada", "Lovelace"));
            assertModelEquals(store.collection(name).get("c2").orElseThrow(), doc("firstName", "Grace", "lastName", "Hopper"));
        }

        @Test
        @DisplayName("filters apply to the stored form, not the upcast one")
        void filtersSeeStoredForm() {
            String name = uniqueName();
            store.collection(name, CustomerV1.class).insert("old", new CustomerV1("Ada Lovelace"));
            DocumentCollection<CustomerV2> v2 = store.collection(name, CustomerV2.class, V2);
            v2.insert("new", new CustomerV2("Ada", "Byron"));
            assertThat(v2.find(Filter.eq("firstName", "Ada"))).containsExactly(new CustomerV2("Ada", "Byron"));
            assertThat(v2.find(Filter.eq("name", "Ada Lovelace"))).containsExactly(new CustomerV2("Ada", "Lovelace"));
            assertThat(v2.count(Filter.or(Filter.startsWith("name", "Ada"), Filter.eq("firstName", "Ada")))).isEqualTo(2);
        }

        @Test
        @DisplayName("an update works on the stored form, keeps its version and returns the upcast document")
        void updateKeepsVersion() {
            String name = uniqueName();
            store.collection(name, CustomerV1.class).insert("c", new CustomerV1("Ada Lovelace"));
            DocumentCollection<CustomerV2> v2 = store.collection(name, CustomerV2.class, V2);
            assertThat(v2.update("c", Update.builder().set("name", "Ada King").build())).contains(new CustomerV2("Ada", "King"));
            assertModelEquals(store.collection(name).get("c").orElseThrow(), doc("name", "Ada King"));
            assertThat(v2.getDocument("c").orElseThrow().revision()).isEqualTo(2);
            v2.put("c", v2.get("c").orElseThrow());
            assertModelEquals(store.collection(name).get("c").orElseThrow(), doc("firstName", "Ada", "lastName", "King"));
        }

        @Test
        @DisplayName("a document stored with a newer version than the handle's is read as it is")
        void newerVersion() {
            String name = uniqueName();
            store.collection(name, CustomerV3.class, V3).insert("c", new CustomerV3("Ada", "Lovelace", "gold"));
            assertThat(store.collection(name, CustomerV2.class, V2).get("c")).contains(new CustomerV2("Ada", "Lovelace"));
        }

        @Test
        @DisplayName("options reject an incomplete or inconsistent upcaster chain")
        void optionsValidation() {
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(0).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(2).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(3).upcaster(SPLIT_NAME).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(3).upcaster(ADD_TIER).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(2).upcaster(SPLIT_NAME).upcaster(SPLIT_NAME).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(2).upcaster(SPLIT_NAME).upcaster(ADD_TIER).build());
            assertInvalid(() -> CollectionOptions.builder().upcaster(SPLIT_NAME).build());
            assertInvalid(() -> CollectionOptions.builder().schemaVersion(2).upcaster(null).build());
            assertInvalid(() -> Upcaster.of(0, d -> d));
            assertInvalid(() -> Upcaster.of(1, null));
            assertThat(CollectionOptions.defaults().schemaVersion()).isEqualTo(1);
            assertThat(V3.upcasters()).extracting(Upcaster::fromVersion).containsExactly(1, 2);
        }

        @Test
        @DisplayName("an upcaster producing an invalid document fails the read with IllegalArgumentException")
        void badUpcaster() {
            String name = uniqueName();
            store.collection(name).insert("c", doc("name", "x"));
            CollectionOptions bad = CollectionOptions.builder().schemaVersion(2)
                    .upcaster(Upcaster.of(1, d -> {
                        d.put("bad.key", 1);
                        return d;
                    })).build();
            assertInvalid(() -> store.collection(name, bad).get("c"));
        }
    }

    // ---------------------------------------------------------------- scan

    @Nested
    @DisplayName("Scan")
    class Scan {

        @Test
        @DisplayName("scan streams every document with id and revision in id order")
        void scanAll() {
            DocumentCollection<Item> items = typed(Item.class);
            items.insert("b", item("b", 2));
            items.insert("a", item("a", 1));
            items.insert("c", item("c", 3));
            items.put("a", item("a", 10));
            try (Stream<StoredDocument<Item>> all = items.scan()) {
                assertThat(all).containsExactly(new StoredDocument<>("a", 2, item("a", 10)),
                        new StoredDocument<>("b", 1, item("b", 2)), new StoredDocument<>("c", 1, item("c", 3)));
            }
        }

        @Test
        @DisplayName("scan orders ids by code point")
        void scanCodePointOrder() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            List<String> ids = List.of("\uD83D\uDE00", "z", "\uFF5E", "é", "Z", "10", "9", "a b", "a");
            for (String id : ids) {
                docs.insert(id, doc("x", 1));
            }
            assertThat(scanIds(docs)).containsExactly("10", "9", "Z", "a", "a b", "z", "é", "\uFF5E", "\uD83D\uDE00");
            assertThat(docs.find(Filter.all())).hasSize(ids.size());
        }

        @Test
        @DisplayName("scan of an empty or unknown collection is an empty stream")
        void scanEmpty() {
            assertThat(scanIds(raw())).isEmpty();
        }

        @Test
        @DisplayName("scan streams more documents than a page holds")
        void scanMany() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            for (int i = 0; i < 1200; i++) {
                docs.insert(String.format("%05d", i), doc("i", i));
            }
            List<String> ids = scanIds(docs);
            assertThat(ids).hasSize(1200).doesNotHaveDuplicates().isSorted();
        }
    }

    // ---------------------------------------------------------------- typed round trip

    private static Order sampleOrder() {
        return new Order("Ada", Instant.parse("2026-03-04T05:06:07.123Z"), UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"),
                new BigDecimal("1234.50"), Status.PAID, LocalDate.of(2026, 4, 1), new Address("Main St 1", "Oslo"),
                List.of(new Line("A-1", 2, new BigDecimal("9.99")), new Line("B-2", 1, new BigDecimal("1214.52"))),
                Optional.of("leave at the door"), new byte[] {0, 1, 2, (byte) 255});
    }

    @Nested
    @DisplayName("Typed documents")
    class TypedDocuments {

        @Test
        @DisplayName("a record with instant, UUID, BigDecimal, enum, LocalDate, nested record, list, Optional and byte[] round-trips")
        void roundTrip() {
            DocumentCollection<Order> orders = typed(Order.class);
            Order order = sampleOrder();
            String id = orders.insert(order);
            Order read = orders.get(id).orElseThrow();
            assertThat(read).usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(order);
            assertThat(read.attachment()).containsExactly(0, 1, 2, (byte) 255);
            assertThat(read.note()).contains("leave at the door");
            Order noNote = new Order("Bob", order.placedAt(), order.reference(), order.total(), Status.OPEN, order.due(),
                    order.shipTo(), List.of(), Optional.empty(), new byte[0]);
            orders.put("n", noNote);
            assertThat(orders.get("n").orElseThrow().note()).isEmpty();
            assertThat(orders.get("n").orElseThrow().lines()).isEmpty();
        }

        @Test
        @DisplayName("filters on typed fields use the stored types")
        void typedFilters() {
            DocumentCollection<Order> orders = typed(Order.class);
            Order order = sampleOrder();
            orders.insert("o1", order);
            assertThat(orders.count(Filter.eq("status", Status.PAID))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("status", "PAID"))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("reference", order.reference()))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("placedAt", order.placedAt()))).isEqualTo(1);
            assertThat(orders.count(Filter.gt("placedAt", order.placedAt().minusMillis(1)))).isEqualTo(1);
            assertThat(orders.count(Filter.gt("placedAt", "2000"))).isZero();
            assertThat(orders.count(Filter.eq("due", LocalDate.of(2026, 4, 1)))).isEqualTo(1);
            assertThat(orders.count(Filter.gte("due", "2026-01-01"))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("total", 1234.5))).isEqualTo(1);
            assertThat(orders.count(Filter.lt("total", 2000))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("shipTo.city", "Oslo"))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("lines.sku", "B-2"))).isEqualTo(1);
            assertThat(orders.count(Filter.gt("lines.quantity", 1))).isEqualTo(1);
            assertThat(orders.count(Filter.eq("attachment", new byte[] {0, 1, 2, (byte) 255}))).isEqualTo(1);
        }

        @Test
        @DisplayName("the raw form holds the document model types")
        void rawForm() {
            String name = uniqueName();
            Order order = sampleOrder();
            store.collection(name, Order.class).insert("o1", order);
            Map<String, @Nullable Object> raw = store.collection(name).get("o1").orElseThrow();
            assertThat(raw.get("placedAt")).isEqualTo(order.placedAt());
            assertThat(raw.get("reference")).isEqualTo(order.reference());
            assertModelEquals(raw.get("total"), new BigDecimal("1234.5"));
            assertThat(raw.get("status")).isEqualTo("PAID");
            assertThat(raw.get("due")).isEqualTo("2026-04-01");
            assertThat(raw.get("attachment")).isEqualTo(order.attachment());
            assertThat(raw.get("shipTo")).isEqualTo(Map.of("street", "Main St 1", "city", "Oslo"));
        }

        @Test
        @DisplayName("raw documents round-trip every document model type")
        void rawRoundTrip() {
            DocumentCollection<Map<String, @Nullable Object>> docs = raw();
            Map<String, @Nullable Object> original = doc("s", "text", "i", 42, "l", 1L << 40, "d", 2.5,
                    "bd", new BigDecimal("123456789.123456789"), "t", Instant.parse("2026-01-02T03:04:05.678Z"),
                    "u", FIXTURE_UUID, "bytes", new byte[] {9, 8}, "yes", true, "no", false, "nothing", null,
                    "list", list(1, "two", null, list(3), doc("four", 4)), "empty", doc(), "emptyList", list(),
                    "unicode", "ünïcödé \uD83D\uDE00", "nul", "a\0b");
            docs.insert("r", original);
            assertModelEquals(docs.get("r").orElseThrow(), original);
            assertThat(docs.get("r").orElseThrow()).containsOnlyKeys(original.keySet());
        }
    }

    // ---------------------------------------------------------------- exception translation

    @Nested
    @DisplayName("Exception translation")
    class ExceptionTranslation {

        private void assertTranslated(DocumentStore unavailable, ThrowingCallable call) {
            assertThatThrownBy(call)
                    .isInstanceOf(PolyglotException.class)
                    .satisfies(e -> assertThat(e.getCause()).as("the driver exception is kept as cause").isNotNull());
        }

        @Test
        @DisplayName("every operation on an unreachable store throws a PolyglotException with the driver exception as cause")
        void unreachable() {
            DocumentStore unavailable = createUnavailableStore();
            try {
                String name = uniqueName();
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).insert(item("a", 1)));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).insert("a", item("a", 1)));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).put("a", item("a", 1)));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).put("a", item("a", 1), 1));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).get("a"));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).getDocument("a"));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).delete("a"));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).find(Filter.all()));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class)
                        .find(Filter.all(), Sort.asc("name"), PageRequest.first(5)));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).count(Filter.all()));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class)
                        .update("a", Update.builder().inc("count", 1).build()));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class)
                        .update("a", Update.builder().inc("count", 1).build(), 1));
                assertTranslated(unavailable, () -> unavailable.collection(name, Item.class).createIndex(IndexSpec.on("name")));
                assertTranslated(unavailable, () -> {
                    try (Stream<StoredDocument<Item>> all = unavailable.collection(name, Item.class).scan()) {
                        all.forEach(d -> { });
                    }
                });
                assertTranslated(unavailable, () -> unavailable.dropCollection(name));
            } finally {
                unavailable.close();
            }
        }

        @Test
        @DisplayName("invalid input is rejected with IllegalArgumentException even when the store is unreachable")
        void validationFirst() {
            DocumentStore unavailable = createUnavailableStore();
            try {
                assertInvalid(() -> unavailable.collection("bad name", Item.class));
                assertInvalid(() -> unavailable.dropCollection("bad-name"));
                assertInvalid(() -> unavailable.collection(null));
            } finally {
                unavailable.close();
            }
        }
    }
}
