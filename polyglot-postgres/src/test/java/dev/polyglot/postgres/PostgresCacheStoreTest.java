package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the kit cannot see: the PostgreSQL side of {@link PostgresCacheStore}. */
class PostgresCacheStoreTest {
    private static final Duration LONG_TTL = Duration.ofMinutes(5);

    private static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static PostgresCacheStore newStore() {
        return PostgresCacheStore.create(PostgresTestDatabase.dataSource());
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection c = PostgresTestDatabase.dataSource().getConnection();
                PreparedStatement st = PostgresSessions.prepare(c, sql, parameters);
                ResultSet rs = st.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    @DisplayName("both tables are UNLOGGED")
    void unlogged() throws SQLException {
        try (PostgresCacheStore store = newStore()) {
            store.cache(unique("n"), String.class).get("warm-up");
        }
        assertThat(count("SELECT count(*) FROM pg_class WHERE oid IN (to_regclass('pgcache_entries'), "
                + "to_regclass('pgcache_rate_grants')) AND relpersistence = 'u'")).isEqualTo(2);
    }

    @Test
    @DisplayName("keys are stored as the UTF-16BE code units of the string and values as the codec's JSON")
    void storedForm() throws SQLException {
        String ns = unique("n");
        String key = "a\0\uD800\u00e9";
        try (PostgresCacheStore store = newStore()) {
            store.cache(ns, String.class).put(key, "v\0", LONG_TTL);
        }
        try (Connection c = PostgresTestDatabase.dataSource().getConnection();
                PreparedStatement st = PostgresSessions.prepare(c,
                        "SELECT key, value, key_hash = sha256(key) FROM pgcache_entries WHERE namespace = ?", ns);
                ResultSet rs = st.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).containsExactly(0, 'a', 0, 0, 0xD8, 0x00, 0x00, 0xE9);
            assertThat(new String(rs.getBytes(2), StandardCharsets.UTF_8)).isEqualTo("\"v\\u0000\"");
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    @DisplayName("every operation is one SQL statement (getOrLoad of a missing key: read, re-read under single-flight, write)")
    void oneStatementPerOperation() {
        List<String> statements = new ArrayList<>();
        DataSource counting = counting(PostgresTestDatabase.dataSource(), statements);
        try (PostgresCacheStore store = PostgresCacheStore.create(counting)) {
            Cache<Long> cache = store.cache(unique("n"), Long.class);
            RateLimiter limiter = store.rateLimiter(unique("r"), 5, Duration.ofMinutes(1));
            cache.get("warm-up");
            Map<String, Runnable> operations = new LinkedHashMap<>();
            operations.put("get", () -> cache.get("k"));
            operations.put("put", () -> cache.put("k", 1L, LONG_TTL));
            operations.put("put without ttl", () -> cache.put("p", 1L));
            operations.put("putIfAbsent", () -> cache.putIfAbsent("k", 2L, LONG_TTL));
            operations.put("increment", () -> cache.increment("k", 5, LONG_TTL));
            operations.put("getAll", () -> cache.getAll(List.of("k", "p", "x")));
            operations.put("putAll", () -> cache.putAll(Map.of("a", 1L, "b", 2L, "c", 3L), LONG_TTL));
            operations.put("touch", () -> cache.touch("k", LONG_TTL));
            operations.put("ttl", () -> cache.ttl("k"));
            operations.put("delete", () -> cache.delete("k"));
            operations.put("tryAcquire", () -> limiter.tryAcquire("user", 2));
            for (Map.Entry<String, Runnable> op : operations.entrySet()) {
                statements.clear();
                op.getValue().run();
                statements.remove(PostgresCacheSql.PURGE);
                assertThat(statements).as(op.getKey()).hasSize(1);
            }
            statements.clear();
            cache.getOrLoad("loaded", LONG_TTL, () -> 7L);
            statements.remove(PostgresCacheSql.PURGE);
            assertThat(statements).containsExactly(PostgresCacheSql.GET, PostgresCacheSql.GET, PostgresCacheSql.PUT);
        }
    }

    @Test
    @DisplayName("hostile keys, values and limiter keys round-trip literally, hostile names are rejected, and no table is harmed")
    void injection() throws SQLException {
        List<String> hostile = List.of("'", "''", "\"", "'; DROP TABLE pgcache_entries; --",
                "\"; DROP TABLE pgcache_rate_grants; --", "$1", "$$", "$fn$", "?", "??", ":ns", ":key", "\\x00",
                "E'\\\\x'", "\0", "a\0b", "%", "_", "*", "$.a[0]", "{\"$gt\": 1}", "') OR 1=1 --", "\uD83D",
                "x".repeat(4096));
        try (PostgresCacheStore store = newStore()) {
            String ns = unique("n");
            Cache<String> cache = store.cache(ns, String.class);
            Cache<String> bystander = store.cache(unique("n"), String.class);
            bystander.put("safe", "untouched");
            for (String s : hostile) {
                cache.put(s, s, LONG_TTL);
            }
            for (String s : hostile) {
                assertThat(cache.get(s)).as(s).contains(s);
                assertThat(cache.putIfAbsent(s, "other", LONG_TTL)).as(s).isFalse();
            }
            assertThat(cache.getAll(hostile)).hasSize(hostile.size());
            Cache<Long> counters = store.cache(ns + "_c", Long.class);
            RateLimiter limiter = store.rateLimiter(unique("r"), 1, Duration.ofMinutes(1));
            for (String s : hostile) {
                assertThat(counters.increment(s, 3, LONG_TTL)).as(s).isEqualTo(3);
                assertThat(limiter.tryAcquire(s).allowed()).as(s).isTrue();
                assertThat(limiter.tryAcquire(s).allowed()).as(s).isFalse();
            }
            for (String name : List.of("pgcache_entries\"; DROP TABLE pgcache_entries; --", "a'b", "a;b", "a b",
                    "a\"b", "$1", "a\0")) {
                assertThatThrownBy(() -> store.cache(name, String.class)).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> store.rateLimiter(name, 1, Duration.ofSeconds(1))).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(bystander.get("safe")).contains("untouched");
            assertThat(count("SELECT count(*) FROM pgcache_entries WHERE namespace = ?", ns)).isEqualTo(hostile.size());
        }
        assertThat(count("SELECT count(*) FROM pg_class WHERE oid IN (to_regclass('pgcache_entries'), "
                + "to_regclass('pgcache_rate_grants'))")).isEqualTo(2);
    }

    @Test
    @DisplayName("the sweep deletes expired entries and rate-limiter grants and keeps live ones")
    void purge() throws Exception {
        String ns = unique("n");
        String limiterName = unique("r");
        try (PostgresCacheStore store = newStore()) {
            Cache<String> cache = store.cache(ns, String.class);
            cache.put("short", "s", Duration.ofMillis(1));
            cache.putAll(Map.of("a", "1", "b", "2"), Duration.ofMillis(1));
            cache.put("live", "l", LONG_TTL);
            cache.put("forever", "f");
            RateLimiter limiter = store.rateLimiter(limiterName, 3, Duration.ofMillis(1));
            limiter.tryAcquire("x");
            limiter.tryAcquire("y");
            Thread.sleep(50);
            try (Connection c = PostgresTestDatabase.dataSource().getConnection()) {
                PostgresCacheStore.purgeExpired(c);
            }
        }
        assertThat(count("SELECT count(*) FROM pgcache_entries WHERE namespace = ?", ns)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM pgcache_rate_grants WHERE name = ?", limiterName)).isZero();
    }

    @Test
    @DisplayName("a denied decision records nothing and a key's grants vanish once its window has passed")
    void limiterState() throws Exception {
        String name = unique("r");
        try (PostgresCacheStore store = newStore()) {
            RateLimiter limiter = store.rateLimiter(name, 2, Duration.ofMillis(300));
            assertThat(limiter.tryAcquire("k", 2).allowed()).isTrue();
            assertThat(limiter.tryAcquire("k").allowed()).isFalse();
            assertThat(count("SELECT coalesce(sum(permits), 0) FROM pgcache_rate_grants WHERE name = ?", name))
                    .isEqualTo(2);
            Thread.sleep(400);
            // The decision for "k" prunes its expired grants before counting.
            assertThat(limiter.tryAcquire("k").remaining()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pgcache_rate_grants WHERE name = ? AND granted_at <= "
                    + "floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint - 300", name)).isZero();
        }
    }

    @Test
    @DisplayName("two stores (two application instances) sharing a limiter grant exactly the limit under concurrency")
    void limiterExactAcrossStores() throws Exception {
        String name = unique("r");
        try (PostgresCacheStore first = newStore(); PostgresCacheStore second = newStore()) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                RateLimiter limiter = (t % 2 == 0 ? first : second).rateLimiter(name, 25, Duration.ofMinutes(1));
                tasks.add(() -> {
                    int granted = 0;
                    for (int i = 0; i < 10; i++) {
                        if (limiter.tryAcquire("hot").allowed()) {
                            granted++;
                        }
                    }
                    return granted;
                });
            }
            assertThat(runAll(tasks).stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
        }
    }

    @Test
    @DisplayName("concurrent first use in an empty schema creates the tables and functions once, without errors")
    void concurrentSchemaCreation() throws Exception {
        String schema = unique("pgcache_test_");
        DataSource base = PostgresTestDatabase.unpooledDataSource();
        try (Connection c = base.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            DataSource inSchema = withSearchPath(base, schema);
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                tasks.add(() -> {
                    try (CacheStore store = PostgresCacheStore.create(inSchema)) {
                        return store.cache("shared", Long.class).increment("k", 1, LONG_TTL);
                    }
                });
            }
            assertThat(runAll(tasks)).hasSize(6).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(count("SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                    + "WHERE s.nspname = ? AND c.relname IN ('pgcache_entries', 'pgcache_rate_grants')", schema))
                    .isEqualTo(2);
            assertThat(count("SELECT count(*) FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
                    + "WHERE s.nspname = ? AND p.proname LIKE 'pgcache%'", schema)).isEqualTo(4);
        } finally {
            try (Connection c = base.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    @DisplayName("unwrap gives the Jdbi, the DataSource or the store, and rejects anything else")
    void unwrap() {
        DataSource ds = PostgresTestDatabase.dataSource();
        try (PostgresCacheStore store = PostgresCacheStore.create(ds)) {
            assertThat(store.unwrap(Jdbi.class)).isInstanceOf(Jdbi.class);
            assertThat(store.unwrap(DataSource.class)).isSameAs(ds);
            assertThat(store.unwrap(PostgresCacheStore.class)).isSameAs(store);
            assertThatThrownBy(() -> store.unwrap(Connection.class)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PostgresCacheStore.create(nullDataSource())).isInstanceOf(IllegalArgumentException.class);
    }

    private static DataSource nullDataSource() {
        Object nothing = null;
        return (DataSource) nothing;
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A data source whose connections record the SQL of every prepared statement. */
    private static DataSource counting(DataSource target, List<String> statements) {
        return wrap(target, connection -> (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        synchronized (statements) {
                            statements.add((String) args[0]);
                        }
                    }
                    return invoke(method, connection, args);
                }));
    }

    /** A data source whose connections use their own schema; only over unpooled connections, so the setting cannot leak. */
    private static DataSource withSearchPath(DataSource target, String schema) {
        return wrap(target, connection -> {
            try (Statement st = connection.createStatement()) {
                st.execute("SET search_path TO " + schema);
            }
            return connection;
        });
    }

    private interface ConnectionDecorator {
        Connection decorate(Connection connection) throws SQLException;
    }

    private static DataSource wrap(DataSource target, ConnectionDecorator decorator) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, target, args);
                    return method.getName().equals("getConnection") ? decorator.decorate((Connection) result) : result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
