package dev.polyglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.polyglot.PolyglotException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.Ids;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit of the Cache port: every {@link CacheStore} adapter passes it unchanged.
 *
 * <p>An adapter's test subclasses it and says how to create a store:
 *
 * <pre>{@code
 * class RedisCacheStoreCompatibilityTest extends CacheStoreCompatibilityKit {
 *     protected CacheStore createStore() { return RedisCacheStore.connect(RedisFixture.uri()); }
 *     protected CacheStore createUnavailableStore() { return RedisCacheStore.connect("redis://127.0.0.1:1"); }
 * }
 * }</pre>
 *
 * <p>Every test uses fresh random namespace and limiter names, so one server can serve all tests.
 * Expiry is tested through {@link #advanceTime(Duration)}, which sleeps by default; a store with an
 * injectable clock overrides it to move the clock instead. With real time the kit uses short TTLs
 * and leaves a margin on both sides: "still there" is only asserted well before the TTL ends, and
 * "gone" only after TTL plus a margin.
 */
public abstract class CacheStoreCompatibilityKit {

    /** A TTL short enough to wait out with real sleeps. */
    protected static final Duration SHORT_TTL = Duration.ofMillis(200);
    /**
     * A TTL that no test waits out, so entries with it are certainly still live: long enough that a
     * concurrency test on a loaded machine (8,000 increments) cannot outlast it.
     */
    protected static final Duration LONG_TTL = Duration.ofMinutes(10);
    /** How far past a TTL or window the kit moves time before asserting something is gone. */
    protected static final Duration MARGIN = Duration.ofMillis(150);
    /** A rate-limit window short enough to wait out with real sleeps. */
    protected static final Duration WINDOW = Duration.ofSeconds(1);

    private @Nullable CacheStore store;

    /**
     * Creates a new, empty-enough store for one test; the kit closes it after the test.
     *
     * @return the store under test
     */
    protected abstract CacheStore createStore();

    /**
     * Creates a store whose backend cannot be reached (such as a client pointed at a closed port),
     * for the exception-translation tests; the kit closes it after use.
     *
     * @return the store that fails on every operation
     */
    protected abstract CacheStore createUnavailableStore();

    /**
     * Lets time pass for expiry tests; sleeps by default, a store with an injected clock moves the
     * clock instead.
     *
     * @param duration how much time passes
     */
    protected void advanceTime(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", e);
        }
    }

    /**
     * Returns the store of the running test.
     *
     * @return the store created for this test
     */
    protected final CacheStore store() {
        CacheStore s = store;
        if (s == null) {
            throw new IllegalStateException("no store: createStore() has not run for this test");
        }
        return s;
    }

    @BeforeEach
    final void openStore() {
        store = createStore();
    }

    @AfterEach
    final void closeStore() {
        CacheStore s = store;
        store = null;
        if (s != null) {
            s.close();
        }
    }

    // ---------------------------------------------------------------- values used by the tests

    /** A colour, to check enums round-trip. */
    public enum CacheTestColor {
        /** Red. */
        RED,
        /** Green. */
        GREEN
    }

    /**
     * A value with nested structure and typed scalars, to check values round-trip exactly.
     *
     * @param name a string
     * @param count an int
     * @param tags a list
     * @param scores a map
     * @param at an instant with nanoseconds
     * @param amount a decimal
     * @param id a UUID
     * @param color an enum
     * @param note a nullable string
     */
    public record CacheTestItem(String name, int count, List<String> tags, Map<String, Integer> scores,
            Instant at, BigDecimal amount, UUID id, CacheTestColor color, @Nullable String note) {
    }

    /**
     * A value holding a mutable list, to check the cache keeps no reference to caller objects.
     *
     * @param items a list the test mutates
     */
    public record CacheTestBox(List<String> items) {
    }

    private static CacheTestItem item(String name) {
        return new CacheTestItem(name, 42, List.of("a", "b", "ü"), Map.of("x", 1, "y", -2),
                Instant.parse("2026-03-04T05:06:07.123456789Z"), new BigDecimal("1234.5"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), CacheTestColor.GREEN, null);
    }

    private static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private <V> Cache<V> newCache(Class<V> type) {
        return store().cache(unique("c"), type);
    }

    private RateLimiter newLimiter(long limit, Duration window) {
        return store().rateLimiter(unique("r"), limit, window);
    }

    /**
     * Keys that must all be valid and distinct: empty, whitespace, separators other stores use,
     * hash-tag braces, glob and SQL-LIKE characters, quotes, NUL and control characters, Unicode
     * in several normalization forms, and look-alikes of each other.
     */
    private static List<String> keyCorpus() {
        return List.of("", " ", "  ", "a", "A", "a ", " a", "a:b", "a::b", ":", "ns:key", "{", "}", "{tag}",
                "a{b}c", "{a}:b", "*", "?", "[a-z]", "\\", "\\0", "\0", "\0\0", "a\0b", "\0end", "\n", "\r\n",
                "\t", "line\nbreak", "\u007f", "\u0001", "'", "\"", "'; DROP TABLE cache; --", "%", "_", "%_",
                "ünïcödé", "日本語のキー", "😀", "e\u0301", "\u00e9", "\uFEFF", "\u00ff", "\uFFFD", "null", "NULL",
                "/path/to/thing?q=1&r=2", "k".repeat(Ids.MAX_KEY_LENGTH));
    }

    private static <T> List<T> runConcurrently(int threads, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(n);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                // A guard against hanging forever, not a timing assertion.
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("callers did not arrive");
            }
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- tests

    @Nested
    @DisplayName("Reading and writing")
    class ReadWrite {

        @Test
        @DisplayName("put then get returns an equal value")
        void putThenGet() {
            Cache<CacheTestItem> cache = newCache(CacheTestItem.class);
            cache.put("k", item("one"), LONG_TTL);
            assertThat(cache.get("k")).contains(item("one"));
        }

        @Test
        @DisplayName("get of a missing key is empty")
        void getMissing() {
            assertThat(newCache(String.class).get("missing")).isEmpty();
        }

        @Test
        @DisplayName("namespace() returns the namespace the cache was asked for")
        void namespaceName() {
            String ns = unique("n");
            assertThat(store().cache(ns, String.class).namespace()).isEqualTo(ns);
        }

        @Test
        @DisplayName("put replaces the previous value")
        void putReplaces() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "first", LONG_TTL);
            cache.put("k", "second");
            assertThat(cache.get("k")).contains("second");
        }

        @Test
        @DisplayName("strings with Unicode, NUL, control characters and the empty string round-trip exactly")
        void stringValues() {
            Cache<String> cache = newCache(String.class);
            List<String> values = List.of("", " ", "plain", "ünïcödé 日本語 😀", "a\0b", "\n\t\r", "\"quoted\" 'single'",
                    "{\"json\": true}", "x".repeat(100_000));
            for (int i = 0; i < values.size(); i++) {
                cache.put("k" + i, values.get(i), LONG_TTL);
            }
            for (int i = 0; i < values.size(); i++) {
                assertThat(cache.get("k" + i)).contains(values.get(i));
            }
        }

        @Test
        @DisplayName("numbers, booleans and byte arrays round-trip exactly")
        void scalarValues() {
            Cache<Long> longs = newCache(Long.class);
            longs.put("min", Long.MIN_VALUE, LONG_TTL);
            longs.put("max", Long.MAX_VALUE, LONG_TTL);
            assertThat(longs.get("min")).contains(Long.MIN_VALUE);
            assertThat(longs.get("max")).contains(Long.MAX_VALUE);

            Cache<Double> doubles = newCache(Double.class);
            doubles.put("d", 0.1, LONG_TTL);
            assertThat(doubles.get("d")).contains(0.1);

            Cache<Boolean> booleans = newCache(Boolean.class);
            booleans.put("b", false, LONG_TTL);
            assertThat(booleans.get("b")).contains(false);

            Cache<byte[]> bytes = newCache(byte[].class);
            byte[] data = {0, 1, -1, 127, -128, 10, 13};
            bytes.put("bin", data, LONG_TTL);
            assertThat(bytes.get("bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(data));
        }

        @Test
        @DisplayName("a cache made with an explicit codec reads and writes through it")
        void explicitCodec() {
            String ns = unique("n");
            Cache<CacheTestItem> viaCodec = store().cache(ns, Codec.of(CacheTestItem.class));
            viaCodec.put("k", item("codec"), LONG_TTL);
            assertThat(viaCodec.get("k")).contains(item("codec"));
            assertThat(store().cache(ns, CacheTestItem.class).get("k")).contains(item("codec"));
        }

        @Test
        @DisplayName("changing an object after put or after get never changes the cached value")
        void noAliasing() {
            Cache<CacheTestBox> cache = newCache(CacheTestBox.class);
            List<String> items = new ArrayList<>(List.of("a"));
            cache.put("k", new CacheTestBox(items), LONG_TTL);
            items.add("changed after put");
            CacheTestBox read = cache.get("k").orElseThrow();
            assertThat(read.items()).containsExactly("a");
            read.items().add("changed after get");
            assertThat(cache.get("k").orElseThrow().items()).containsExactly("a");
            assertThat(cache.getAll(List.of("k")).get("k").items()).containsExactly("a");
        }

        @Test
        @DisplayName("delete removes a live entry and reports whether there was one")
        void delete() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v", LONG_TTL);
            assertThat(cache.delete("k")).isTrue();
            assertThat(cache.get("k")).isEmpty();
            assertThat(cache.delete("k")).isFalse();
            assertThat(cache.delete("never-there")).isFalse();
        }

        @Test
        @DisplayName("putIfAbsent writes only when the key has no live entry")
        void putIfAbsent() {
            Cache<String> cache = newCache(String.class);
            assertThat(cache.putIfAbsent("k", "first", LONG_TTL)).isTrue();
            assertThat(cache.putIfAbsent("k", "second", LONG_TTL)).isFalse();
            assertThat(cache.get("k")).contains("first");
            assertThat(cache.ttl("k")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(LONG_TTL));
        }

        @Test
        @DisplayName("getAll returns only the present keys, in the order asked")
        void getAll() {
            Cache<String> cache = newCache(String.class);
            cache.put("a", "1", LONG_TTL);
            cache.put("c", "3");
            Map<String, String> found = cache.getAll(List.of("c", "b", "a", "c"));
            assertThat(found).containsExactly(Map.entry("c", "3"), Map.entry("a", "1"));
            assertThat(cache.getAll(List.of())).isEmpty();
            assertThat(cache.getAll(Set.of("x", "y"))).isEmpty();
        }

        @Test
        @DisplayName("putAll writes every entry with the TTL, replacing what the keys had")
        void putAll() {
            Cache<CacheTestItem> cache = newCache(CacheTestItem.class);
            cache.put("a", item("old"));
            Map<String, CacheTestItem> entries = new LinkedHashMap<>();
            for (int i = 0; i < 50; i++) {
                entries.put(i == 0 ? "a" : "k" + i, item("item" + i));
            }
            cache.putAll(entries, LONG_TTL);
            assertThat(cache.getAll(entries.keySet())).isEqualTo(entries);
            assertThat(cache.ttl("a")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(LONG_TTL));
            cache.putAll(Map.of(), LONG_TTL);
        }
    }

    @Nested
    @DisplayName("Keys")
    class Keys {

        @Test
        @DisplayName("every string is a valid key that round-trips and stays distinct from every other")
        void corpus() {
            List<String> keys = keyCorpus();
            assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
            Cache<String> cache = newCache(String.class);
            for (int i = 0; i < keys.size(); i++) {
                cache.put(keys.get(i), "value" + i, LONG_TTL);
            }
            for (int i = 0; i < keys.size(); i++) {
                assertThat(cache.get(keys.get(i))).as("key #%d", i).contains("value" + i);
            }
            Map<String, String> all = cache.getAll(keys);
            assertThat(all).hasSize(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                assertThat(all.get(keys.get(i))).as("key #%d", i).isEqualTo("value" + i);
            }
            assertThat(cache.delete("a:b")).isTrue();
            assertThat(cache.delete("\0")).isTrue();
            assertThat(cache.getAll(keys)).hasSize(keys.size() - 2).doesNotContainKeys("a:b", "\0");
        }

        @Test
        @DisplayName("every string key works with putAll, increment, touch, ttl and putIfAbsent")
        void corpusOtherOperations() {
            List<String> keys = keyCorpus();
            Cache<Long> counters = newCache(Long.class);
            Map<String, Long> entries = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                entries.put(keys.get(i), (long) i);
            }
            counters.putAll(entries, LONG_TTL);
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                assertThat(counters.increment(key, 1000, LONG_TTL)).as("key #%d", i).isEqualTo(1000L + i);
                assertThat(counters.touch(key, LONG_TTL)).as("key #%d", i).isTrue();
                assertThat(counters.ttl(key)).as("key #%d", i).isPresent();
                assertThat(counters.putIfAbsent(key, -1L, LONG_TTL)).as("key #%d", i).isFalse();
            }
        }

        @Test
        @DisplayName("keys with unpaired surrogates stay distinct from each other and from the replacement character")
        void unpairedSurrogates() {
            List<String> keys = List.of("\uD800", "\uDBFF", "\uDC00", "x\uD800y", "x\uDC00y", "?", "\uFFFD", "x?y");
            Cache<Integer> cache = newCache(Integer.class);
            for (int i = 0; i < keys.size(); i++) {
                cache.put(keys.get(i), i, LONG_TTL);
            }
            for (int i = 0; i < keys.size(); i++) {
                assertThat(cache.get(keys.get(i))).as("key #%d", i).contains(i);
            }
        }

        @Test
        @DisplayName("the same key in two namespaces names two independent entries")
        void namespacesIsolated() {
            Cache<String> first = newCache(String.class);
            Cache<String> second = newCache(String.class);
            first.put("k", "one", LONG_TTL);
            assertThat(second.get("k")).isEmpty();
            second.put("k", "two", LONG_TTL);
            assertThat(first.get("k")).contains("one");
            assertThat(first.delete("k")).isTrue();
            assertThat(second.get("k")).contains("two");

            Cache<Long> c1 = newCache(Long.class);
            Cache<Long> c2 = newCache(Long.class);
            c1.increment("n", 5, LONG_TTL);
            assertThat(c2.increment("n", 1, LONG_TTL)).isEqualTo(1);
            assertThat(c2.getAll(List.of("n", "k"))).containsExactly(Map.entry("n", 1L));
        }

        @Test
        @DisplayName("two caches of the same namespace see the same entries")
        void sameNamespaceShared() {
            String ns = unique("n");
            Cache<String> first = store().cache(ns, String.class);
            Cache<String> second = store().cache(ns, String.class);
            first.put("k", "v", LONG_TTL);
            assertThat(second.get("k")).contains("v");
        }

        @Test
        @DisplayName("a namespace whose name prefixes another's does not see its entries")
        void prefixNamespaces() {
            String ns = unique("n");
            Cache<String> shorter = store().cache(ns, String.class);
            Cache<String> longer = store().cache(ns + "x", String.class);
            longer.put("k", "longer", LONG_TTL);
            shorter.put("xk", "shorter", LONG_TTL);
            assertThat(shorter.get("k")).isEmpty();
            assertThat(longer.get("k")).contains("longer");
            assertThat(longer.get("xk")).isEmpty();
        }

        @Test
        @DisplayName("a key of the maximum length is accepted and one character more is rejected")
        void keyLength() {
            Cache<String> cache = newCache(String.class);
            String longest = "k".repeat(Ids.MAX_KEY_LENGTH);
            cache.put(longest, "v", LONG_TTL);
            assertThat(cache.get(longest)).contains("v");
            assertThatThrownBy(() -> cache.put(longest + "k", "v", LONG_TTL))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.get(longest + "k")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Collects every key of a cache by following the cursors of {@link Cache#keys}. */
    private static List<String> allKeys(Cache<?> cache, int pageSize) {
        List<String> keys = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        for (int pages = 0; ; pages++) {
            if (pages > 100_000) {
                throw new IllegalStateException("keys pages never end");
            }
            Page<String> page = cache.keys(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            keys.addAll(page.items());
            if (page.next().isEmpty()) {
                return keys;
            }
            request = page.next().get();
        }
    }

    @Nested
    @DisplayName("Enumerating keys")
    class Enumerating {

        @Test
        @DisplayName("following the cursors returns every live key of the namespace once, and no other")
        void everyKeyOnce() {
            Cache<String> cache = newCache(String.class);
            Cache<String> other = newCache(String.class);
            other.put("elsewhere", "x");
            Set<String> written = new HashSet<>(keyCorpus());
            for (int i = 0; i < 120; i++) {
                written.add("key-" + i);
            }
            for (String key : written) {
                cache.put(key, "v", LONG_TTL);
            }
            List<String> seen = allKeys(cache, 7);
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).isEqualTo(written);
        }

        @Test
        @DisplayName("an empty namespace has one empty last page")
        void empty() {
            Page<String> page = newCache(String.class).keys(PageRequest.first(10));
            assertThat(page.items()).isEmpty();
            assertThat(page.hasNext()).isFalse();
        }

        @Test
        @DisplayName("expired and deleted keys are not listed")
        void expiredAndDeleted() {
            Cache<String> cache = newCache(String.class);
            cache.put("short", "v", SHORT_TTL);
            cache.put("deleted", "v", LONG_TTL);
            cache.put("kept", "v", LONG_TTL);
            cache.put("forever", "v");
            cache.delete("deleted");
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(allKeys(cache, 2)).containsExactlyInAnyOrder("kept", "forever");
        }

        @Test
        @DisplayName("the order is the same on every call, so a cursor resumes in a later call")
        void stableOrder() {
            Cache<Long> cache = newCache(Long.class);
            for (int i = 0; i < 30; i++) {
                cache.put("k" + i, (long) i, LONG_TTL);
            }
            List<String> first = allKeys(cache, 30);
            assertThat(allKeys(cache, 4)).isEqualTo(first);
            Page<String> head = cache.keys(PageRequest.first(10));
            Page<String> resumed = cache.keys(PageRequest.after(head.nextCursor().orElseThrow(), 10));
            assertThat(resumed.items()).isEqualTo(first.subList(10, 20));
        }

        @Test
        @DisplayName("offset pages skip that many keys of the same order")
        void offsets() {
            Cache<Long> cache = newCache(Long.class);
            for (int i = 0; i < 25; i++) {
                cache.put("k" + i, (long) i, LONG_TTL);
            }
            List<String> all = allKeys(cache, 25);
            Page<String> page = cache.keys(PageRequest.atOffset(10, 10));
            assertThat(page.items()).isEqualTo(all.subList(10, 20));
            Page<String> last = cache.keys(page.next().orElseThrow());
            assertThat(last.items()).isEqualTo(all.subList(20, 25));
            assertThat(last.hasNext()).isFalse();
        }

        @Test
        @DisplayName("a null request or a foreign cursor is rejected")
        void badRequests() {
            Cache<String> cache = newCache(String.class);
            assertThatThrownBy(() -> cache.keys(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.keys(PageRequest.after("not-a-cursor", 5)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("Expiry")
    class Expiry {

        @Test
        @DisplayName("an entry is gone after its TTL and a longer-lived one is still there")
        void expires() {
            Cache<String> cache = newCache(String.class);
            cache.put("short", "s", SHORT_TTL);
            cache.put("long", "l", LONG_TTL);
            cache.put("forever", "f");
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("short")).isEmpty();
            assertThat(cache.get("long")).contains("l");
            assertThat(cache.get("forever")).contains("f");
            assertThat(cache.getAll(List.of("short", "long", "forever"))).containsOnlyKeys("long", "forever");
        }

        @Test
        @DisplayName("an entry is still there shortly after it was written")
        void stillThereBeforeTtl() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v", Duration.ofSeconds(2));
            advanceTime(Duration.ofMillis(100));
            assertThat(cache.get("k")).contains("v");
        }

        @Test
        @DisplayName("ttl reports the remaining time, NO_EXPIRY for an entry without expiry, and empty for a missing key")
        void ttl() {
            Cache<String> cache = newCache(String.class);
            cache.put("expiring", "v", Duration.ofSeconds(2));
            cache.put("forever", "v");
            assertThat(cache.ttl("expiring")).hasValueSatisfying(t -> assertThat(t)
                    .isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(2)));
            assertThat(cache.ttl("forever")).contains(Cache.NO_EXPIRY);
            assertThat(cache.ttl("missing")).isEmpty();
            advanceTime(Duration.ofMillis(300));
            assertThat(cache.ttl("expiring")).hasValueSatisfying(t -> assertThat(t)
                    .isPositive().isLessThanOrEqualTo(Duration.ofMillis(1700)));
        }

        @Test
        @DisplayName("ttl of an expired entry is empty")
        void ttlOfExpired() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v", SHORT_TTL);
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.ttl("k")).isEmpty();
        }

        @Test
        @DisplayName("put without a TTL removes the expiry an entry had, and put with a TTL replaces it")
        void putReplacesTtl() {
            Cache<String> cache = newCache(String.class);
            cache.put("kept", "v1", SHORT_TTL);
            cache.put("kept", "v2");
            cache.put("shortened", "v1");
            cache.put("shortened", "v2", SHORT_TTL);
            assertThat(cache.ttl("kept")).contains(Cache.NO_EXPIRY);
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("kept")).contains("v2");
            assertThat(cache.get("shortened")).isEmpty();
        }

        @Test
        @DisplayName("touch restarts the TTL of a live entry (sliding expiry)")
        void touchSlides() {
            Cache<String> cache = newCache(String.class);
            cache.put("session", "alice", Duration.ofMillis(600));
            advanceTime(Duration.ofMillis(300));
            assertThat(cache.touch("session", Duration.ofSeconds(2))).isTrue();
            advanceTime(Duration.ofMillis(400));
            // 700 ms after the put: only the touch keeps the entry alive.
            assertThat(cache.get("session")).contains("alice");
            assertThat(cache.ttl("session")).hasValueSatisfying(t -> assertThat(t)
                    .isPositive().isLessThanOrEqualTo(Duration.ofMillis(1700)));
        }

        @Test
        @DisplayName("touch with a shorter TTL makes the entry expire sooner")
        void touchShortens() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v", LONG_TTL);
            assertThat(cache.touch("k", SHORT_TTL)).isTrue();
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("k")).isEmpty();
        }

        @Test
        @DisplayName("touch gives an entry without expiry a TTL")
        void touchPersistent() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v");
            assertThat(cache.touch("k", SHORT_TTL)).isTrue();
            assertThat(cache.ttl("k")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(SHORT_TTL));
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("k")).isEmpty();
        }

        @Test
        @DisplayName("touch of a missing or expired key returns false and creates nothing")
        void touchMissing() {
            Cache<String> cache = newCache(String.class);
            assertThat(cache.touch("missing", LONG_TTL)).isFalse();
            assertThat(cache.get("missing")).isEmpty();
            cache.put("expired", "v", SHORT_TTL);
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.touch("expired", LONG_TTL)).isFalse();
            assertThat(cache.get("expired")).isEmpty();
            assertThat(cache.ttl("expired")).isEmpty();
        }

        @Test
        @DisplayName("an expired entry counts as absent for putIfAbsent, delete and getAll")
        void expiredIsAbsent() {
            Cache<String> cache = newCache(String.class);
            cache.put("a", "old", SHORT_TTL);
            cache.put("b", "old", SHORT_TTL);
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.putIfAbsent("a", "new", LONG_TTL)).isTrue();
            assertThat(cache.get("a")).contains("new");
            assertThat(cache.delete("b")).isFalse();
            assertThat(cache.getAll(List.of("a", "b"))).containsOnlyKeys("a");
        }

        @Test
        @DisplayName("entries written by putAll and putIfAbsent expire after their TTL")
        void bulkAndConditionalExpire() {
            Cache<String> cache = newCache(String.class);
            cache.putAll(Map.of("a", "1", "b", "2"), SHORT_TTL);
            assertThat(cache.putIfAbsent("c", "3", SHORT_TTL)).isTrue();
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.getAll(List.of("a", "b", "c"))).isEmpty();
        }

        @Test
        @DisplayName("a TTL with a fraction of a millisecond is accepted")
        void subMillisecondTtl() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "v", Duration.ofNanos(1));
            cache.put("k2", "v", Duration.ofMillis(1500).plusNanos(1));
            assertThat(cache.ttl("k2")).hasValueSatisfying(t -> assertThat(t).isPositive()
                    .isLessThanOrEqualTo(Duration.ofMillis(1501)));
            advanceTime(MARGIN);
            assertThat(cache.get("k")).isEmpty();
        }
    }

    @Nested
    @DisplayName("Counters")
    class Counters {

        @Test
        @DisplayName("increment starts a missing key at 0 and returns each new value")
        void increments() {
            Cache<Long> cache = newCache(Long.class);
            assertThat(cache.increment("n", 5, LONG_TTL)).isEqualTo(5);
            assertThat(cache.increment("n", 3, LONG_TTL)).isEqualTo(8);
            assertThat(cache.increment("n", -10, LONG_TTL)).isEqualTo(-2);
            assertThat(cache.increment("n", 0, LONG_TTL)).isEqualTo(-2);
            assertThat(cache.get("n")).contains(-2L);
            assertThat(cache.increment("zero", 0, LONG_TTL)).isZero();
            assertThat(cache.get("zero")).contains(0L);
        }

        @Test
        @DisplayName("increment adds to a number that was put")
        void incrementPutValue() {
            Cache<Long> cache = newCache(Long.class);
            cache.put("n", 41L, LONG_TTL);
            assertThat(cache.increment("n", 1, LONG_TTL)).isEqualTo(42);
            Cache<Integer> ints = store().cache(cache.namespace(), Integer.class);
            ints.put("i", 7, LONG_TTL);
            assertThat(cache.increment("i", 1, LONG_TTL)).isEqualTo(8);
            assertThat(ints.get("i")).contains(8);
        }

        @Test
        @DisplayName("the TTL is set when increment creates the key and not changed by later increments")
        void ttlOnlyOnCreate() {
            Cache<Long> cache = newCache(Long.class);
            cache.increment("n", 1, SHORT_TTL);
            assertThat(cache.ttl("n")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(SHORT_TTL));
            cache.increment("n", 1, Duration.ofHours(1));
            assertThat(cache.ttl("n")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(SHORT_TTL));
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("n")).isEmpty();
            // An expired counter starts over, with the new TTL.
            assertThat(cache.increment("n", 7, LONG_TTL)).isEqualTo(7);
            assertThat(cache.ttl("n")).hasValueSatisfying(t -> assertThat(t).isGreaterThan(SHORT_TTL));
        }

        @Test
        @DisplayName("increment keeps a key without expiry without expiry")
        void incrementPersistent() {
            Cache<Long> cache = newCache(Long.class);
            cache.put("n", 1L);
            cache.increment("n", 1, SHORT_TTL);
            assertThat(cache.ttl("n")).contains(Cache.NO_EXPIRY);
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("n")).contains(2L);
        }

        @Test
        @DisplayName("increment of a key holding a non-integer fails naming the key and changes nothing")
        void incrementNonInteger() {
            String ns = unique("n");
            Cache<String> strings = store().cache(ns, String.class);
            Cache<Double> doubles = store().cache(ns, Double.class);
            Cache<CacheTestItem> items = store().cache(ns, CacheTestItem.class);
            strings.put("text", "12", LONG_TTL);
            strings.put("word", "abc", LONG_TTL);
            doubles.put("fraction", 1.5, LONG_TTL);
            items.put("record", item("r"), LONG_TTL);
            for (String key : List.of("text", "word", "fraction", "record")) {
                assertThatThrownBy(() -> strings.increment(key, 1, LONG_TTL))
                        .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
            }
            assertThat(strings.get("text")).contains("12");
            assertThat(strings.get("word")).contains("abc");
            assertThat(doubles.get("fraction")).contains(1.5);
            assertThat(items.get("record")).contains(item("r"));
        }

        @Test
        @DisplayName("increment that would overflow a long fails and changes nothing")
        void incrementOverflow() {
            Cache<Long> cache = newCache(Long.class);
            cache.put("max", Long.MAX_VALUE, LONG_TTL);
            assertThatThrownBy(() -> cache.increment("max", 1, LONG_TTL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
            assertThat(cache.get("max")).contains(Long.MAX_VALUE);
            cache.put("min", Long.MIN_VALUE, LONG_TTL);
            assertThatThrownBy(() -> cache.increment("min", -1, LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.get("min")).contains(Long.MIN_VALUE);
        }

        @Test
        @DisplayName("16 threads x 500 increments lose nothing")
        void concurrentIncrements() throws Exception {
            Cache<Long> cache = newCache(Long.class);
            List<Long> lastSeen = runConcurrently(16, t -> {
                long last = 0;
                for (int i = 0; i < 500; i++) {
                    long v = cache.increment("n", 1, LONG_TTL);
                    assertThat(v).isGreaterThan(last);
                    last = v;
                }
                return last;
            });
            assertThat(cache.get("n")).contains(16L * 500);
            assertThat(lastSeen).contains(16L * 500);
        }
    }

    @Nested
    @DisplayName("Concurrent writes")
    class ConcurrentWrites {

        @Test
        @DisplayName("putIfAbsent races have exactly one winner, whose value is stored")
        void putIfAbsentRace() throws Exception {
            Cache<Integer> cache = newCache(Integer.class);
            for (int round = 0; round < 10; round++) {
                String key = "k" + round;
                List<Boolean> won = runConcurrently(16, t -> cache.putIfAbsent(key, t, LONG_TTL));
                assertThat(won).as("round %d", round).containsOnlyOnce(true);
                assertThat(cache.get(key)).contains(won.indexOf(true));
            }
        }

        @Test
        @DisplayName("concurrent puts of whole values never mix two values")
        void putsAreAtomic() throws Exception {
            Cache<CacheTestBox> cache = newCache(CacheTestBox.class);
            runConcurrently(16, t -> {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    items.add("thread" + t);
                }
                for (int i = 0; i < 50; i++) {
                    cache.put("k", new CacheTestBox(items), LONG_TTL);
                    List<String> read = cache.get("k").orElseThrow().items();
                    assertThat(new HashSet<>(read)).hasSize(1);
                    assertThat(read).hasSize(20);
                }
                return t;
            });
        }
    }

    @Nested
    @DisplayName("getOrLoad")
    class GetOrLoad {

        @Test
        @DisplayName("a missing key is loaded, stored and returned; the next call does not load again")
        void loadsOnce() {
            Cache<CacheTestItem> cache = newCache(CacheTestItem.class);
            AtomicInteger calls = new AtomicInteger();
            Supplier<CacheTestItem> loader = () -> {
                calls.incrementAndGet();
                return item("loaded");
            };
            assertThat(cache.getOrLoad("k", LONG_TTL, loader)).isEqualTo(item("loaded"));
            assertThat(cache.getOrLoad("k", LONG_TTL, loader)).isEqualTo(item("loaded"));
            assertThat(calls).hasValue(1);
            assertThat(cache.get("k")).contains(item("loaded"));
        }

        @Test
        @DisplayName("a live value is returned without calling the loader")
        void presentNotLoaded() {
            Cache<String> cache = newCache(String.class);
            cache.put("k", "cached", LONG_TTL);
            assertThat(cache.getOrLoad("k", LONG_TTL, () -> {
                throw new AssertionError("the loader must not run");
            })).isEqualTo("cached");
        }

        @Test
        @DisplayName("the loaded value is stored with the TTL and loaded again after it expires")
        void storedWithTtl() {
            Cache<String> cache = newCache(String.class);
            AtomicInteger calls = new AtomicInteger();
            Supplier<String> loader = () -> "v" + calls.incrementAndGet();
            assertThat(cache.getOrLoad("k", SHORT_TTL, loader)).isEqualTo("v1");
            assertThat(cache.ttl("k")).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(SHORT_TTL));
            advanceTime(SHORT_TTL.plus(MARGIN));
            assertThat(cache.get("k")).isEmpty();
            assertThat(cache.getOrLoad("k", LONG_TTL, loader)).isEqualTo("v2");
            assertThat(cache.get("k")).contains("v2");
        }

        @Test
        @DisplayName("changing the returned object does not change the stored value")
        void loadedValueNotAliased() {
            Cache<CacheTestBox> cache = newCache(CacheTestBox.class);
            CacheTestBox loaded = cache.getOrLoad("k", LONG_TTL, () -> new CacheTestBox(new ArrayList<>(List.of("a"))));
            loaded.items().add("changed");
            assertThat(cache.get("k").orElseThrow().items()).containsExactly("a");
        }

        @Test
        @DisplayName("100 concurrent callers of one key run the loader once and all get its value")
        void singleFlight() throws Exception {
            Cache<CacheTestItem> cache = newCache(CacheTestItem.class);
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch arrived = new CountDownLatch(100);
            Supplier<CacheTestItem> loader = () -> {
                calls.incrementAndGet();
                await(arrived);
                return item("slow");
            };
            List<CacheTestItem> results = runConcurrently(100, t -> {
                arrived.countDown();
                return cache.getOrLoad("k", Duration.ofMinutes(1), loader);
            });
            assertThat(calls).hasValue(1);
            assertThat(results).hasSize(100).containsOnly(item("slow"));
        }

        @Test
        @DisplayName("concurrent callers of different keys each run their own loader")
        void differentKeysLoadIndependently() throws Exception {
            Cache<String> cache = newCache(String.class);
            AtomicInteger calls = new AtomicInteger();
            List<String> results = runConcurrently(8, t -> cache.getOrLoad("k" + t, LONG_TTL, () -> {
                calls.incrementAndGet();
                return "v" + t;
            }));
            assertThat(calls).hasValue(8);
            for (int t = 0; t < 8; t++) {
                assertThat(results.get(t)).isEqualTo("v" + t);
                assertThat(cache.get("k" + t)).contains("v" + t);
            }
        }

        @Test
        @DisplayName("a loader's exception reaches the caller, nothing is stored, and the next call loads again")
        void loaderThrows() {
            Cache<String> cache = newCache(String.class);
            IllegalStateException boom = new IllegalStateException("loader failed");
            assertThatThrownBy(() -> cache.getOrLoad("k", LONG_TTL, () -> {
                throw boom;
            })).isSameAs(boom);
            assertThat(cache.get("k")).isEmpty();
            assertThat(cache.getOrLoad("k", LONG_TTL, () -> "second try")).isEqualTo("second try");
        }

        @Test
        @DisplayName("a loader's exception reaches every concurrent caller and nothing is stored")
        void loaderThrowsToAllWaiters() throws Exception {
            Cache<String> cache = newCache(String.class);
            CountDownLatch arrived = new CountDownLatch(100);
            AtomicInteger calls = new AtomicInteger();
            Supplier<String> loader = () -> {
                calls.incrementAndGet();
                await(arrived);
                throw new IllegalStateException("loader failed");
            };
            List<@Nullable Throwable> failures = runConcurrently(100, t -> {
                arrived.countDown();
                return catchThrowable(() -> cache.getOrLoad("k", LONG_TTL, loader));
            });
            assertThat(failures).allSatisfy(f -> assertThat(f)
                    .isInstanceOf(IllegalStateException.class).hasMessage("loader failed"));
            assertThat(calls.get()).isPositive();
            assertThat(cache.get("k")).isEmpty();
        }

        @Test
        @DisplayName("a loader returning null fails naming the key and stores nothing")
        void loaderReturnsNull() {
            Cache<String> cache = newCache(String.class);
            Supplier<String> nullLoader = () -> nullString();
            assertThatThrownBy(() -> cache.getOrLoad("the-key", LONG_TTL, nullLoader))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the-key");
            assertThat(cache.get("the-key")).isEmpty();
        }
    }

    /** Hands null to parameters that do not allow it, to test that they reject it. */
    private static String nullString() {
        Object nothing = null;
        return (String) nothing;
    }

    @Nested
    @DisplayName("Rate limiter")
    class RateLimiting {

        @Test
        @DisplayName("the limiter reports its name, limit and window")
        void accessors() {
            String name = unique("r");
            RateLimiter limiter = store().rateLimiter(name, 7, Duration.ofSeconds(30));
            assertThat(limiter.name()).isEqualTo(name);
            assertThat(limiter.limit()).isEqualTo(7);
            assertThat(limiter.window()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        @DisplayName("exactly limit permits are granted, the next is denied with a retry-after within the window")
        void exactAtTheLimit() {
            RateLimiter limiter = newLimiter(5, WINDOW);
            for (int i = 0; i < 5; i++) {
                RateLimitDecision d = limiter.tryAcquire("user");
                assertThat(d.allowed()).as("request %d", i).isTrue();
                assertThat(d.remaining()).as("request %d", i).isEqualTo(4 - i);
                assertThat(d.retryAfter()).isZero();
            }
            RateLimitDecision denied = limiter.tryAcquire("user");
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.remaining()).isZero();
            assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
            assertThat(limiter.tryAcquire("user").allowed()).isFalse();
        }

        @Test
        @DisplayName("after a window has passed the full limit is available again")
        void windowPasses() {
            RateLimiter limiter = newLimiter(3, WINDOW);
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            }
            assertThat(limiter.tryAcquire("user").allowed()).isFalse();
            advanceTime(WINDOW.plus(MARGIN));
            for (int i = 0; i < 3; i++) {
                RateLimitDecision d = limiter.tryAcquire("user");
                assertThat(d.allowed()).isTrue();
                assertThat(d.remaining()).isEqualTo(2 - i);
            }
            assertThat(limiter.tryAcquire("user").allowed()).isFalse();
        }

        @Test
        @DisplayName("waiting the reported retry-after is enough to be allowed")
        void retryAfterIsEnough() {
            RateLimiter limiter = newLimiter(1, WINDOW);
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            RateLimitDecision denied = limiter.tryAcquire("user");
            assertThat(denied.allowed()).isFalse();
            advanceTime(denied.retryAfter().plus(MARGIN));
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
        }

        @Test
        @DisplayName("the window slides: a grant counts for one window after it was made, not until a fixed boundary")
        void slidingWindow() {
            RateLimiter limiter = newLimiter(2, WINDOW);
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            advanceTime(WINDOW.dividedBy(2));
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            RateLimitDecision denied = limiter.tryAcquire("user");
            assertThat(denied.allowed()).isFalse();
            // The first grant frees up first, at most half a window from now.
            assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW.dividedBy(2));
            advanceTime(WINDOW.dividedBy(2).plus(MARGIN));
            // The first grant has left the window, the second has not: exactly one permit is free.
            RateLimitDecision d = limiter.tryAcquire("user");
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isZero();
            assertThat(limiter.tryAcquire("user").allowed()).isFalse();
        }

        @Test
        @DisplayName("several permits are granted all or nothing, and a denied request consumes nothing")
        void multiplePermits() {
            RateLimiter limiter = newLimiter(5, WINDOW);
            RateLimitDecision first = limiter.tryAcquire("user", 3);
            assertThat(first.allowed()).isTrue();
            assertThat(first.remaining()).isEqualTo(2);
            RateLimitDecision tooMany = limiter.tryAcquire("user", 3);
            assertThat(tooMany.allowed()).isFalse();
            assertThat(tooMany.remaining()).isEqualTo(2);
            assertThat(tooMany.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
            RateLimitDecision rest = limiter.tryAcquire("user", 2);
            assertThat(rest.allowed()).isTrue();
            assertThat(rest.remaining()).isZero();
            advanceTime(WINDOW.plus(MARGIN));
            RateLimitDecision all = limiter.tryAcquire("user", 5);
            assertThat(all.allowed()).isTrue();
            assertThat(all.remaining()).isZero();
        }

        @Test
        @DisplayName("denied requests are not counted: the permit is free again one window after the grant")
        void deniedConsumesNothing() {
            RateLimiter limiter = newLimiter(1, WINDOW);
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            advanceTime(WINDOW.dividedBy(2));
            for (int i = 0; i < 20; i++) {
                assertThat(limiter.tryAcquire("user").allowed()).isFalse();
            }
            // One window after the grant, but only half a window after the denials.
            advanceTime(WINDOW.dividedBy(2).plus(MARGIN));
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
        }

        @Test
        @DisplayName("keys and limiters are independent of each other")
        void independent() {
            RateLimiter limiter = newLimiter(1, WINDOW);
            RateLimiter other = newLimiter(1, WINDOW);
            assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
            assertThat(limiter.tryAcquire("alice").allowed()).isFalse();
            assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
            assertThat(other.tryAcquire("alice").allowed()).isTrue();
            assertThat(limiter.tryAcquire("").allowed()).isTrue();
            assertThat(limiter.tryAcquire("\0").allowed()).isTrue();
        }

        @Test
        @DisplayName("two limiters with the same name share their grants")
        void sameNameShared() {
            String name = unique("r");
            RateLimiter a = store().rateLimiter(name, 2, WINDOW);
            RateLimiter b = store().rateLimiter(name, 2, WINDOW);
            assertThat(a.tryAcquire("user").allowed()).isTrue();
            assertThat(b.tryAcquire("user").allowed()).isTrue();
            assertThat(a.tryAcquire("user").allowed()).isFalse();
        }

        @Test
        @DisplayName("a rate limiter never shares keys with a cache namespace of the same name")
        void limiterAndCacheSeparate() {
            String name = unique("x");
            Cache<Long> cache = store().cache(name, Long.class);
            cache.put("user", 5L, LONG_TTL);
            RateLimiter limiter = store().rateLimiter(name, 1, WINDOW);
            assertThat(limiter.tryAcquire("user").allowed()).isTrue();
            assertThat(cache.get("user")).contains(5L);
        }

        @Test
        @DisplayName("under concurrency exactly limit permits are granted")
        void concurrentExactness() throws Exception {
            RateLimiter limiter = newLimiter(50, Duration.ofMinutes(1));
            List<Integer> granted = runConcurrently(16, t -> {
                int mine = 0;
                for (int i = 0; i < 20; i++) {
                    if (limiter.tryAcquire("hot").allowed()) {
                        mine++;
                    }
                }
                return mine;
            });
            assertThat(granted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
            RateLimitDecision after = limiter.tryAcquire("hot");
            assertThat(after.allowed()).isFalse();
            assertThat(after.remaining()).isZero();
        }

        @Test
        @DisplayName("invalid permits, names, limits and windows are rejected")
        void validation() {
            RateLimiter limiter = newLimiter(3, WINDOW);
            assertThatThrownBy(() -> limiter.tryAcquire("user", 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> limiter.tryAcquire("user", -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> limiter.tryAcquire("user", 4)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> limiter.tryAcquire(nullString())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> limiter.tryAcquire("k".repeat(Ids.MAX_KEY_LENGTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(limiter.tryAcquire("user", 3).allowed()).isTrue();

            for (String bad : badNames()) {
                assertThatThrownBy(() -> store().rateLimiter(bad, 1, WINDOW)).as(bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> store().rateLimiter(nullString(), 1, WINDOW))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().rateLimiter("ok", 0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().rateLimiter("ok", -5, WINDOW)).isInstanceOf(IllegalArgumentException.class);
            for (Duration bad : badTtls()) {
                assertThatThrownBy(() -> store().rateLimiter("ok", 1, bad)).as("%s", bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> store().rateLimiter("ok", 1, nullDuration()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<String> badNames() {
        return List.of("", " ", "1abc", "_abc", "a-b", "a:b", "a b", "a.b", "ü", "a\0", "a".repeat(64));
    }

    private static List<Duration> badTtls() {
        return List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(-30), Duration.ofNanos(-1));
    }

    private static Duration nullDuration() {
        Object nothing = null;
        return (Duration) nothing;
    }

    @Nested
    @DisplayName("Invalid arguments")
    class InvalidArguments {

        @Test
        @DisplayName("a null key is rejected by every operation")
        void nullKey() {
            Cache<String> cache = newCache(String.class);
            String key = nullString();
            List<ThrowingCallable> calls = List.of(
                    () -> cache.get(key),
                    () -> cache.put(key, "v", LONG_TTL),
                    () -> cache.put(key, "v"),
                    () -> cache.putIfAbsent(key, "v", LONG_TTL),
                    () -> cache.delete(key),
                    () -> cache.getAll(Arrays.asList("a", key)),
                    () -> cache.putAll(mapWith(key, "v"), LONG_TTL),
                    () -> cache.increment(key, 1, LONG_TTL),
                    () -> cache.getOrLoad(key, LONG_TTL, () -> "v"),
                    () -> cache.touch(key, LONG_TTL),
                    () -> cache.ttl(key));
            for (int i = 0; i < calls.size(); i++) {
                assertThatThrownBy(calls.get(i)).as("call #%d", i).isInstanceOf(IllegalArgumentException.class);
            }
        }

        @Test
        @DisplayName("a null value is rejected and nothing is written")
        void nullValue() {
            Cache<String> cache = newCache(String.class);
            String value = nullString();
            assertThatThrownBy(() -> cache.put("k", value, LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.put("k", value)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.putIfAbsent("k", value, LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("a", "fine");
            entries.put("k", value);
            assertThatThrownBy(() -> cache.putAll(entries, LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.getAll(List.of("a", "k"))).isEmpty();
        }

        @Test
        @DisplayName("a zero, negative or null TTL is rejected by every operation that takes one and nothing is written")
        void badTtl() {
            Cache<Long> cache = newCache(Long.class);
            List<Duration> ttls = new ArrayList<>(badTtls());
            ttls.add(nullDuration());
            AtomicInteger loads = new AtomicInteger();
            for (Duration ttl : ttls) {
                List<ThrowingCallable> calls = List.of(
                        () -> cache.put("k", 1L, ttl),
                        () -> cache.putIfAbsent("k", 1L, ttl),
                        () -> cache.putAll(Map.of("k", 1L), ttl),
                        () -> cache.increment("k", 1, ttl),
                        () -> cache.getOrLoad("k", ttl, () -> (long) loads.incrementAndGet()),
                        () -> cache.touch("k", ttl));
                for (int i = 0; i < calls.size(); i++) {
                    assertThatThrownBy(calls.get(i)).as("call #%d with %s", i, ttl)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            assertThat(cache.get("k")).isEmpty();
            assertThat(loads).hasValue(0);
            cache.put("live", 1L, LONG_TTL);
            assertThatThrownBy(() -> cache.touch("live", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.increment("live", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.get("live")).contains(1L);
        }

        @Test
        @DisplayName("invalid namespaces, a null type and a null codec are rejected")
        void badNamespace() {
            for (String bad : badNames()) {
                assertThatThrownBy(() -> store().cache(bad, String.class)).as(bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store().cache(bad, Codec.of(String.class))).as(bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> store().cache(nullString(), String.class)).isInstanceOf(IllegalArgumentException.class);
            assertThat(store().cache("a" + "b".repeat(62), String.class).namespace()).hasSize(63);
            assertThat(store().cache("A_1", String.class).namespace()).isEqualTo("A_1");
            Class<String> noType = nullClass();
            Codec<String> noCodec = nullCodec();
            assertThatThrownBy(() -> store().cache("ok", noType)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().cache("ok", noCodec)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a value that does not decode to the reading cache's type is reported with IllegalArgumentException")
        void wrongType() {
            String ns = unique("n");
            Cache<CacheTestItem> items = store().cache(ns, CacheTestItem.class);
            Cache<String> strings = store().cache(ns, String.class);
            items.put("record", item("r"), LONG_TTL);
            strings.put("text", "not a number", LONG_TTL);
            Cache<Long> longs = store().cache(ns, Long.class);
            assertThatThrownBy(() -> longs.get("record")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> longs.get("text")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> longs.getAll(List.of("record"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> longs.getOrLoad("record", LONG_TTL, () -> 1L))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(items.get("record")).contains(item("r"));
        }

        @Test
        @DisplayName("null collections, maps and loaders are rejected and nothing is written")
        void nullArguments() {
            Cache<String> cache = newCache(String.class);
            assertThatThrownBy(() -> cache.getAll(nullCollection())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.putAll(nullMap(), LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            Supplier<String> noLoader = nullSupplier();
            assertThatThrownBy(() -> cache.getOrLoad("k", LONG_TTL, noLoader)).isInstanceOf(IllegalArgumentException.class);
            Map<String, String> withNullKey = new HashMap<>();
            withNullKey.put("a", "1");
            withNullKey.put(nullString(), "2");
            assertThatThrownBy(() -> cache.putAll(withNullKey, LONG_TTL)).isInstanceOf(IllegalArgumentException.class);
            assertThat(cache.get("a")).isEmpty();
            assertThat(cache.get("k")).isEmpty();
        }
    }

    private static Map<String, String> mapWith(String key, String value) {
        Map<String, String> map = new HashMap<>();
        map.put(key, value);
        return map;
    }

    @SuppressWarnings("unchecked") // the cast of null to any type is safe
    private static <T> T nullOf() {
        Object nothing = null;
        return (T) nothing;
    }

    private static Class<String> nullClass() {
        return nullOf();
    }

    private static Codec<String> nullCodec() {
        return nullOf();
    }

    private static Supplier<String> nullSupplier() {
        return nullOf();
    }

    private static List<String> nullCollection() {
        return nullOf();
    }

    private static Map<String, String> nullMap() {
        return nullOf();
    }

    @Nested
    @DisplayName("Closing")
    class Closing {

        @Test
        @DisplayName("after close every operation throws IllegalStateException, and close can be repeated")
        void closed() {
            Cache<String> cache = newCache(String.class);
            RateLimiter limiter = newLimiter(1, WINDOW);
            store().close();
            List<ThrowingCallable> calls = List.of(
                    () -> cache.get("k"),
                    () -> cache.put("k", "v", LONG_TTL),
                    () -> cache.put("k", "v"),
                    () -> cache.putIfAbsent("k", "v", LONG_TTL),
                    () -> cache.delete("k"),
                    () -> cache.getAll(List.of("k")),
                    () -> cache.putAll(Map.of("k", "v"), LONG_TTL),
                    () -> cache.increment("n", 1, LONG_TTL),
                    () -> cache.getOrLoad("k", LONG_TTL, () -> "v"),
                    () -> cache.touch("k", LONG_TTL),
                    () -> cache.ttl("k"),
                    () -> cache.keys(PageRequest.first(10)),
                    () -> limiter.tryAcquire("k"),
                    () -> store().cache("other", String.class),
                    () -> store().rateLimiter("other", 1, WINDOW));
            for (int i = 0; i < calls.size(); i++) {
                assertThatThrownBy(calls.get(i)).as("call #%d", i).isInstanceOf(IllegalStateException.class);
            }
            store().close();
        }
    }

    @Nested
    @DisplayName("Exception translation")
    class ExceptionTranslation {

        @Test
        @DisplayName("every operation on an unreachable store throws a PolyglotException carrying the driver's exception")
        void unavailable() {
            CacheStore down = createUnavailableStore();
            try {
                String ns = unique("n");
                List<ThrowingCallable> calls = List.of(
                        () -> down.cache(ns, String.class).get("k"),
                        () -> down.cache(ns, String.class).put("k", "v", LONG_TTL),
                        () -> down.cache(ns, String.class).put("k", "v"),
                        () -> down.cache(ns, String.class).putIfAbsent("k", "v", LONG_TTL),
                        () -> down.cache(ns, String.class).delete("k"),
                        () -> down.cache(ns, String.class).getAll(List.of("a", "b")),
                        () -> down.cache(ns, String.class).putAll(Map.of("a", "1", "b", "2"), LONG_TTL),
                        () -> down.cache(ns, String.class).increment("n", 1, LONG_TTL),
                        () -> down.cache(ns, String.class).touch("k", LONG_TTL),
                        () -> down.cache(ns, String.class).ttl("k"),
                        () -> down.cache(ns, String.class).keys(PageRequest.first(10)),
                        () -> down.rateLimiter(unique("r"), 1, WINDOW).tryAcquire("k"));
                for (int i = 0; i < calls.size(); i++) {
                    Throwable thrown = catchThrowable(calls.get(i));
                    assertThat(thrown).as("call #%d", i).isInstanceOf(PolyglotException.class);
                    assertThat(thrown.getCause()).as("cause of call #%d", i).isNotNull();
                }
            } finally {
                down.close();
            }
        }

        @Test
        @DisplayName("getOrLoad on an unreachable store either serves the loaded value or throws a PolyglotException with a cause")
        void getOrLoadUnavailable() {
            CacheStore down = createUnavailableStore();
            try {
                Cache<String> cache = down.cache(unique("n"), String.class);
                Optional<String> served = Optional.empty();
                Throwable thrown = null;
                try {
                    served = Optional.of(cache.getOrLoad("k", LONG_TTL, () -> "loaded"));
                } catch (RuntimeException e) {
                    thrown = e;
                }
                if (thrown == null) {
                    assertThat(served).contains("loaded");
                } else {
                    assertThat(thrown).isInstanceOf(PolyglotException.class);
                    assertThat(thrown.getCause()).isNotNull();
                }
            } finally {
                down.close();
            }
        }
    }
}
