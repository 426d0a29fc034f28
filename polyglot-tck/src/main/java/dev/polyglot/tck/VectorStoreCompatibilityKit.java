package dev.polyglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The compatibility kit of the {@link VectorStore} port: every Vector adapter must pass it with
 * nothing skipped.
 *
 * <p>Subclass it and say how to create a store:
 * <pre>{@code
 * class PostgresVectorStoreCompatibilityTest extends VectorStoreCompatibilityKit {
 *     protected VectorStore createStore() { return PostgresVectorStore.create(dataSource); }
 *     protected VectorStore createUnavailableStore() { return PostgresVectorStore.create(deadDataSource); }
 * }
 * }</pre>
 *
 * <p>Every test works in collections with fresh random names and drops them afterwards, so many
 * test classes can share one server. Expected scores are computed by hand or by the kit's own
 * double-precision reference, never by the code under test, and compared within {@value #TOLERANCE}.
 * Small searches are exact for every adapter: approximate ones get a {@code searchEffort} at least
 * as large as the collection.
 */
public abstract class VectorStoreCompatibilityKit {

    /** How far a reported score may be from the exact one. */
    protected static final double TOLERANCE = 1e-5;

    private @Nullable VectorStore store;
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());

    /**
     * Creates a store for one test; the kit closes it after the test.
     *
     * @return a new, working store
     */
    protected abstract VectorStore createStore();

    /**
     * Creates a store whose backend cannot be reached (a server that is down, a wrong port, an
     * in-memory store switched to unavailable); the kit closes it after use.
     *
     * @return a store whose operations fail
     */
    protected abstract VectorStore createUnavailableStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        VectorStore s = store();
        try {
            for (String name : created) {
                try {
                    s.dropCollection(name);
                } catch (RuntimeException alreadyClosedOrDown) {
                    // Best-effort cleanup: a test may have closed the store on purpose.
                }
            }
        } finally {
            s.close();
        }
    }

    /**
     * Returns the store of the current test.
     *
     * @return the store
     */
    protected final VectorStore store() {
        VectorStore s = store;
        if (s == null) {
            throw new IllegalStateException("no store: createStore() has not run");
        }
        return s;
    }

    /**
     * Returns a fresh collection name, unique across tests and JVMs, and remembers it for cleanup.
     *
     * @return the name
     */
    protected final String uniqueName() {
        String name = "v" + UUID.randomUUID().toString().replace("-", "");
        created.add(name);
        return name;
    }

    /**
     * Creates a collection with a fresh name.
     *
     * @param dimensions the dimensions
     * @param metric the metric
     * @return the collection
     */
    protected final VectorCollection newCollection(int dimensions, Metric metric) {
        return store().collection(uniqueName(), dimensions, metric);
    }

    // ---------------------------------------------------------------- helpers

    private static float[] vec(double... components) {
        float[] v = new float[components.length];
        for (int i = 0; i < components.length; i++) {
            v[i] = (float) components[i];
        }
        return v;
    }

    /** A null where the API forbids one, to check that the adapter rejects it. */
    @SuppressWarnings("nullness") // deliberately breaks the @NullMarked contract under test
    private static <T> T nullValue() {
        return null;
    }

    private static List<String> ids(List<VectorMatch> matches) {
        return matches.stream().map(VectorMatch::id).collect(Collectors.toList());
    }

    private static Map<String, Double> scores(List<VectorMatch> matches) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (VectorMatch m : matches) {
            out.put(m.id(), m.score());
        }
        return out;
    }

    private static List<String> scanIds(VectorCollection c) {
        try (Stream<VectorRecord> all = c.scan()) {
            return all.map(VectorRecord::id).collect(Collectors.toList());
        }
    }

    /** Score of the contract, computed independently of the code under test. */
    private static double referenceScore(Metric metric, float[] q, float[] v) {
        double dot = 0;
        double nq = 0;
        double nv = 0;
        double l2 = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * v[i];
            nq += (double) q[i] * q[i];
            nv += (double) v[i] * v[i];
            double d = (double) q[i] - v[i];
            l2 += d * d;
        }
        switch (metric) {
            case COSINE:
                return dot / Math.sqrt(nq * nv);
            case DOT:
                return dot;
            default:
                return -Math.sqrt(l2);
        }
    }

    /** The ids the exact top-k must return, by the reference score then id (code point order). */
    private static List<String> referenceTopK(Metric metric, Map<String, float[]> data, float[] q, int k) {
        Comparator<Map.Entry<String, Double>> order = Comparator
                .comparing((Map.Entry<String, Double> e) -> e.getValue()).reversed()
                .thenComparing(Map.Entry::getKey);
        return data.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), referenceScore(metric, q, e.getValue())))
                .sorted(order)
                .limit(k)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    private static void assertSortedBestFirst(List<VectorMatch> matches) {
        for (int i = 1; i < matches.size(); i++) {
            VectorMatch prev = matches.get(i - 1);
            VectorMatch next = matches.get(i);
            assertThat(prev.score()).as("scores descend at %d: %s", i, matches).isGreaterThanOrEqualTo(next.score());
            if (prev.score() == next.score()) {
                assertThat(prev.id().compareTo(next.id())).as("ties by id at %d: %s", i, matches).isNegative();
            }
        }
    }

    /** Asserts that no id of a result is in a set (AssertJ refuses an empty set to look for). */
    private static void assertNoneOf(List<String> actual, Set<String> forbidden, String what) {
        List<String> found = actual.stream().filter(forbidden::contains).collect(Collectors.toList());
        assertThat(found).as("%s returned ids whose delete had already returned", what).isEmpty();
    }

    private static void assertTranslated(String operation, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("%s on an unreachable store must throw a PolyglotException", operation)
                .isInstanceOf(PolyglotException.class);
        assertThat(thrown.getCause()).as("%s keeps the driver's exception as the cause", operation).isNotNull();
    }

    /** Runs tasks on their own threads all at once and rethrows the first failure. */
    private static void runConcurrently(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                try {
                    f.get(2, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Query vector used by the Scores tests: |q| = 3. */
    private static final float[] Q = {1, 2, 2};

    /** Stores the five hand-computed records of the Scores tests. */
    private VectorCollection scoreFixture(Metric metric) {
        VectorCollection c = newCollection(3, metric);
        c.upsert(VectorRecord.of("a", vec(2, 0, 0)));
        c.upsert(VectorRecord.of("b", vec(0, 3, 4)));
        c.upsert(VectorRecord.of("c", vec(-1, -2, -2)));
        c.upsert(VectorRecord.of("d", vec(1, 2, 2)));
        c.upsert(VectorRecord.of("e", vec(0.5, 1, 1)));
        return c;
    }

    // ---------------------------------------------------------------- tests

    @Nested
    @DisplayName("Collections")
    class NamedCollections {

        @Test
        @DisplayName("a collection reports its name, dimensions and metric")
        void reportsSettings() {
            String name = uniqueName();
            VectorCollection c = store().collection(name, 5, Metric.DOT);
            assertThat(c.name()).isEqualTo(name);
            assertThat(c.dimensions()).isEqualTo(5);
            assertThat(c.metric()).isEqualTo(Metric.DOT);
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("reopening a collection with the same settings sees its records")
        void reopenSameSettings() {
            String name = uniqueName();
            store().collection(name, 2, Metric.EUCLIDEAN).upsert(VectorRecord.of("a", vec(1, 2)));
            VectorCollection again = store().collection(name, 2, Metric.EUCLIDEAN);
            assertThat(again.count()).isEqualTo(1);
            assertThat(again.get("a")).contains(VectorRecord.of("a", vec(1, 2)));
        }

        @Test
        @DisplayName("reopening with other dimensions fails with a message naming both")
        void reopenOtherDimensions() {
            String name = uniqueName();
            store().collection(name, 123, Metric.COSINE);
            Throwable thrown = catchThrowable(() -> store().collection(name, 321, Metric.COSINE));
            assertThat(thrown).isInstanceOf(StoreConfigurationException.class);
            assertThat(thrown.getMessage().replace(name, "")).contains("123").contains("321");
            assertThat(store().collection(name, 123, Metric.COSINE).dimensions()).isEqualTo(123);
        }

        @Test
        @DisplayName("reopening with another metric fails with a message naming both")
        void reopenOtherMetric() {
            String name = uniqueName();
            store().collection(name, 3, Metric.COSINE);
            Throwable thrown = catchThrowable(() -> store().collection(name, 3, Metric.EUCLIDEAN));
            assertThat(thrown).isInstanceOf(StoreConfigurationException.class);
            assertThat(thrown.getMessage()).contains("COSINE").contains("EUCLIDEAN");
        }

        @Test
        @DisplayName("bad collection names are rejected")
        void badNames() {
            for (String bad : Arrays.asList(null, "", " ", "1abc", "_abc", "a-b", "a b", "a.b", "a;drop table x",
                    "é", "a".repeat(64), "a\0b")) {
                assertThatThrownBy(() -> store().collection(bad, 3, Metric.COSINE))
                        .as("name %s", bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store().dropCollection(bad))
                        .as("name %s", bad).isInstanceOf(IllegalArgumentException.class);
            }
            String longest = uniqueName() + "_" + "x".repeat(29);
            created.add(longest);
            assertThat(store().collection(longest, 1, Metric.DOT).dimensions()).isOne();
        }

        @Test
        @DisplayName("dimensions out of range and a null metric are rejected")
        void badSettings() {
            String name = uniqueName();
            assertThatThrownBy(() -> store().collection(name, 0, Metric.COSINE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().collection(name, -3, Metric.COSINE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().collection(name, VectorStore.MAX_DIMENSIONS + 1, Metric.COSINE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().collection(name, 3, nullValue())).isInstanceOf(IllegalArgumentException.class);
            // None of the rejected calls created the collection, so any settings still work.
            assertThat(store().collection(name, 2, Metric.DOT).dimensions()).isEqualTo(2);
        }

        @Test
        @DisplayName("a collection with the largest allowed dimensions stores and finds records")
        void maxDimensions() {
            VectorCollection c = newCollection(VectorStore.MAX_DIMENSIONS, Metric.COSINE);
            float[] v = new float[VectorStore.MAX_DIMENSIONS];
            v[VectorStore.MAX_DIMENSIONS - 1] = 1;
            c.upsert(VectorRecord.of("a", v));
            List<VectorMatch> hits = c.search(VectorQuery.nearest(v, 1));
            assertThat(ids(hits)).containsExactly("a");
            assertThat(hits.get(0).score()).isCloseTo(1.0, within(TOLERANCE));
        }

        @Test
        @DisplayName("collections are isolated from each other")
        void isolated() {
            VectorCollection one = newCollection(2, Metric.EUCLIDEAN);
            VectorCollection two = newCollection(2, Metric.EUCLIDEAN);
            one.upsert(VectorRecord.of("a", vec(1, 1), Map.of("in", "one")));
            two.upsert(VectorRecord.of("a", vec(5, 5), Map.of("in", "two")));
            two.upsert(VectorRecord.of("b", vec(6, 6)));

            assertThat(one.get("a").map(VectorRecord::metadata)).contains(Map.of("in", "one"));
            assertThat(two.get("a").map(VectorRecord::metadata)).contains(Map.of("in", "two"));
            assertThat(one.count()).isEqualTo(1);
            assertThat(ids(one.search(VectorQuery.nearest(vec(6, 6), 10)))).containsExactly("a");

            assertThat(two.delete(Filter.all())).isEqualTo(2);
            assertThat(one.get("a")).isPresent();
            assertThat(one.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("dropping a collection deletes its records and reports whether it existed")
        void drop() {
            String name = uniqueName();
            store().collection(name, 2, Metric.DOT).upsert(VectorRecord.of("a", vec(1, 2)));
            assertThat(store().dropCollection(name)).isTrue();
            assertThat(store().dropCollection(name)).isFalse();
            assertThat(store().dropCollection(uniqueName())).isFalse();

            VectorCollection recreated = store().collection(name, 4, Metric.COSINE);
            assertThat(recreated.count()).isZero();
            assertThat(recreated.get("a")).isEmpty();
        }

        @Test
        @DisplayName("a handle on a dropped collection fails with StoreConfigurationException")
        void droppedHandle() {
            String name = uniqueName();
            VectorCollection c = store().collection(name, 2, Metric.DOT);
            c.upsert(VectorRecord.of("a", vec(1, 2)));
            store().dropCollection(name);

            assertThatThrownBy(() -> c.upsert(VectorRecord.of("b", vec(1, 2)))).isInstanceOf(StoreConfigurationException.class);
            assertThatThrownBy(() -> c.get("a")).isInstanceOf(StoreConfigurationException.class);
            assertThatThrownBy(c::count).isInstanceOf(StoreConfigurationException.class);
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 2), 1)))
                    .isInstanceOf(StoreConfigurationException.class);
            store().collection(name, 3, Metric.DOT);
            assertThatThrownBy(c::count).as("the name now holds other settings").isInstanceOf(StoreConfigurationException.class);
        }

        @Test
        @DisplayName("a handle works again once the collection is recreated with the same settings")
        void recreatedHandle() {
            String name = uniqueName();
            VectorCollection old = store().collection(name, 2, Metric.DOT);
            old.upsert(VectorRecord.of("a", vec(1, 2)));
            store().dropCollection(name);
            store().collection(name, 2, Metric.DOT).upsert(VectorRecord.of("b", vec(3, 4)));
            assertThat(old.get("a")).isEmpty();
            assertThat(old.get("b")).isPresent();
        }
    }

    @Nested
    @DisplayName("Writing and reading records")
    class Records {

        @Test
        @DisplayName("upsert then get returns an equal record with its metadata")
        void upsertThenGet() {
            VectorCollection c = newCollection(3, Metric.COSINE);
            Map<String, Object> author = new LinkedHashMap<>();
            author.put("name", "Ann");
            author.put("age", 30);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("lang", "en");
            metadata.put("year", 2024);
            metadata.put("big", 9_000_000_000L);
            metadata.put("price", 9.75);
            metadata.put("draft", false);
            metadata.put("none", null);
            metadata.put("tags", List.of("a", "b"));
            metadata.put("author", author);
            metadata.put("items", List.of(Map.of("sku", "x1", "qty", 2), Map.of("sku", "y2", "qty", 1)));
            VectorRecord written = VectorRecord.of("doc-1", vec(0.25, -1.5, 3), metadata);
            c.upsert(written);

            VectorRecord read = c.get("doc-1").orElseThrow();
            assertThat(read).isEqualTo(written);
            assertThat(read.vector()).containsExactly(0.25f, -1.5f, 3f);
            assertThat(read.metadata()).containsEntry("lang", "en").containsKey("none");
            assertThat(read.metadata().get("none")).isNull();
        }

        @Test
        @DisplayName("get of an unknown id is empty")
        void getUnknown() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThat(c.get("nope")).isEmpty();
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            assertThat(c.get("A")).isEmpty();
        }

        @Test
        @DisplayName("upsert replaces the vector and the whole metadata of an existing id")
        void upsertReplaces() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1, 1), Map.of("old", 1, "kept", "no")));
            c.upsert(VectorRecord.of("a", vec(9, 9), Map.of("new", 2)));
            assertThat(c.count()).isEqualTo(1);
            VectorRecord read = c.get("a").orElseThrow();
            assertThat(read.vector()).containsExactly(9f, 9f);
            assertThat(read.metadata()).isEqualTo(Map.of("new", 2));
            List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(9, 9), 5));
            assertThat(ids(hits)).containsExactly("a");
            assertThat(hits.get(0).score()).isCloseTo(0.0, within(TOLERANCE));
            assertThat(c.search(VectorQuery.filterOnly(Filter.exists("old", true), 5))).isEmpty();
        }

        @Test
        @DisplayName("count counts records, not writes")
        void count() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThat(c.count()).isZero();
            c.upsert(VectorRecord.of("a", vec(1, 0)));
            c.upsert(VectorRecord.of("b", vec(0, 1)));
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            assertThat(c.count()).isEqualTo(2);
        }

        @Test
        @DisplayName("scan streams every record in id order by Unicode code point")
        void scanOrder() {
            VectorCollection c = newCollection(2, Metric.DOT);
            // "\uFFFD" sorts before the supplementary "😀" by code point, though not by UTF-16 unit.
            List<String> ids = List.of("b", "a10", "Z", "é", "a2", "a", "😀", "\uFFFD", "a b");
            for (int i = 0; i < ids.size(); i++) {
                c.upsert(VectorRecord.of(ids.get(i), vec(i, 1), Map.of("i", i)));
            }
            assertThat(scanIds(c)).containsExactly("Z", "a", "a b", "a10", "a2", "b", "é", "\uFFFD", "😀");
            try (Stream<VectorRecord> all = c.scan()) {
                assertThat(all.filter(r -> r.id().equals("a2")).findFirst())
                        .contains(VectorRecord.of("a2", vec(4, 1), Map.of("i", 4)));
            }
        }

        @Test
        @DisplayName("scan of an empty collection is empty")
        void scanEmpty() {
            assertThat(scanIds(newCollection(2, Metric.DOT))).isEmpty();
        }

        @Test
        @DisplayName("metadata is stored in the document model")
        void metadataNormalized() {
            VectorCollection c = newCollection(2, Metric.DOT);
            Map<String, Object> metadata = new HashMap<>();
            metadata.put("f", 1.5f);
            metadata.put("s", (short) 3);
            metadata.put("e", Metric.DOT);
            metadata.put("set", List.of(1L, 2L));
            c.upsert(VectorRecord.of("a", vec(1, 1), metadata));
            assertThat(c.get("a")).contains(VectorRecord.of("a", vec(1, 1),
                    Map.of("f", 1.5, "s", 3, "e", "DOT", "set", List.of(1, 2))));
            assertThat(ids(c.search(VectorQuery.filterOnly(Filter.eq("e", Metric.DOT), 5)))).containsExactly("a");
        }

        @Test
        @DisplayName("stored records share nothing with callers' arrays and maps")
        void defensiveCopies() {
            VectorCollection c = newCollection(2, Metric.DOT);
            float[] v = vec(1, 2);
            Map<String, Object> tags = new LinkedHashMap<>();
            tags.put("k", "v");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("tags", tags);
            c.upsert(VectorRecord.of("a", v, metadata));
            v[0] = 99;
            tags.put("k", "changed");

            float[] read = c.get("a").orElseThrow().vector();
            read[1] = 77;
            c.search(VectorQuery.nearest(vec(1, 1), 1)).get(0).vector()[0] = 55;

            VectorRecord again = c.get("a").orElseThrow();
            assertThat(again.vector()).containsExactly(1f, 2f);
            assertThat(again.metadata()).isEqualTo(Map.of("tags", Map.of("k", "v")));
        }

        @Test
        @DisplayName("ids and metadata holding quotes, SQL, JSON syntax and any Unicode round-trip literally")
        void hostileStrings() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            List<String> hostile = List.of("'", "\"", "'; DROP TABLE x; --", "a\\b", "$.a[0]", "{\"a\":1}", "%_*?",
                    "line\nbreak\ttab", "😀 ünïcödé", "x".repeat(512), " leading space", "-- comment", "?", ":name");
            int i = 0;
            for (String s : hostile) {
                c.upsert(VectorRecord.of(s, vec(i, 0), Map.of("value", s, s.length() > 100 ? "long" : s.replace(".", "_")
                        .replace("$", "_"), i)));
                i++;
            }
            assertThat(c.count()).isEqualTo(hostile.size());
            i = 0;
            for (String s : hostile) {
                VectorRecord read = c.get(s).orElseThrow(() -> new AssertionError("missing id " + s));
                assertThat(read.metadata()).containsEntry("value", s);
                assertThat(ids(c.search(VectorQuery.filterOnly(Filter.eq("value", s), 5)))).containsExactly(s);
                assertThat(read.vector()).containsExactly((float) i, 0f);
                i++;
            }
            assertThat(c.delete("'; DROP TABLE x; --")).isTrue();
            assertThat(c.count()).isEqualTo(hostile.size() - 1);
        }
    }

    @Nested
    @DisplayName("Batch upserts")
    class Batches {

        @Test
        @DisplayName("upsertAll writes every record")
        void writesAll() {
            VectorCollection c = newCollection(2, Metric.DOT);
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(VectorRecord.of("r" + i, vec(i, -i), Map.of("i", i)));
            }
            c.upsertAll(batch);
            assertThat(c.count()).isEqualTo(100);
            assertThat(c.get("r42")).contains(VectorRecord.of("r42", vec(42, -42), Map.of("i", 42)));
        }

        @Test
        @DisplayName("when an id appears twice in a batch the later record wins")
        void lastWins() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsertAll(List.of(VectorRecord.of("a", vec(1, 1), Map.of("n", 1)), VectorRecord.of("b", vec(2, 2)),
                    VectorRecord.of("a", vec(3, 3), Map.of("n", 3))));
            assertThat(c.count()).isEqualTo(2);
            assertThat(c.get("a")).contains(VectorRecord.of("a", vec(3, 3), Map.of("n", 3)));
        }

        @Test
        @DisplayName("one record with the wrong dimensions rejects the whole batch and writes nothing")
        void atomicValidation() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            List<VectorRecord> batch = List.of(VectorRecord.of("a", vec(5, 5)), VectorRecord.of("b", vec(2, 2)),
                    VectorRecord.of("c", vec(1, 2, 3)));
            assertThatThrownBy(() -> c.upsertAll(batch)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isEqualTo(1);
            assertThat(c.get("a")).contains(VectorRecord.of("a", vec(1, 1)));
            assertThat(c.get("b")).isEmpty();
        }

        @Test
        @DisplayName("a zero vector in a COSINE batch rejects the whole batch")
        void zeroVectorInBatch() {
            VectorCollection c = newCollection(2, Metric.COSINE);
            List<VectorRecord> batch = List.of(VectorRecord.of("a", vec(1, 1)), VectorRecord.of("z", vec(0, 0)));
            assertThatThrownBy(() -> c.upsertAll(batch)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("a null record or a null batch is rejected and nothing is written")
        void nullRecord() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThatThrownBy(() -> c.upsertAll(Arrays.asList(VectorRecord.of("a", vec(1, 1)), null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.upsertAll(nullValue())).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("an empty batch does nothing")
        void emptyBatch() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsertAll(List.of());
            assertThat(c.count()).isZero();
        }
    }

    @Nested
    @DisplayName("Invalid input is rejected before anything is written")
    class Validation {

        @Test
        @DisplayName("a vector with the wrong dimensions cannot be upserted")
        void wrongDimensionUpsert() {
            VectorCollection c = newCollection(3, Metric.EUCLIDEAN);
            assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2").hasMessageContaining("3");
            assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 2, 3, 4))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isZero();
            assertThat(c.get("a")).isEmpty();
        }

        @Test
        @DisplayName("a query vector with the wrong dimensions is rejected")
        void wrongDimensionQuery() {
            VectorCollection c = newCollection(3, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1, 2, 3)));
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 2), 1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 2, 3, 4), 1)
                    .withFilter(Filter.all()))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("NaN and infinite components are rejected in records and queries")
        void nonFinite() {
            VectorCollection c = newCollection(2, Metric.DOT);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", new float[] {1, bad})))
                        .as("record component %s", bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.upsertAll(List.of(VectorRecord.of("b", vec(1, 1)),
                        VectorRecord.of("a", new float[] {bad, 1})))).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.search(VectorQuery.nearest(new float[] {bad, 1}, 1)))
                        .as("query component %s", bad).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("k below 1 or above the maximum is rejected")
        void badK() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 1), 0))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 1), -1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.search(VectorQuery.nearest(vec(1, 1), VectorQuery.MAX_K + 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.search(VectorQuery.filterOnly(Filter.all(), 0))).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.search(VectorQuery.nearest(vec(1, 1), VectorQuery.MAX_K))).hasSize(1);
        }

        @Test
        @DisplayName("the zero vector is rejected by COSINE collections and accepted by the others")
        void zeroVector() {
            VectorCollection cosine = newCollection(3, Metric.COSINE);
            assertThatThrownBy(() -> cosine.upsert(VectorRecord.of("z", vec(0, 0, 0)))).isInstanceOf(IllegalArgumentException.class);
            assertThat(cosine.count()).isZero();
            cosine.upsert(VectorRecord.of("a", vec(1, 0, 0)));
            assertThatThrownBy(() -> cosine.search(VectorQuery.nearest(vec(0, 0, 0), 1))).isInstanceOf(IllegalArgumentException.class);

            VectorCollection dot = newCollection(3, Metric.DOT);
            dot.upsert(VectorRecord.of("z", vec(0, 0, 0)));
            assertThat(dot.search(VectorQuery.nearest(vec(1, 2, 3), 1)).get(0).score()).isCloseTo(0.0, within(TOLERANCE));

            VectorCollection euclidean = newCollection(3, Metric.EUCLIDEAN);
            euclidean.upsert(VectorRecord.of("z", vec(0, 0, 0)));
            assertThat(euclidean.search(VectorQuery.nearest(vec(0, 3, 4), 1)).get(0).score())
                    .isCloseTo(-5.0, within(TOLERANCE));
            assertThat(euclidean.search(VectorQuery.nearest(vec(0, 0, 0), 1)).get(0).score()).isCloseTo(0.0, within(TOLERANCE));
        }

        @Test
        @DisplayName("null, blank, too long and NUL-holding ids are rejected")
        void badIds() {
            VectorCollection c = newCollection(2, Metric.DOT);
            for (String bad : Arrays.asList(null, "", "   ", "a\0b", "x".repeat(513))) {
                assertThatThrownBy(() -> c.upsert(VectorRecord.of(bad, vec(1, 1)))).as("id %s", bad)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.get(bad)).as("id %s", bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.delete(bad)).as("id %s", bad).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("metadata keys with dots, a leading $ or nothing at all are rejected at any depth")
        void badMetadataKeys() {
            VectorCollection c = newCollection(2, Metric.DOT);
            List<Map<String, Object>> bad = List.of(Map.of("a.b", 1), Map.of("$a", 1), Map.of("", 1),
                    Map.of("ok", Map.of("x.y", 1)), Map.of("ok", List.of(Map.of("$x", 1))), Map.of("a\0", 1));
            for (Map<String, Object> m : bad) {
                assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 1), m))).as("metadata %s", m)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("metadata values outside the document model are rejected")
        void badMetadataValues() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 1), Map.of("x", new Object()))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 1), Map.of("x", Double.NaN))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.upsert(VectorRecord.of("a", vec(1, 1), nullValue())))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("null records, queries and filters are rejected")
        void nulls() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThatThrownBy(() -> c.upsert(nullValue())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.search(nullValue())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.delete((Filter) nullValue())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorRecord.of("a", nullValue())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.nearest(nullValue(), 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.filterOnly(nullValue(), 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.count()).isZero();
        }

        @Test
        @DisplayName("a query needs a vector or a filter, and minScore needs a vector")
        void incompleteQueries() {
            assertThatThrownBy(() -> VectorQuery.builder().k(3).build()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.filterOnly(Filter.all(), 3).withMinScore(0.5))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.nearest(vec(1, 1), 3).withMinScore(Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.nearest(vec(1, 1), 3).withSearchEffort(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VectorQuery.nearest(new float[0], 3)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("Scores follow the contract of each metric")
    class Scores {

        @Test
        @DisplayName("COSINE scores are the cosine similarity, ignoring magnitude")
        void cosine() {
            List<VectorMatch> hits = scoreFixture(Metric.COSINE).search(VectorQuery.nearest(Q, 5));
            assertThat(ids(hits)).containsExactly("d", "e", "b", "a", "c");
            Map<String, Double> s = scores(hits);
            assertThat(s.get("d")).isCloseTo(1.0, within(TOLERANCE));
            assertThat(s.get("e")).isCloseTo(1.0, within(TOLERANCE));
            assertThat(s.get("b")).isCloseTo(14.0 / 15.0, within(TOLERANCE));
            assertThat(s.get("a")).isCloseTo(1.0 / 3.0, within(TOLERANCE));
            assertThat(s.get("c")).isCloseTo(-1.0, within(TOLERANCE));
        }

        @Test
        @DisplayName("DOT scores are the dot product")
        void dot() {
            List<VectorMatch> hits = scoreFixture(Metric.DOT).search(VectorQuery.nearest(Q, 5));
            assertThat(ids(hits)).containsExactly("b", "d", "e", "a", "c");
            Map<String, Double> s = scores(hits);
            assertThat(s.get("b")).isCloseTo(14.0, within(TOLERANCE));
            assertThat(s.get("d")).isCloseTo(9.0, within(TOLERANCE));
            assertThat(s.get("e")).isCloseTo(4.5, within(TOLERANCE));
            assertThat(s.get("a")).isCloseTo(2.0, within(TOLERANCE));
            assertThat(s.get("c")).isCloseTo(-9.0, within(TOLERANCE));
        }

        @Test
        @DisplayName("EUCLIDEAN scores are the negative L2 distance, 0 for an identical vector")
        void euclidean() {
            List<VectorMatch> hits = scoreFixture(Metric.EUCLIDEAN).search(VectorQuery.nearest(Q, 5));
            assertThat(ids(hits)).containsExactly("d", "e", "b", "a", "c");
            Map<String, Double> s = scores(hits);
            assertThat(s.get("d")).isCloseTo(0.0, within(TOLERANCE));
            assertThat(s.get("e")).isCloseTo(-1.5, within(TOLERANCE));
            assertThat(s.get("b")).isCloseTo(-Math.sqrt(6), within(TOLERANCE));
            assertThat(s.get("a")).isCloseTo(-3.0, within(TOLERANCE));
            assertThat(s.get("c")).isCloseTo(-6.0, within(TOLERANCE));
        }

        @Test
        @DisplayName("fractional components score as the formulas say")
        void fractional() {
            float[] q = vec(0.1, 0.2, 0.3, 0.4);
            float[] r = vec(0.4, 0.3, 0.2, 0.1);
            Map<Metric, Double> expected = Map.of(Metric.COSINE, 2.0 / 3.0, Metric.DOT, 0.2, Metric.EUCLIDEAN, -Math.sqrt(0.2));
            for (Metric m : Metric.values()) {
                VectorCollection c = newCollection(4, m);
                c.upsert(VectorRecord.of("r", r));
                assertThat(c.search(VectorQuery.nearest(q, 1)).get(0).score()).as("%s", m)
                        .isCloseTo(expected.get(m), within(TOLERANCE));
            }
        }

        @Test
        @DisplayName("every score of a seeded random set matches an independent computation")
        void randomScores() {
            Random random = new Random(20_260_101);
            for (Metric m : Metric.values()) {
                VectorCollection c = newCollection(16, m);
                Map<String, float[]> data = new HashMap<>();
                for (int i = 0; i < 50; i++) {
                    float[] v = new float[16];
                    for (int d = 0; d < 16; d++) {
                        v[d] = (float) (random.nextGaussian() * 2);
                    }
                    data.put("r" + i, v);
                    c.upsert(VectorRecord.of("r" + i, v));
                }
                float[] q = new float[16];
                for (int d = 0; d < 16; d++) {
                    q[d] = random.nextFloat() * 2 - 1;
                }
                List<VectorMatch> hits = c.search(VectorQuery.nearest(q, 50).withSearchEffort(500));
                assertThat(hits).hasSize(50);
                for (VectorMatch hit : hits) {
                    assertThat(hit.score()).as("%s score of %s", m, hit.id())
                            .isCloseTo(referenceScore(m, q, data.get(hit.id())), within(TOLERANCE));
                }
                assertSortedBestFirst(hits);
            }
        }
    }

    @Nested
    @DisplayName("Exact top-k")
    class TopK {

        private VectorCollection line() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            for (int i = 0; i < 10; i++) {
                c.upsert(VectorRecord.of("p" + i, vec(i, 0), Map.of("i", i)));
            }
            return c;
        }

        @Test
        @DisplayName("returns the k nearest records, best first")
        void nearest() {
            List<VectorMatch> hits = line().search(VectorQuery.nearest(vec(3.2, 0), 3));
            assertThat(ids(hits)).containsExactly("p3", "p4", "p2");
            assertThat(hits.get(0).score()).isCloseTo(-0.2, within(TOLERANCE));
            assertThat(hits.get(1).score()).isCloseTo(-0.8, within(TOLERANCE));
            assertThat(hits.get(2).score()).isCloseTo(-1.2, within(TOLERANCE));
        }

        @Test
        @DisplayName("each match carries the stored record with its vector and metadata")
        void carriesRecord() {
            VectorMatch hit = line().search(VectorQuery.nearest(vec(7.1, 0.1), 1)).get(0);
            assertThat(hit.record()).isEqualTo(VectorRecord.of("p7", vec(7, 0), Map.of("i", 7)));
        }

        @Test
        @DisplayName("k larger than the collection returns every record")
        void kLargerThanCollection() {
            assertThat(ids(line().search(VectorQuery.nearest(vec(-1, 0), 100))))
                    .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
        }

        @Test
        @DisplayName("an empty collection returns no matches")
        void empty() {
            assertThat(newCollection(2, Metric.COSINE).search(VectorQuery.nearest(vec(1, 0), 5))).isEmpty();
        }

        @Test
        @DisplayName("equal scores are ordered by id")
        void ties() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("m", vec(1, 1)));
            c.upsert(VectorRecord.of("c", vec(2, 0)));
            c.upsert(VectorRecord.of("a", vec(0, 2)));
            c.upsert(VectorRecord.of("b", vec(1, 1)));
            c.upsert(VectorRecord.of("top", vec(5, 5)));
            c.upsert(VectorRecord.of("low", vec(-1, 0)));
            List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(1, 1), 10));
            assertThat(ids(hits)).containsExactly("top", "a", "b", "c", "m", "low");
            assertThat(hits.get(1).score()).isCloseTo(2.0, within(TOLERANCE));
            assertThat(hits.get(4).score()).isCloseTo(2.0, within(TOLERANCE));
            assertThat(ids(c.search(VectorQuery.nearest(vec(1, 1), 3)))).containsExactly("top", "a", "b");
        }

        @Test
        @DisplayName("a seeded random set returns exactly the brute-force top k for every metric")
        void randomTopK() {
            Random random = new Random(42);
            for (Metric m : Metric.values()) {
                VectorCollection c = newCollection(8, m);
                Map<String, float[]> data = new HashMap<>();
                List<VectorRecord> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    float[] v = new float[8];
                    for (int d = 0; d < 8; d++) {
                        v[d] = random.nextFloat() * 2 - 1;
                    }
                    data.put("r" + i, v);
                    batch.add(VectorRecord.of("r" + i, v));
                }
                c.upsertAll(batch);
                for (int n = 0; n < 20; n++) {
                    float[] q = new float[8];
                    for (int d = 0; d < 8; d++) {
                        q[d] = random.nextFloat() * 2 - 1;
                    }
                    List<VectorMatch> hits = c.search(VectorQuery.nearest(q, 10).withSearchEffort(400));
                    assertThat(ids(hits)).as("%s query %d", m, n).isEqualTo(referenceTopK(m, data, q, 10));
                }
            }
        }

        @Test
        @DisplayName("a small search-effort hint still returns k matches")
        void searchEffortHint() {
            List<VectorMatch> hits = line().search(VectorQuery.nearest(vec(3.2, 0), 4).withSearchEffort(1));
            assertThat(hits).hasSize(4);
            assertSortedBestFirst(hits);
        }
    }

    @Nested
    @DisplayName("Minimum scores")
    class MinScore {

        private VectorCollection axis() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("x", vec(3, 0)));
            c.upsert(VectorRecord.of("y", vec(2, 0)));
            c.upsert(VectorRecord.of("z", vec(1, 0)));
            c.upsert(VectorRecord.of("w", vec(-1, 0)));
            return c;
        }

        @Test
        @DisplayName("minScore keeps matches at or above it, inclusive")
        void inclusive() {
            List<VectorMatch> hits = axis().search(VectorQuery.nearest(vec(1, 0), 10).withMinScore(2.0));
            assertThat(ids(hits)).containsExactly("x", "y");
        }

        @Test
        @DisplayName("minScore above every score returns nothing")
        void aboveAll() {
            assertThat(axis().search(VectorQuery.nearest(vec(1, 0), 10).withMinScore(3.5))).isEmpty();
        }

        @Test
        @DisplayName("k still limits the matches that pass minScore")
        void withK() {
            assertThat(ids(axis().search(VectorQuery.nearest(vec(1, 0), 2).withMinScore(-10)))).containsExactly("x", "y");
            assertThat(ids(axis().search(VectorQuery.nearest(vec(1, 0), 10).withMinScore(-1)))).containsExactly("x", "y", "z", "w");
        }

        @Test
        @DisplayName("minScore applies to negative EUCLIDEAN scores")
        void euclidean() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("one", vec(1, 0)));
            c.upsert(VectorRecord.of("two", vec(0, 2)));
            c.upsert(VectorRecord.of("three", vec(-3, 0)));
            assertThat(ids(c.search(VectorQuery.nearest(vec(0, 0), 10).withMinScore(-2.0)))).containsExactly("one", "two");
            assertThat(ids(c.search(VectorQuery.nearest(vec(0, 0), 10).withMinScore(0.0)))).isEmpty();
        }

        @Test
        @DisplayName("minScore applies to COSINE similarities")
        void cosine() {
            VectorCollection c = newCollection(2, Metric.COSINE);
            c.upsert(VectorRecord.of("same", vec(2, 0)));
            c.upsert(VectorRecord.of("diagonal", vec(1, 1)));
            c.upsert(VectorRecord.of("orthogonal", vec(0, 5)));
            c.upsert(VectorRecord.of("opposite", vec(-1, 0)));
            assertThat(ids(c.search(VectorQuery.nearest(vec(1, 0), 10).withMinScore(0.7)))).containsExactly("same", "diagonal");
            assertThat(ids(c.search(VectorQuery.nearest(vec(1, 0), 10).withMinScore(-0.5))))
                    .containsExactly("same", "diagonal", "orthogonal");
        }
    }

    /**
     * Six records on a line, so with query (0, 0) under EUCLIDEAN the results come in id order
     * r1..r6 whatever subset a filter selects.
     */
    private VectorCollection filterFixture() {
        VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
        Map<String, Object> r4 = new LinkedHashMap<>();
        r4.put("lang", "fr");
        r4.put("year", 2019);
        r4.put("price", null);
        r4.put("author", Map.of("name", "Cleo"));
        c.upsertAll(List.of(
                VectorRecord.of("r1", vec(1, 0), Map.of("lang", "en", "year", 2020, "price", 9.5,
                        "tags", List.of("news", "tech"), "author", Map.of("name", "Ann", "age", 30), "draft", false)),
                VectorRecord.of("r2", vec(2, 0), Map.of("lang", "de", "year", 2021, "price", 20,
                        "tags", List.of("tech"), "author", Map.of("name", "Bob", "age", 45L), "draft", true)),
                VectorRecord.of("r3", vec(3, 0), Map.of("lang", "en", "year", 2022, "price", new java.math.BigDecimal("15.25"),
                        "tags", List.of(), "author", Map.of("name", "Anna", "age", 22))),
                VectorRecord.of("r4", vec(4, 0), r4),
                VectorRecord.of("r5", vec(5, 0), Map.of("lang", "en", "year", 2023.0, "tags", List.of("news"), "draft", false)),
                VectorRecord.of("r6", vec(6, 0), Map.of())));
        return c;
    }

    @Nested
    @DisplayName("Metadata filters narrow the search")
    class Filters {

        @TestFactory
        @DisplayName("every filter operator selects the records MongoDB would, in score order")
        Stream<DynamicTest> operators() {
            Map<String, Map.Entry<Filter, List<String>>> cases = new LinkedHashMap<>();
            cases.put("eq on a string", Map.entry(Filter.eq("lang", "en"), List.of("r1", "r3", "r5")));
            cases.put("ne also matches a missing field", Map.entry(Filter.ne("lang", "en"), List.of("r2", "r4", "r6")));
            cases.put("gt compares numbers by value across types", Map.entry(Filter.gt("year", 2020), List.of("r2", "r3", "r5")));
            cases.put("gte with a double bound", Map.entry(Filter.gte("year", 2020.0), List.of("r1", "r2", "r3", "r5")));
            cases.put("lt against decimals", Map.entry(Filter.lt("price", 15.25), List.of("r1")));
            cases.put("lte skips null", Map.entry(Filter.lte("price", 20L), List.of("r1", "r2", "r3")));
            cases.put("eq matches an int against a stored double", Map.entry(Filter.eq("year", 2023), List.of("r5")));
            cases.put("in", Map.entry(Filter.in("lang", "de", "fr"), List.of("r2", "r4")));
            cases.put("nin also matches a missing field", Map.entry(Filter.nin("lang", List.of("en")), List.of("r2", "r4", "r6")));
            cases.put("exists true", Map.entry(Filter.exists("author", true), List.of("r1", "r2", "r3", "r4")));
            cases.put("exists false", Map.entry(Filter.exists("author", false), List.of("r5", "r6")));
            cases.put("exists true on a null field", Map.entry(Filter.exists("price", true), List.of("r1", "r2", "r3", "r4")));
            cases.put("eq null matches null and missing", Map.entry(Filter.eq("price", null), List.of("r4", "r5", "r6")));
            cases.put("eq on an array matches any element", Map.entry(Filter.eq("tags", "news"), List.of("r1", "r5")));
            cases.put("contains", Map.entry(Filter.contains("tags", "tech"), List.of("r1", "r2")));
            cases.put("containsAll", Map.entry(Filter.containsAll("tags", "news", "tech"), List.of("r1")));
            cases.put("startsWith on a nested path", Map.entry(Filter.startsWith("author.name", "Ann"), List.of("r1", "r3")));
            cases.put("eq on a nested path", Map.entry(Filter.eq("author.name", "Bob"), List.of("r2")));
            cases.put("gt on a nested number", Map.entry(Filter.gt("author.age", 25), List.of("r1", "r2")));
            cases.put("eq on a boolean", Map.entry(Filter.eq("draft", false), List.of("r1", "r5")));
            cases.put("and", Map.entry(Filter.and(Filter.eq("lang", "en"), Filter.gte("year", 2022)), List.of("r3", "r5")));
            cases.put("or", Map.entry(Filter.or(Filter.eq("lang", "de"), Filter.eq("author.name", "Cleo")), List.of("r2", "r4")));
            cases.put("not", Map.entry(Filter.not(Filter.eq("lang", "en")), List.of("r2", "r4", "r6")));
            cases.put("comparisons never match across types", Map.entry(Filter.gt("year", "2000"), List.<String>of()));
            cases.put("a string never equals a number", Map.entry(Filter.eq("year", "2020"), List.<String>of()));
            cases.put("all matches everything", Map.entry(Filter.all(), List.of("r1", "r2", "r3", "r4", "r5", "r6")));
            return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                VectorCollection c = filterFixture();
                Filter filter = e.getValue().getKey();
                List<String> expected = e.getValue().getValue();
                assertThat(ids(c.search(VectorQuery.nearest(vec(0, 0), 10).withFilter(filter))))
                        .as("nearest with %s", filter).containsExactlyElementsOf(expected);
                assertThat(ids(c.search(VectorQuery.filterOnly(filter, 10))))
                        .as("filter-only %s", filter).containsExactlyElementsOf(expected);
            }));
        }

        @Test
        @DisplayName("the k best matching records come back even when every nearer record is filtered out")
        void noLostResults() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(VectorRecord.of(String.format("r%03d", i), vec(i, 0), Map.of("group", i >= 195 ? "far" : "near")));
            }
            c.upsertAll(batch);
            List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(0, 0), 3).withFilter(Filter.eq("group", "far")));
            assertThat(ids(hits)).containsExactly("r195", "r196", "r197");
            assertThat(hits.get(0).score()).isCloseTo(-195.0, within(TOLERANCE));
            assertThat(ids(c.search(VectorQuery.nearest(vec(0, 0), 10).withFilter(Filter.eq("group", "far")))))
                    .containsExactly("r195", "r196", "r197", "r198", "r199");
        }

        @Test
        @DisplayName("a filter, minScore and k combine")
        void combined() {
            VectorCollection c = filterFixture();
            VectorQuery q = VectorQuery.nearest(vec(0, 0), 2).withFilter(Filter.eq("lang", "en")).withMinScore(-4.0);
            assertThat(ids(c.search(q))).containsExactly("r1", "r3");
            assertThat(ids(c.search(q.withK(10).withMinScore(-2.5)))).containsExactly("r1");
        }

        @Test
        @DisplayName("a filter matching nothing returns nothing")
        void nothing() {
            assertThat(filterFixture().search(VectorQuery.nearest(vec(0, 0), 5).withFilter(Filter.eq("lang", "xx")))).isEmpty();
        }
    }

    @Nested
    @DisplayName("Filter-only queries")
    class FilterOnly {

        @Test
        @DisplayName("return the matching records in id order with score 0")
        void idOrder() {
            VectorCollection c = newCollection(2, Metric.COSINE);
            for (String id : List.of("d", "b", "e", "a", "c")) {
                c.upsert(VectorRecord.of(id, vec(1, id.charAt(0)), Map.of("pick", (id.charAt(0) - 'a') % 2 == 0)));
            }
            List<VectorMatch> hits = c.search(VectorQuery.filterOnly(Filter.eq("pick", true), 10));
            assertThat(ids(hits)).containsExactly("a", "c", "e");
            assertThat(hits).allSatisfy(m -> assertThat(m.score()).isEqualTo(0.0));
            assertThat(hits.get(1).record()).isEqualTo(VectorRecord.of("c", vec(1, 'c'), Map.of("pick", true)));
        }

        @Test
        @DisplayName("stop after k records")
        void limit() {
            VectorCollection c = newCollection(2, Metric.DOT);
            for (int i = 9; i >= 0; i--) {
                c.upsert(VectorRecord.of("id" + i, vec(i, 1)));
            }
            assertThat(ids(c.search(VectorQuery.filterOnly(Filter.all(), 3)))).containsExactly("id0", "id1", "id2");
            assertThat(c.search(VectorQuery.filterOnly(Filter.all(), 100))).hasSize(10);
        }

        @Test
        @DisplayName("return nothing when nothing matches or the collection is empty")
        void none() {
            VectorCollection c = newCollection(2, Metric.DOT);
            assertThat(c.search(VectorQuery.filterOnly(Filter.all(), 3))).isEmpty();
            c.upsert(VectorRecord.of("a", vec(1, 1), Map.of("x", 1)));
            assertThat(c.search(VectorQuery.filterOnly(Filter.eq("x", 2), 3))).isEmpty();
        }

        @Test
        @DisplayName("ignore a search-effort hint")
        void hint() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            c.upsert(VectorRecord.of("b", vec(1, 1)));
            VectorQuery q = VectorQuery.builder().filter(Filter.all()).k(5).searchEffort(1).build();
            assertThat(ids(c.search(q))).containsExactly("a", "b");
        }
    }

    @Nested
    @DisplayName("Deleting records")
    class Deletes {

        @Test
        @DisplayName("delete by id removes the record and reports whether it existed")
        void byId() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            c.upsert(VectorRecord.of("b", vec(2, 2)));
            assertThat(c.delete("a")).isTrue();
            assertThat(c.delete("a")).isFalse();
            assertThat(c.delete("never")).isFalse();
            assertThat(c.get("a")).isEmpty();
            assertThat(c.count()).isEqualTo(1);
            assertThat(ids(c.search(VectorQuery.nearest(vec(1, 1), 10)))).containsExactly("b");
            assertThat(scanIds(c)).containsExactly("b");
        }

        @Test
        @DisplayName("a deleted id can be written again")
        void reinsert() {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            c.upsert(VectorRecord.of("a", vec(1, 1), Map.of("v", 1)));
            c.delete("a");
            c.upsert(VectorRecord.of("a", vec(3, 3), Map.of("v", 2)));
            assertThat(c.get("a")).contains(VectorRecord.of("a", vec(3, 3), Map.of("v", 2)));
            assertThat(ids(c.search(VectorQuery.nearest(vec(3, 3), 10)))).containsExactly("a");
        }

        @Test
        @DisplayName("delete by filter removes exactly the matching records and returns how many")
        void byFilter() {
            VectorCollection c = filterFixture();
            assertThat(c.delete(Filter.eq("lang", "en"))).isEqualTo(3);
            assertThat(c.count()).isEqualTo(3);
            assertThat(scanIds(c)).containsExactly("r2", "r4", "r6");
            assertThat(ids(c.search(VectorQuery.nearest(vec(0, 0), 10)))).containsExactly("r2", "r4", "r6");
            assertThat(c.delete(Filter.eq("lang", "en"))).isZero();
            assertThat(c.delete(Filter.exists("author.name", true))).isEqualTo(2);
            assertThat(scanIds(c)).containsExactly("r6");
        }

        @Test
        @DisplayName("delete by a filter on a nested path or an array element")
        void byNestedFilter() {
            VectorCollection c = filterFixture();
            assertThat(c.delete(Filter.or(Filter.gt("author.age", 40), Filter.contains("tags", "news")))).isEqualTo(3);
            assertThat(scanIds(c)).containsExactly("r3", "r4", "r6");
        }

        @Test
        @DisplayName("delete with the filter that matches everything empties the collection")
        void all() {
            VectorCollection c = filterFixture();
            assertThat(c.delete(Filter.all())).isEqualTo(6);
            assertThat(c.count()).isZero();
            assertThat(c.search(VectorQuery.nearest(vec(0, 0), 10))).isEmpty();
            assertThat(c.delete(Filter.all())).isZero();
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {

        private float[] vectorOf(int writer, int i) {
            return vec(writer, i, 1);
        }

        @Test
        @DisplayName("8 writers x 500 upserts in parallel with 8 searchers lose nothing and show no torn record")
        void writersAndSearchers() throws Exception {
            VectorCollection c = newCollection(3, Metric.EUCLIDEAN);
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                tasks.add(() -> {
                    for (int i = 0; i < 500; i++) {
                        c.upsert(VectorRecord.of("w" + writer + "-" + i, vectorOf(writer, i), Map.of("w", writer, "i", i)));
                    }
                    return null;
                });
            }
            for (int t = 0; t < 8; t++) {
                int searcher = t;
                tasks.add(() -> {
                    Random random = new Random(searcher);
                    for (int n = 0; n < 100; n++) {
                        List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(random.nextInt(8), random.nextInt(500), 1), 10));
                        assertThat(hits.size()).isLessThanOrEqualTo(10);
                        assertSortedBestFirst(hits);
                        for (VectorMatch m : hits) {
                            int w = ((Number) m.metadata().get("w")).intValue();
                            int i = ((Number) m.metadata().get("i")).intValue();
                            assertThat(m.id()).isEqualTo("w" + w + "-" + i);
                            assertThat(m.vector()).containsExactly(vectorOf(w, i));
                        }
                    }
                    return null;
                });
            }
            runConcurrently(tasks);
            assertThat(c.count()).isEqualTo(4000);
            for (int w = 0; w < 8; w++) {
                for (int i = 0; i < 500; i += 37) {
                    assertThat(c.get("w" + w + "-" + i)).contains(
                            VectorRecord.of("w" + w + "-" + i, vectorOf(w, i), Map.of("w", w, "i", i)));
                }
            }
            assertThat(scanIds(c)).hasSize(4000).doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("once delete returns, no search started later returns the deleted id")
        void deletesAreVisible() throws Exception {
            VectorCollection c = newCollection(2, Metric.EUCLIDEAN);
            List<String> all = new ArrayList<>();
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                String id = String.format("d%03d", i);
                all.add(id);
                batch.add(VectorRecord.of(id, vec(i % 20, i / 20)));
            }
            c.upsertAll(batch);
            Set<String> deleting = ConcurrentHashMap.newKeySet();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int deleter = t;
                tasks.add(() -> {
                    for (int i = deleter; i < 320; i += 16) {
                        String id = all.get(i);
                        deleting.add(id);
                        assertThat(c.delete(id)).isTrue();
                        deleted.add(id);
                        assertThat(ids(c.search(VectorQuery.nearest(vec(i % 20, i / 20), 5)))).doesNotContain(id);
                        assertThat(c.get(id)).isEmpty();
                    }
                    return null;
                });
            }
            for (int t = 0; t < 8; t++) {
                int searcher = t;
                tasks.add(() -> {
                    Random random = new Random(searcher);
                    for (int n = 0; n < 100; n++) {
                        Set<String> goneBefore = Set.copyOf(deleted);
                        List<String> near = ids(c.search(VectorQuery.nearest(vec(random.nextInt(20), random.nextInt(16)), 20)));
                        assertNoneOf(near, goneBefore, "nearest search");
                        goneBefore = Set.copyOf(deleted);
                        List<String> listed = ids(c.search(VectorQuery.filterOnly(Filter.all(), 1000)));
                        Set<String> touched = Set.copyOf(deleting);
                        assertNoneOf(listed, goneBefore, "filter-only search");
                        List<String> untouched = all.stream().filter(id -> !touched.contains(id)).collect(Collectors.toList());
                        assertThat(listed).containsAll(untouched);
                    }
                    return null;
                });
            }
            runConcurrently(tasks);
            assertThat(c.count()).isEqualTo(160);
            assertThat(scanIds(c)).hasSize(160);
            assertNoneOf(scanIds(c), deleted, "scan");
        }

        @Test
        @DisplayName("16 threads upserting the same id leave one complete record, never a mix of two writes")
        void sameId() throws Exception {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("hot", vec(-1, -1), Map.of("t", -1, "i", -1)));
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 50; i++) {
                        c.upsert(VectorRecord.of("hot", vec(thread, i), Map.of("t", thread, "i", i)));
                        VectorRecord read = c.get("hot").orElseThrow();
                        assertConsistent(read);
                        List<VectorMatch> hits = c.search(VectorQuery.nearest(vec(1, 1), 1));
                        assertThat(hits).hasSize(1);
                        assertConsistent(hits.get(0).record());
                    }
                    return null;
                });
            }
            runConcurrently(tasks);
            assertThat(c.count()).isOne();
            assertConsistent(c.get("hot").orElseThrow());
        }

        private void assertConsistent(VectorRecord r) {
            float[] v = r.vector();
            assertThat(v[0]).as("vector and metadata of %s come from one write", r)
                    .isEqualTo(((Number) r.metadata().get("t")).floatValue());
            assertThat(v[1]).as("vector and metadata of %s come from one write", r)
                    .isEqualTo(((Number) r.metadata().get("i")).floatValue());
        }
    }

    @Nested
    @DisplayName("Closing and unwrapping")
    class Lifecycle {

        @Test
        @DisplayName("after close every operation throws IllegalStateException")
        void closed() {
            VectorCollection c = newCollection(2, Metric.DOT);
            c.upsert(VectorRecord.of("a", vec(1, 1)));
            store().close();
            List<ThrowingCallable> calls = List.of(
                    () -> store().collection(uniqueName(), 2, Metric.DOT),
                    () -> store().dropCollection(c.name()),
                    () -> c.upsert(VectorRecord.of("b", vec(1, 1))),
                    () -> c.upsertAll(List.of(VectorRecord.of("b", vec(1, 1)))),
                    () -> c.get("a"),
                    () -> c.delete("a"),
                    () -> c.delete(Filter.all()),
                    () -> c.search(VectorQuery.nearest(vec(1, 1), 1)),
                    c::count,
                    () -> {
                        try (Stream<VectorRecord> s = c.scan()) {
                            s.count();
                        }
                    });
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).isInstanceOf(IllegalStateException.class);
            }
        }

        @Test
        @DisplayName("closing twice is harmless")
        void closeTwice() {
            store().close();
            store().close();
        }

        @Test
        @DisplayName("unwrapping a type the store does not have throws IllegalArgumentException")
        void unwrapUnknown() {
            assertThatThrownBy(() -> store().unwrap(NotANativeClient.class)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A type no store wraps. */
    private static final class NotANativeClient {
    }

    @Nested
    @DisplayName("Store failures are translated")
    class Failures {

        @Test
        @DisplayName("every operation on an unreachable store throws a PolyglotException caused by the driver's exception")
        void unavailable() {
            VectorStore down = createUnavailableStore();
            try {
                String name = uniqueName();
                assertTranslated("collection + upsert",
                        () -> down.collection(name, 2, Metric.DOT).upsert(VectorRecord.of("a", vec(1, 1))));
                assertTranslated("collection + upsertAll",
                        () -> down.collection(name, 2, Metric.DOT).upsertAll(List.of(VectorRecord.of("a", vec(1, 1)))));
                assertTranslated("collection + get", () -> down.collection(name, 2, Metric.DOT).get("a"));
                assertTranslated("collection + delete", () -> down.collection(name, 2, Metric.DOT).delete("a"));
                assertTranslated("collection + delete by filter",
                        () -> down.collection(name, 2, Metric.DOT).delete(Filter.eq("x", 1)));
                assertTranslated("collection + search",
                        () -> down.collection(name, 2, Metric.DOT).search(VectorQuery.nearest(vec(1, 1), 3)));
                assertTranslated("collection + count", () -> down.collection(name, 2, Metric.DOT).count());
                assertTranslated("collection + scan", () -> {
                    try (Stream<VectorRecord> s = down.collection(name, 2, Metric.DOT).scan()) {
                        s.count();
                    }
                });
                assertTranslated("dropCollection", () -> down.dropCollection(name));
            } finally {
                down.close();
            }
        }

        @Test
        @DisplayName("invalid arguments are reported as IllegalArgumentException even when the store is unreachable")
        void validationFirst() {
            VectorStore down = createUnavailableStore();
            try {
                assertThatThrownBy(() -> down.collection("bad name", 2, Metric.DOT)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> down.collection("ok", 0, Metric.DOT)).isInstanceOf(IllegalArgumentException.class);
            } finally {
                down.close();
            }
        }
    }
}
