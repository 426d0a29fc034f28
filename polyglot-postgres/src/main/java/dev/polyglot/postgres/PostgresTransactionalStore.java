package dev.polyglot.postgres;

import dev.polyglot.spi.TransactionRetries;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.RetryPolicy;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The Transactional port on PostgreSQL through Jdbi: one table per {@link TableSpec}, one real
 * column per property, real PostgreSQL transactions at the requested isolation level.
 *
 * <p>Each transaction takes a connection from the {@link DataSource} (use a pool such as HikariCP),
 * runs the callback and commits. Filters become SQL over the columns with every value bound as a
 * parameter; paths into nested records walk {@code jsonb} columns with bound keys. Versioned
 * updates check the version in the {@code WHERE} clause; upserts are {@code INSERT ... ON
 * CONFLICT}; {@code insertAll} is one {@code INSERT ... SELECT FROM unnest(...)} statement. Unique
 * violations become {@link dev.polyglot.DuplicateKeyException}s; serialization failures and
 * deadlocks re-run the whole callback under the {@link RetryPolicy} with jittered backoff, then
 * throw {@link TransactionConflictException}. Audited tables write to the append-only table
 * {@code polyglot_audit} in the same transaction. Timestamps come from the store's {@link Clock},
 * truncated to microseconds as PostgreSQL stores them.
 *
 * <pre>{@code
 * TransactionalStore store = PostgresTransactionalStore.create(dataSource);
 * store.createTables(accounts);           // development and tests; production: validateSchema(accounts)
 * store.useTransaction(tx -> tx.table(accounts).insert(new Account("a-1", "ada@example.com", 0)));
 * }</pre>
 */
public final class PostgresTransactionalStore implements TransactionalStore {

    /** Serializes concurrent createTables calls of every process on the database. */
    private static final long DDL_LOCK = 0x706f6c79_74785f31L;

    private final DataSource dataSource;
    private final PostgresSessions sessions;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final ThreadLocal<PostgresTxTransaction> current = new ThreadLocal<>();
    private final Set<TableSpec<?, ?>> checkedSpecs = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closed;

