package dev.polyglot.postgres;

import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;

/**
 * JDBC plumbing shared by the vector store and its collections: transactions, error translation,
 * catalog reads, binary transfer. (Plain JDBC on the store's DataSource rather than Jdbi handles:
 * see the store's javadoc.)
 */
final class PostgresVectorSql {
    /** undefined_table: the collection's table is gone, so the collection was dropped. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /** Work done on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A collection's row in the catalog. */
    record Settings(String name, int dimensions, String metric) {
    }

    private PostgresVectorSql() {
    }

    /**
     * Runs work in one transaction on its own connection and commits it, translating failures.
     *
     * @param snapshot true for a REPEATABLE READ, READ ONLY transaction (every statement sees one
     *     snapshot), false for the default READ COMMITTED
     */
    static <T> T inTransaction(DataSource dataSource, String what, boolean snapshot, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (snapshot) {
                    try (Statement s = c.createStatement()) {
                        s.execute(SNAPSHOT);
                    }
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                resetQuietly(c);
            }
        } catch (IllegalArgumentException | PolyglotException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw translate(what, e);
        }
    }

    /** Translates a failure; a missing table means the collection was dropped under a handle. */
    static PolyglotException translate(String what, Exception e) {
        if (e instanceof PolyglotException already) {
            return already;
        }
        if (UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
            return new StoreConfigurationException(what + " failed: the collection does not exist; it was dropped", e);
        }
        return PostgresErrors.translate(what, e);
    }

    /** Starts a snapshot transaction on a connection that the caller keeps open (for streaming). */
    static void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(SNAPSHOT);
        }
    }

    /**
     * Asks the driver for binary results on the first execution (it otherwise switches only after
     * five executions on one connection), so {@code bytea} vectors arrive as raw bytes rather than
     * as hex text twice their size.
     */
    static PreparedStatement binary(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            // A negative threshold means: prepare on the server now and transfer results in binary.
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        return statement;
    }

    /** Creates a PostgreSQL array parameter. */
    static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }

    /** Runs a statement without parameters. */
    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Reads a collection's catalog row.
     *
     * @param lock whether to hold it (FOR KEY SHARE) until the transaction ends, so the collection
     *     cannot be dropped or recreated meanwhile
     */
    static Optional<Settings> settings(Connection c, String table, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, dimensions, metric FROM " + PostgresVectorStore.CATALOG
                + " WHERE table_name = ?" + (lock ? " FOR KEY SHARE" : ""))) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Settings(rs.getString(1), rs.getInt(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** Rolls back and closes a connection a caller held open, ignoring failures (it is being given up). */
    static void abandon(@Nullable Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // closing below releases the transaction anyway
        }
        resetQuietly(c);
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // nothing more to release
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Gives a pooled connection back in autocommit mode, as the pool handed it out. */
    private static void resetQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection; the pool discards it
        }
    }
}
