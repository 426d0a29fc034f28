package dev.polyglot.postgres;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.SingleFlight;
import dev.polyglot.spi.Ttls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The Cache port on PostgreSQL: every namespace's entries in one UNLOGGED table, rate limiters in
 * another.
 *
 * <p>UNLOGGED tables skip the write-ahead log: writes are fast, and after a crash PostgreSQL empties
 * them, which is the contract of a cache. Expiry follows the database clock to the millisecond, so
 * every application instance agrees on it; expired entries are never returned and are purged when
 * a write meets them and by a bounded sweep that runs at most once a second during an operation.
 * Single-key operations, {@code increment}, {@code putIfAbsent}, {@code getAll}, {@code putAll} and
 * each rate-limiter decision are one SQL statement each, atomic in the database. The tables and
 * functions ({@code pgcache_*}, in the first schema of the {@code search_path}) are created on the
 * first operation. Use a pooled {@link DataSource} (such as HikariCP); the store does not close it.
 * {@code getOrLoad} is single-flight per key within the JVM and does not fail open: while
 * PostgreSQL is unreachable it throws {@link dev.polyglot.StoreUnavailableException}.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);
 * try (CacheStore store = PostgresCacheStore.create(pool)) {
 *     Cache<Session> sessions = store.cache("sessions", Session.class);
 *     sessions.put(sessionId, session, Duration.ofMinutes(30));
 *     RateLimitDecision d = store.rateLimiter("login", 5, Duration.ofMinutes(15)).tryAcquire(user);
 * }
 * }</pre>
 */
public final class PostgresCacheStore implements CacheStore {
    private static final long SWEEP_EVERY_MILLIS = 1_000;

    private final DataSource dataSource;
    private final PostgresSessions sessions;
    private final SingleFlight<String, byte[]> flights = new SingleFlight<>();
    private final AtomicLong nextSweep = new AtomicLong(System.currentTimeMillis());
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    private volatile boolean closed;

    private PostgresCacheStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sessions = new PostgresSessions(dataSource, PostgresCacheStore::translate);
    }

    /**
     * Creates a store on a data source; nothing is connected until the first operation.
     *
     * @param dataSource where connections come from (a pool, ideally)
     * @return the store
     * @throws IllegalArgumentException if the data source is null
     */
    public static PostgresCacheStore create(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return new PostgresCacheStore(dataSource);
    }

    @Override
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        Ids.requireName(namespace, "cache namespace");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        checkOpen();
        return new PostgresCache<>(this, namespace, codec);
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        Ids.requireName(name, "rate limiter name");
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
        }
        long windowMillis = Ttls.toMillis(window, "rate limit window");
        checkOpen();
        return new PostgresRateLimiter(this, name, limit, windowMillis);
    }

    /**
     * Returns the {@link Jdbi} or the {@link DataSource} this store uses, or the store itself.
     *
     * @throws IllegalArgumentException for any other type
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        if (type == Jdbi.class) {
            return type.cast(sessions.jdbi());
        }
        if (type == DataSource.class) {
            return type.cast(dataSource);
        }
        if (type == PostgresCacheStore.class) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("PostgresCacheStore has no " + (type == null ? "null" : type.getName())
                + " to unwrap; only Jdbi, DataSource and PostgresCacheStore");
    }

    /** Marks the store closed (the data source stays open: it belongs to the caller). Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /** Describes the store by its tables. */
    @Override
    public String toString() {
        return "PostgresCacheStore[" + PostgresCacheSchema.ENTRIES + ", " + PostgresCacheSchema.GRANTS
                + (closed ? ", closed" : "") + "]";
    }

    /**
     * Runs one operation on a connection of its own in autocommit mode: fails when closed, creates
     * the schema on first use, sweeps expired rows when due; failures are translated, invalid
     * arguments and states pass through.
     *
     * <p>Plain JDBC inside on purpose: each operation is one prepared statement, and the cache's hot
     * path needs nothing of Jdbi's mapping (which stays available through {@link #unwrap}).
     */
    <T> T withConnection(String what, PostgresSessions.Work<T> work) {
        checkOpen();
        return sessions.withHandle(what, handle -> {
            prepare(handle);
            return work.run(handle.getConnection());
        });
    }

    /** Runs a query expected to return exactly one row and returns its first column as a long. */
    static long queryLong(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = PostgresSessions.prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("expected one row from: " + sql);
            }
            return rows.getLong(1);
        }
    }

    SingleFlight<String, byte[]> flights() {
        return flights;
    }

    /**
     * Deletes expired entries and grants, a bounded batch of each, skipping rows other sessions hold
     * locked so the sweep never waits and never deadlocks.
     *
     * @return how many rows were deleted
     */
    static long purgeExpired(Connection connection) throws SQLException {
        return queryLong(connection, PostgresCacheSql.PURGE);
    }

    private void prepare(Handle handle) throws SQLException {
        if (!schemaReady) {
            synchronized (schemaLock) {
                if (!schemaReady) {
                    PostgresCacheSchema.ensure(handle);
                    schemaReady = true;
                }
            }
        }
        long now = System.currentTimeMillis();
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MILLIS)) {
            purgeExpired(handle.getConnection());
        }
    }

    private static RuntimeException translate(String what, Exception failure) {
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            return (RuntimeException) failure;
        }
        return PostgresErrors.translate(what, failure);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL cache store is closed");
        }
    }
}