    private PostgresTransactionalStore(DataSource dataSource, Clock clock, RetryPolicy retryPolicy) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sessions = new PostgresSessions(dataSource, PostgresErrors::translate);
    }

    /**
     * Creates a store on a data source, with the system clock and the default retry policy.
     *
     * @param dataSource the PostgreSQL data source, ideally pooled
     * @return the store
     * @throws IllegalArgumentException if the data source is null
     */
    public static PostgresTransactionalStore create(DataSource dataSource) {
        return create(dataSource, Clock.systemUTC(), RetryPolicy.defaults());
    }

    /**
     * Creates a store on a data source with a clock for timestamps and a retry policy for
     * serialization conflicts.
     *
     * @param dataSource the PostgreSQL data source, ideally pooled
     * @param clock the clock of created/updated timestamps and audit entries
     * @param retryPolicy how conflicting transactions are retried
     * @return the store
     * @throws IllegalArgumentException if an argument is null
     */
    public static PostgresTransactionalStore create(DataSource dataSource, Clock clock, RetryPolicy retryPolicy) {
        if (dataSource == null || clock == null || retryPolicy == null) {
            throw new IllegalArgumentException("dataSource, clock and retryPolicy must not be null");
        }
        return new PostgresTransactionalStore(dataSource, clock, retryPolicy);
    }

    @Override
    public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
        if (isolation == null) {
            throw new IllegalArgumentException("isolation level must not be null");
        }
        if (callback == null) {
            throw new IllegalArgumentException("transaction callback must not be null");
        }
        checkOpen();
        PostgresTxTransaction outer = current.get();
        if (outer != null && outer.isOpen()) {
            if (isolation.compareTo(outer.isolation) > 0) {
                throw new IllegalStateException("a nested transaction asks for " + isolation
                        + " but joins the running " + outer.isolation + " transaction");
            }
            return callback.inTransaction(outer);
        }
        for (int attempt = 1; ; attempt++) {
            PostgresTxTransaction tx = begin(isolation);
            PolyglotException conflict;
            R result = null;
            boolean threw = false;
            current.set(tx);
            try {
                result = callback.inTransaction(tx);
            } catch (Throwable t) {
                threw = true;
                tx.closeQuietly();
                if (!tx.conflicted()) {
                    throw sneaky(t);
                }
            } finally {
                current.remove();
            }
            PolyglotException failure = tx.failure();
            if (failure != null) {
                // A conflict, or a store error the callback swallowed: the transaction is aborted.
                tx.closeQuietly();
                if (!tx.conflicted()) {
                    throw failure;
                }
                conflict = failure;
            } else if (threw) {
                conflict = new TransactionConflictException("the transaction conflicted with a concurrent one", null);
            } else {
                try {
                    tx.commit();
                    tx.closeQuietly();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    tx.closeQuietly();
                    PolyglotException translated = PostgresErrors.translate("commit", e);
                    if (!PostgresErrors.isSerializationConflict(e)) {
                        throw translated;
                    }
                    conflict = translated;
                }
            }
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new TransactionConflictException("transaction gave up after " + attempt
                        + " attempts because of conflicting concurrent transactions: " + conflict.getMessage(), conflict);
            }
            TransactionRetries.backoff(retryPolicy, attempt, conflict);
        }
    }

    @SuppressWarnings("unchecked") // rethrows what the callback threw: an unchecked exception or its X
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private PostgresTxTransaction begin(IsolationLevel isolation) {
        checkOpen();
        Handle handle = sessions.begin("begin transaction", TransactionIsolationLevel.valueOf(isolation.name()), false);
        return new PostgresTxTransaction(this, isolation, handle);
    }

    @Override
    public void createTables(TableSpec<?, ?>... specs) {
        List<TableSpec<?, ?>> list = specList(specs);
        checkOpen();
        Map<String, TableSpec<?, ?>> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (TableSpec<?, ?> spec : list) {
            String name = PostgresTableSchema.tableName(spec);
            TableSpec<?, ?> other = byName.putIfAbsent(name, spec);
            if (other != null) {
                List<String> diff = PostgresTableSchema.mismatches(spec.table(), PostgresTableSchema.expected(other),
                        PostgresTableSchema.expected(spec));
                if (!diff.isEmpty() || other.audited() != spec.audited()) {
                    problems.add("two different specs for table " + spec.table() + ": " + String.join("; ", diff));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StoreConfigurationException(String.join("; ", problems), null);
        }
        sessions.inTransaction("create tables", TransactionIsolationLevel.UNKNOWN, false, connection -> {
            PostgresSessions.execute(connection, "SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            List<TableSpec<?, ?>> missing = new ArrayList<>();
            for (TableSpec<?, ?> spec : byName.values()) {
                PostgresTableSchema.Shape actual = PostgresTableSchema.read(connection, spec);
                if (actual == null) {
                    missing.add(spec);
                } else {
                    problems.addAll(PostgresTableSchema.mismatches(spec.table(), actual, PostgresTableSchema.expected(spec)));
                }
            }
            if (!problems.isEmpty()) {
                throw new StoreConfigurationException("existing tables do not match their specs: "
                        + String.join("; ", problems), null);
            }
            for (TableSpec<?, ?> spec : missing) {
                PostgresTableSchema.create(connection, spec);
            }
            if (list.stream().anyMatch(TableSpec::audited)) {
                PostgresTableSchema.createAudit(connection);
            }
            return null;
        });
    }

    @Override
    public void validateSchema(TableSpec<?, ?>... specs) {
        List<TableSpec<?, ?>> list = specList(specs);
        checkOpen();
        List<String> problems = sessions.withConnection("validate schema", connection -> {
            List<String> out = new ArrayList<>();
            boolean audited = false;
            for (TableSpec<?, ?> spec : list) {
                PostgresTableSchema.Shape actual = PostgresTableSchema.read(connection, spec);
                if (actual == null) {
                    out.add(PostgresTableSchema.missing(spec));
                } else {
                    out.addAll(PostgresTableSchema.mismatches(spec.table(), actual, PostgresTableSchema.expected(spec)));
                }
                audited |= spec.audited();
            }
            if (audited) {
                out.addAll(PostgresTableSchema.auditMismatches(connection));
            }
            return out;
        });
        if (!problems.isEmpty()) {
            throw new StoreConfigurationException("schema does not match: " + String.join("; ", problems), null);
        }
    }

    private static List<TableSpec<?, ?>> specList(TableSpec<?, ?> @Nullable [] specs) {
        if (specs == null) {
            throw new IllegalArgumentException("table specs must not be null");
        }
        List<TableSpec<?, ?>> list = new ArrayList<>();
        for (TableSpec<?, ?> spec : specs) {
            if (spec == null) {
                throw new IllegalArgumentException("table specs must not contain null");
            }
            list.add(spec);
        }
        return list;
    }

    boolean isChecked(TableSpec<?, ?> spec) {
        return checkedSpecs.contains(spec);
    }

    void markChecked(TableSpec<?, ?> spec) {
        checkedSpecs.add(spec);
    }

    /** The store's current time, truncated to microseconds as PostgreSQL stores it. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("PostgresTransactionalStore is closed");
        }
    }

    /**
     * Returns the {@link Jdbi} or {@link DataSource} behind the store, or the store itself.
     *
     * @param type {@code Jdbi.class}, {@code DataSource.class} or this class
     * @param <U> the type
     * @return the object
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
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("PostgresTransactionalStore has no native object of type "
                + (type == null ? "null" : type.getName()));
    }

    /** Closes the store; the data source stays open (it belongs to the caller). */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PostgresTransactionalStore";
    }
}
