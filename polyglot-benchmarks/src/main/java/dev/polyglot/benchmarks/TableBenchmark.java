package dev.polyglot.benchmarks;

import dev.polyglot.postgres.PostgresTransactionalStore;
import dev.polyglot.transactional.TableSpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Primary-key {@code find} and single-row {@code insert} through {@link PostgresTransactionalStore}
 * against raw Jdbi running the same SQL on the same pooled {@code DataSource} (goal: the store
 * within 1.10× of Jdbi).
 *
 * <p>Every store operation runs in a transaction, as the port requires, so the like-for-like Jdbi
 * side is {@code jdbi.inTransaction}; {@code jdbiAutoCommit*} is the single-statement floor a
 * hand-written DAO could reach without a transaction, and {@code *WithSetIsolation} adds to the Jdbi
 * transaction the one statement the store sends that Jdbi does not, to explain the difference. The table holds 10,000 rows before the
 * measurement; ids to find cycle through them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TableBenchmark {

    private static final int ROWS = 10_000;
    private static final String SET_ISOLATION = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    private static final RowMapper<Payment> PAYMENT = (rs, ctx) -> new Payment(rs.getString(1), rs.getString(2),
            rs.getLong(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant());

    private BenchmarkDatabase database;
    private PostgresTransactionalStore store;
    private Jdbi jdbi;
    private TableSpec<Payment, String> payments;
    private String table;
    private String findSql;
    private String insertSql;
    private String[] ids;
    private int nextFind;
    private long nextInsert;

    /** Starts the database, creates the table through the store and fills it with 10,000 rows. */
    @Setup(Level.Trial)
    public void setUp() {
        database = BenchmarkDatabase.start();
        store = PostgresTransactionalStore.create(database.dataSource());
        jdbi = Jdbi.create(database.dataSource());
        table = BenchmarkDatabase.uniqueName("bench_payments");
        payments = Payment.spec(table);
        store.createTables(payments);
        List<Payment> rows = new ArrayList<>(ROWS);
        ids = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows.add(Payment.generated("p-", i));
            ids[i] = "p-" + i;
        }
        store.useTransaction(tx -> tx.table(payments).insertAll(rows));
        database.execute("VACUUM ANALYZE \"" + table + "\"");
        findSql = "SELECT " + Payment.COLUMNS + " FROM \"" + table + "\" WHERE \"id\" = ?";
        insertSql = "INSERT INTO \"" + table + "\" (" + Payment.COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
        if (storeFind().isEmpty() || jdbiTransactionFind().isEmpty() || jdbiAutoCommitFind().isEmpty()) {
            throw new IllegalStateException("a loaded row was not found");
        }
    }

    /** Drops the table and stops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            database.execute("DROP TABLE IF EXISTS \"" + table + "\"");
            store.close();
        } finally {
            database.close();
        }
    }

    private String nextId() {
        String id = ids[nextFind];
        nextFind = (nextFind + 1) % ROWS;
        return id;
    }

    /**
     * {@code Table.find} in a store transaction.
     *
     * @return the row found
     */
    @Benchmark
    public Optional<Payment> storeFind() {
        String id = nextId();
        return store.inTransaction(tx -> tx.table(payments).find(id));
    }

    /**
     * The same SELECT through Jdbi, in a Jdbi transaction.
     *
     * @return the row found
     */
    @Benchmark
    public Optional<Payment> jdbiTransactionFind() {
        String id = nextId();
        return jdbi.inTransaction(handle -> handle.createQuery(findSql).bind(0, id).map(PAYMENT).findOne());
    }

    /**
     * The same SELECT through Jdbi, auto-committed (no transaction).
     *
     * @return the row found
     */
    @Benchmark
    public Optional<Payment> jdbiAutoCommitFind() {
        String id = nextId();
        return jdbi.withHandle(handle -> handle.createQuery(findSql).bind(0, id).map(PAYMENT).findOne());
    }

    /**
     * Diagnostic, not a goal: the Jdbi transaction plus the {@code SET TRANSACTION ISOLATION LEVEL}
     * statement the store sends at the start of each of its transactions (one more round trip).
     *
     * @return the row found
     */
    @Benchmark
    public Optional<Payment> jdbiTransactionFindWithSetIsolation() {
        String id = nextId();
        return jdbi.inTransaction(handle -> {
            handle.execute(SET_ISOLATION);
            return handle.createQuery(findSql).bind(0, id).map(PAYMENT).findOne();
        });
    }

    /**
     * {@code Table.insert} of one new row in a store transaction.
     *
     * @return the inserted row
     */
    @Benchmark
    public Payment storeInsert() {
        Payment row = Payment.generated("s-", nextInsert++);
        return store.inTransaction(tx -> tx.table(payments).insert(row));
    }

    /**
     * The same row inserted through Jdbi, in a Jdbi transaction.
     *
     * @return the update count
     */
    @Benchmark
    public int jdbiTransactionInsert() {
        Payment row = Payment.generated("t-", nextInsert++);
        return jdbi.inTransaction(handle -> bind(handle.createUpdate(insertSql), row).execute());
    }

    /**
     * The same row inserted through Jdbi, auto-committed.
     *
     * @return the update count
     */
    @Benchmark
    public int jdbiAutoCommitInsert() {
        Payment row = Payment.generated("a-", nextInsert++);
        return jdbi.withHandle(handle -> bind(handle.createUpdate(insertSql), row).execute());
    }

    /**
     * Diagnostic, not a goal: the Jdbi transaction insert plus the store's {@code SET TRANSACTION}.
     *
     * @return the update count
     */
    @Benchmark
    public int jdbiTransactionInsertWithSetIsolation() {
        Payment row = Payment.generated("i-", nextInsert++);
        return jdbi.inTransaction(handle -> {
            handle.execute(SET_ISOLATION);
            return bind(handle.createUpdate(insertSql), row).execute();
        });
    }

    private static org.jdbi.v3.core.statement.Update bind(org.jdbi.v3.core.statement.Update update, Payment row) {
        return update.bind(0, row.id()).bind(1, row.customer()).bind(2, row.amountCents()).bind(3, row.currency())
                .bind(4, row.paidAt());
    }
}
