package dev.polyglot.memory;

import dev.polyglot.spi.TransactionRetries;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.query.Filter;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.RetryPolicy;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory reference {@link TransactionalStore}: exact ACID semantics for unit tests and
 * prototypes, with no server.
 *
 * <p><b>Design.</b> Committed rows are kept as immutable, deep-copied documents of the model with a
 * short version history per row, each version stamped with the sequence number of the commit that
 * wrote it (multi-version concurrency control, as in PostgreSQL). A transaction reads the newest
 * version at or before its read point &mdash; the latest commit for each statement at
 * {@code READ_COMMITTED}, the commit current when it began for {@code REPEATABLE_READ} and
 * {@code SERIALIZABLE} &mdash; overlaid with its own private write set, so it never sees another
 * transaction's uncommitted writes (no dirty reads) and always sees its own. Nothing is locked while
 * the callback runs. Commit is atomic under the store's write lock and validates first:
 * <ul>
 *   <li>every row the transaction wrote must not have been committed by another transaction since
 *       (at {@code READ_COMMITTED}: since this transaction first wrote it; at the stronger levels:
 *       since its snapshot, which is also checked eagerly on each write, as PostgreSQL reports
 *       "could not serialize access due to concurrent update") &mdash; first committer wins. (At
 *       {@code READ_COMMITTED} this is slightly stricter than PostgreSQL, where the second writer
 *       waits for the first and then overwrites; here it is re-run instead.)</li>
 *   <li>unique keys must still be free against rows committed meanwhile;</li>
 *   <li>at {@code SERIALIZABLE}, no row it read by id and no row matching a filter it evaluated
 *       (before or after the change) may have been committed since its snapshot, which rules out
 *       write skew and phantoms.</li>
 * </ul>
 * A failed validation is a serialization conflict: the store rolls the attempt back and re-runs the
 * callback after a jittered exponential backoff, up to its {@link RetryPolicy}, then throws
 * {@link TransactionConflictException}. Row versions no running snapshot can see are pruned at
 * commit. Timestamps come from the injected {@link Clock}, truncated to microseconds like
 * PostgreSQL's.
 *
 * <p>Use {@link #setUnavailable(boolean)} to simulate an outage when testing error handling.
 *
 * <pre>{@code
 * TransactionalStore store = InMemoryTransactionalStore.create();
 * store.createTables(accounts);
 * store.useTransaction(tx -> tx.table(accounts).insert(new Account("a-1", "ada@example.com", 0)));
 * }</pre>
 */
public final class InMemoryTransactionalStore implements TransactionalStore {

    private final Clock clock;
    private final RetryPolicy retryPolicy;
    final MemoryOutage outage = new MemoryOutage("InMemoryTransactionalStore");
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by {@link #lock}. */
    private final Map<String, MemoryTxTable> tables = new HashMap<>();
    /** Guarded by {@link #lock}: the sequence number of the latest commit. */
    private long committedSeq;
    private final Set<MemoryTxTransaction> active = ConcurrentHashMap.newKeySet();
    /** Specs already checked against their table; weak, so specs built on the fly do not pile up. */
    private final Set<TableSpec<?, ?>> checkedSpecs = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ThreadLocal<MemoryTxTransaction> current = new ThreadLocal<>();
    private volatile boolean closed;

    private InMemoryTransactionalStore(Clock clock, RetryPolicy retryPolicy) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /**
     * Creates an empty store on the system clock with the default retry policy.
     *
     * @return the store
     */
    public static InMemoryTransactionalStore create() {
        return new InMemoryTransactionalStore(Clock.systemUTC(), RetryPolicy.defaults());
    }

    /**
     * Creates an empty store whose timestamps come from a clock.
     *
     * @param clock the clock
     * @return the store
     */
    public static InMemoryTransactionalStore create(Clock clock) {
        return new InMemoryTransactionalStore(clock, RetryPolicy.defaults());
    }

    /**
     * Creates an empty store with a clock and a retry policy for serialization conflicts.
     *
     * @param clock the clock
     * @param retryPolicy how conflicting transactions are retried
     * @return the store
     */
    public static InMemoryTransactionalStore create(Clock clock, RetryPolicy retryPolicy) {
        return new InMemoryTransactionalStore(clock, retryPolicy);
    }

    /**
     * Simulates an outage: while set, every operation throws
     * {@link dev.polyglot.StoreUnavailableException} with a {@link java.net.ConnectException} as cause.
     *
     * @param unavailable whether the store is down
     */
    public void setUnavailable(boolean unavailable) {
        outage.set(unavailable);
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
        MemoryTxTransaction outer = current.get();
        if (outer != null && outer.isOpen()) {
            if (isolation.compareTo(outer.isolation) > 0) {
                throw new IllegalStateException("a nested transaction asks for " + isolation
                        + " but joins the running " + outer.isolation + " transaction");
            }
            return callback.inTransaction(outer);
        }
        for (int attempt = 1; ; attempt++) {
            outage.check();
            MemoryTxTransaction tx = begin(isolation);
            current.set(tx);
            Throwable conflict;
            R result;
            try {
                result = callback.inTransaction(tx);
            } catch (Throwable t) {
                // Rolled back whatever was thrown; only a conflict of this transaction is retried.
                rollback(tx);
                if (!tx.conflicted()) {
                    throw t;
                }
                result = null;
            } finally {
                current.remove();
            }
            PolyglotException failure = tx.failure();
            if (failure != null) {
                // The callback threw a conflict, or swallowed a store error that aborted the transaction.
                rollback(tx);
                if (!tx.conflicted()) {
                    throw failure;
                }
                conflict = failure;
            } else {
                TransactionConflictException failed = commit(tx);
                if (failed == null) {
                    return result;
                }
                conflict = failed;
            }
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new TransactionConflictException("transaction gave up after " + attempt
                        + " attempts because of conflicting concurrent transactions: " + conflict.getMessage(), conflict);
            }
            TransactionRetries.backoff(retryPolicy, attempt, conflict);
        }
    }

    private MemoryTxTransaction begin(IsolationLevel isolation) {
        lock.readLock().lock();
        try {
            checkOpen();
            MemoryTxTransaction tx = new MemoryTxTransaction(this, isolation, committedSeq);
            active.add(tx);
            return tx;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void rollback(MemoryTxTransaction tx) {
        tx.close();
        active.remove(tx);
    }

    /** Validates and applies a transaction atomically; returns the conflict instead when validation fails. */
    private @Nullable TransactionConflictException commit(MemoryTxTransaction tx) {
        synchronized (tx) {
            lock.writeLock().lock();
            try {
                try {
                    outage.check();
                    checkOpen();
                } catch (RuntimeException e) {
                    rollback(tx);
                    throw e;
                }
                String problem = validate(tx);
                if (problem != null) {
                    tx.markConflicted();
                    rollback(tx);
                    return new TransactionConflictException("could not serialize the transaction: " + problem, null);
                }
                long seq = ++committedSeq;
                rollback(tx); // no longer active: its snapshot must not hold back pruning
                long oldestSnapshot = seq;
                for (MemoryTxTransaction other : active) {
                    if (other.isolation != IsolationLevel.READ_COMMITTED) {
                        oldestSnapshot = Math.min(oldestSnapshot, other.snapshot);
                    }
                }
                for (MemoryTxTransaction.Writes writes : tx.writes.values()) {
                    MemoryTxTable table = writes.table;
                    writes.rows.forEach((key, pending) -> table.rows.computeIfAbsent(key, k -> new MemoryTxTable.Row(pending.id))
                            .versions.add(new MemoryTxTable.Version(seq, pending.document)));
                    for (Map.Entry<Object, MemoryTxTable.AuditRecord> e : writes.audit) {
                        MemoryTxTable.AuditRecord r = e.getValue();
                        table.audit.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(new MemoryTxTable.AuditRecord(seq, r.operation(), r.at(), r.row()));
                    }
                    for (Object key : writes.rows.keySet()) {
                        MemoryTxTable.Row row = table.rows.get(key);
                        if (row != null && row.prune(oldestSnapshot)) {
                            table.rows.remove(key);
                        }
                    }
                }
                return null;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** Returns why a transaction cannot commit, or null when it can. Called under the write lock. */
    private @Nullable String validate(MemoryTxTransaction tx) {
        for (MemoryTxTransaction.Writes writes : tx.writes.values()) {
            MemoryTxTable table = writes.table;
            for (Map.Entry<Object, MemoryTxTransaction.Pending> e : writes.rows.entrySet()) {
                MemoryTxTable.Row row = table.rows.get(e.getKey());
                long latest = row == null ? 0 : row.latestSeq();
                boolean changed = tx.isolation == IsolationLevel.READ_COMMITTED
                        ? latest != e.getValue().baseSeq : latest > tx.snapshot;
                if (changed) {
                    return "row " + e.getValue().id + " of table " + table.spec.table()
                            + " was changed by a concurrent transaction";
                }
            }
            if (!table.spec.uniqueKeys().isEmpty()) {
                Map<Object, Map<String, @Nullable Object>> others = new HashMap<>();
                table.rows.forEach((key, row) -> {
                    Map<String, @Nullable Object> doc = row.visibleAt(Long.MAX_VALUE);
                    if (doc != null && !writes.rows.containsKey(key)) {
                        others.put(key, doc);
                    }
                });
                for (List<String> uniqueKey : table.spec.uniqueKeys()) {
                    Map<List<@Nullable Object>, Object> index = MemoryTxTable.uniqueIndex(uniqueKey, others);
                    for (MemoryTxTransaction.Pending pending : writes.rows.values()) {
                        List<@Nullable Object> tuple = pending.document == null ? null
                                : MemoryTxTable.uniqueTuple(uniqueKey, pending.document);
                        if (tuple != null && index.containsKey(tuple)) {
                            return "unique key " + uniqueKey + " of table " + table.spec.table()
                                    + " was taken by a concurrent transaction";
                        }
                    }
                }
            }
        }
        if (tx.isolation == IsolationLevel.SERIALIZABLE) {
            for (Map.Entry<String, Set<Object>> e : tx.pointReads.entrySet()) {
                MemoryTxTable table = tables.get(e.getKey());
                for (Object key : e.getValue()) {
                    MemoryTxTable.Row row = table == null ? null : table.rows.get(key);
                    if (row != null && row.latestSeq() > tx.snapshot) {
                        return "row " + row.id + " of table " + e.getKey() + " that the transaction read was changed concurrently";
                    }
                }
            }
            for (Map.Entry<String, List<Filter>> e : tx.predicateReads.entrySet()) {
                MemoryTxTable table = tables.get(e.getKey());
                if (table == null) {
                    continue;
                }
                for (MemoryTxTable.Row row : table.rows.values()) {
                    if (row.latestSeq() <= tx.snapshot) {
                        continue;
                    }
                    List<@Nullable Map<String, @Nullable Object>> seen = new ArrayList<>();
                    seen.add(row.visibleAt(tx.snapshot));
                    row.versions.stream().filter(v -> v.seq() > tx.snapshot).forEach(v -> seen.add(v.document()));
                    for (Map<String, @Nullable Object> doc : seen) {
                        if (doc != null && e.getValue().stream().anyMatch(f -> DocumentFilters.matches(f, doc))) {
                            return "rows of table " + e.getKey() + " matching a query of the transaction were changed concurrently";
                        }
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void createTables(TableSpec<?, ?>... specs) {
        List<TableSpec<?, ?>> list = specList(specs);
        checkOpen();
        outage.check();
        lock.writeLock().lock();
        try {
            List<String> problems = new ArrayList<>();
            Map<String, TableSpec<?, ?>> schema = new HashMap<>();
            tables.forEach((name, table) -> schema.put(name, table.spec));
            for (TableSpec<?, ?> spec : list) {
                TableSpec<?, ?> existing = schema.putIfAbsent(spec.table(), spec);
                if (existing != null) {
                    problems.addAll(mismatches(existing, spec));
                }
            }
            if (!problems.isEmpty()) {
                throw new StoreConfigurationException("existing tables do not match their specs: " + String.join("; ", problems), null);
            }
            for (TableSpec<?, ?> spec : list) {
                tables.computeIfAbsent(spec.table(), name -> new MemoryTxTable(spec));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void validateSchema(TableSpec<?, ?>... specs) {
        List<TableSpec<?, ?>> list = specList(specs);
        checkOpen();
        outage.check();
        List<String> problems = readLocked(() -> {
            List<String> out = new ArrayList<>();
            for (TableSpec<?, ?> spec : list) {
                MemoryTxTable existing = tables.get(spec.table());
                if (existing == null) {
                    out.add(missing(spec));
                } else {
                    out.addAll(mismatches(existing.spec, spec));
                }
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

    private static String missing(TableSpec<?, ?> spec) {
        return "table " + spec.table() + " does not exist; call TransactionalStore.createTables(spec) in development "
                + "and tests, or create it with your migrations";
    }

    /** What differs between the schema a table was created with and a spec, as a database would see it. */
    private static List<String> mismatches(TableSpec<?, ?> existing, TableSpec<?, ?> spec) {
        List<String> out = new ArrayList<>();
        String t = spec.table();
        for (TableSpec.Column column : spec.columns()) {
            var actual = existing.column(column.name());
            if (actual.isEmpty()) {
                out.add("table " + t + " has no column " + column.name());
            } else if (actual.get().type() != column.type()) {
                out.add("column " + t + "." + column.name() + " is " + actual.get().type() + " but the spec needs " + column.type());
            } else if (actual.get().nullable() != column.nullable()) {
                out.add("column " + t + "." + column.name() + " is " + (actual.get().nullable() ? "nullable" : "not null")
                        + " but the spec needs it " + (column.nullable() ? "nullable" : "not null"));
            }
        }
        for (TableSpec.Column column : existing.columns()) {
            if (spec.column(column.name()).isEmpty() && !column.nullable()) {
                out.add("table " + t + " has a not-null column " + column.name() + " the spec does not declare");
            }
        }
        if (!existing.idColumn().equals(spec.idColumn())) {
            out.add("table " + t + " has primary key " + existing.idColumn() + " but the spec needs " + spec.idColumn());
        }
        Set<Set<String>> existingKeys = new HashSet<>();
        existing.uniqueKeys().forEach(k -> existingKeys.add(Set.copyOf(k)));
        Set<Set<String>> specKeys = new HashSet<>();
        spec.uniqueKeys().forEach(k -> specKeys.add(Set.copyOf(k)));
        for (List<String> key : spec.uniqueKeys()) {
            if (!existingKeys.contains(Set.copyOf(key))) {
                out.add("table " + t + " has no unique key " + key);
            }
        }
        for (List<String> key : existing.uniqueKeys()) {
            if (!specKeys.contains(Set.copyOf(key))) {
                out.add("table " + t + " has a unique key " + key + " the spec does not declare");
            }
        }
        return out;
    }

    /** The committed table behind a spec, checked once per spec. */
    MemoryTxTable tableFor(TableSpec<?, ?> spec) {
        return readLocked(() -> {
            MemoryTxTable table = tables.get(spec.table());
            if (table == null) {
                throw new StoreConfigurationException(missing(spec), null);
            }
            if (!checkedSpecs.contains(spec)) {
                List<String> problems = mismatches(table.spec, spec);
                if (!problems.isEmpty()) {
                    throw new StoreConfigurationException("table " + spec.table() + " does not match its spec: "
                            + String.join("; ", problems), null);
                }
                checkedSpecs.add(spec);
            }
            return table;
        });
    }

    <R> R readLocked(Supplier<R> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The latest commit; read under the lock. */
    long committedSeq() {
        return committedSeq;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("InMemoryTransactionalStore is closed");
        }
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("InMemoryTransactionalStore has no native object of type "
                + (type == null ? "null" : type.getName()));
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryTransactionalStore";
    }
}
