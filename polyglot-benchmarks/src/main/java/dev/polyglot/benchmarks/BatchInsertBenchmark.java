package dev.polyglot.benchmarks;

import dev.polyglot.postgres.PostgresTransactionalStore;
import dev.polyglot.transactional.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
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
import org.postgresql.PGConnection;

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

    /**
     * Diagnostic: the statement shape {@code insertAll} used before typed binding, by hand: one
     * text array per column, cast on the server.
     *
     * @return the number of rows inserted
     * @throws SQLException if the database fails
     */
    @Benchmark
    public int diagnosticUnnestTextArrays() throws SQLException {
        String[] ids = new String[ROWS];
        String[] customers = new String[ROWS];
        String[] amounts = new String[ROWS];
        String[] currencies = new String[ROWS];
        String[] paid = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            Payment row = rows.get(i);
            ids[i] = row.id();
            customers[i] = row.customer();
            amounts[i] = Long.toString(row.amountCents());
            currencies[i] = row.currency();
            paid[i] = row.paidAt().toString();
        }
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + table + "\" (" + Payment.COLUMNS
                    + ") SELECT * FROM unnest(CAST(CAST(? AS text[]) AS text[]), CAST(CAST(? AS text[]) AS text[]),"
                    + " CAST(CAST(? AS text[]) AS bigint[]), CAST(CAST(? AS text[]) AS text[]),"
                    + " CAST(CAST(? AS text[]) AS timestamptz[]))")) {
                insert.setArray(1, connection.createArrayOf("text", ids));
                insert.setArray(2, connection.createArrayOf("text", customers));
                insert.setArray(3, connection.createArrayOf("text", amounts));
                insert.setArray(4, connection.createArrayOf("text", currencies));
                insert.setArray(5, connection.createArrayOf("text", paid));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Diagnostic: one array per column bound with its element type (int8[] from a long[], sent
     * binary), only the timestamps as text cast on the server.
     *
     * @return the number of rows inserted
     * @throws SQLException if the database fails
     */
    @Benchmark
    public int diagnosticUnnestTypedArrays() throws SQLException {
        String[] ids = new String[ROWS];
        String[] customers = new String[ROWS];
        Long[] amounts = new Long[ROWS];
        String[] currencies = new String[ROWS];
        String[] paid = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            Payment row = rows.get(i);
            ids[i] = row.id();
            customers[i] = row.customer();
            amounts[i] = row.amountCents();
            currencies[i] = row.currency();
            paid[i] = row.paidAt().toString();
        }
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + table + "\" (" + Payment.COLUMNS
                    + ") SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]),"
                    + " CAST(CAST(? AS text[]) AS timestamptz[]))")) {
                insert.setArray(1, connection.createArrayOf("text", ids));
                insert.setArray(2, connection.createArrayOf("text", customers));
                insert.setArray(3, connection.createArrayOf("int8", amounts));
                insert.setArray(4, connection.createArrayOf("text", currencies));
                insert.setArray(5, connection.createArrayOf("text", paid));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Diagnostic: the rows as {@code COPY ... FROM STDIN} in text format.
     *
     * @return the number of rows inserted
     * @throws SQLException if the database fails
     */
    @Benchmark
    public long diagnosticCopyText() throws SQLException {
        StringBuilder data = new StringBuilder(ROWS * 64);
        for (Payment row : rows) {
            data.append(row.id()).append('\t').append(row.customer()).append('\t').append(row.amountCents())
                    .append('\t').append(row.currency()).append('\t').append(row.paidAt()).append('\n');
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        return inTransaction(connection -> connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY \"" + table + "\" (" + Payment.COLUMNS + ") FROM STDIN", new java.io.ByteArrayInputStream(bytes)));
    }

    private interface Work<R> {
        R run(Connection connection) throws SQLException, java.io.IOException;
    }

    private <R> R inTransaction(Work<R> work) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                R result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                connection.rollback();
                throw e instanceof SQLException sql ? sql : new SQLException(e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
