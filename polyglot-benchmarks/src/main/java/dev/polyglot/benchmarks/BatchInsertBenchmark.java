package dev.polyglot.benchmarks;

import dev.polyglot.postgres.PostgresTransactionalStore;
import dev.polyglot.transactional.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Inserting 10,000 rows in one transaction: {@code Table.insertAll} against a raw JDBC batch
 * ({@code addBatch}/{@code executeBatch} with {@code reWriteBatchedInserts=true}) on the same
 * pooled {@code DataSource} (goal: the store no slower than the batch).
 *
 * <p>The table is emptied before every invocation (not measured), so each one inserts the same
 * 10,000 rows into an empty table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class BatchInsertBenchmark {

    private static final int ROWS = 10_000;

    private BenchmarkDatabase database;
    private PostgresTransactionalStore store;
    private TableSpec<Payment, String> payments;
    private String table;
    private String insertSql;
    private List<Payment> rows;

    /** Starts the database and creates the table through the store. */
    @Setup(Level.Trial)
    public void setUp() {
        database = BenchmarkDatabase.start();
        store = PostgresTransactionalStore.create(database.dataSource());
        table = BenchmarkDatabase.uniqueName("bench_batch");
        payments = Payment.spec(table);
        store.createTables(payments);
        insertSql = "INSERT INTO \"" + table + "\" (" + Payment.COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
        rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(Payment.generated("b-", i));
        }
    }

    /** Empties the table, so every invocation inserts into the same empty table. */
    @Setup(Level.Invocation)
    public void emptyTable() {
        database.execute("TRUNCATE \"" + table + "\"");
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

    /**
     * {@code Table.insertAll} of 10,000 rows in one store transaction.
     *
     * @return the number of rows inserted
     */
    @Benchmark
    public int storeInsertAll() {
        store.useTransaction(tx -> tx.table(payments).insertAll(rows));
        return rows.size();
    }

    /**
     * The same rows as one JDBC batch in one transaction.
     *
     * @return the number of batched statements
     * @throws SQLException if the database fails
     */
    @Benchmark
    public int jdbcBatch() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
                for (Payment row : rows) {
                    insert.setString(1, row.id());
                    insert.setString(2, row.customer());
                    insert.setLong(3, row.amountCents());
                    insert.setString(4, row.currency());
                    insert.setObject(5, OffsetDateTime.ofInstant(row.paidAt(), ZoneOffset.UTC));
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                connection.commit();
                return counts.length;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
