package dev.polyglot.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Plain JDBC for the Document adapter: positional parameters, one-transaction blocks.
 *
 * <p>The adapter talks JDBC rather than through Jdbi handles because naming Jdbi's {@code Handle}
 * type makes javac read its error-prone {@code @GuardedBy} annotations, which are not on the
 * compile classpath, and {@code -Werror} turns that warning into a failure.
 */
final class PostgresDocumentJdbc {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<R> {
        R map(ResultSet rs) throws SQLException;
    }

    private PostgresDocumentJdbc() {
    }

    /** Runs work in one transaction on an auto-commit connection, rolling back on any failure. */
    static <R> R inTransaction(Connection connection, Work<R> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            R result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Prepares a statement and binds its parameters in order. */
    static PreparedStatement prepare(Connection connection, String sql, List<? extends @Nullable Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                bind(connection, statement, i + 1, params.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, @Nullable Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof String[] array) {
            statement.setArray(index, connection.createArrayOf("text", array));
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer n) {
            statement.setInt(index, n);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else {
            throw new IllegalStateException("unexpected parameter type " + value.getClass().getName());
        }
    }

    /** Runs a query and maps every row. */
    static <R> List<R> query(Connection connection, String sql, List<? extends @Nullable Object> params, RowMapper<R> mapper)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
            List<R> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** Runs a query that returns at most one row. */
    static <R> @Nullable R queryOne(Connection connection, String sql, List<? extends @Nullable Object> params,
            RowMapper<R> mapper) throws SQLException {
        List<R> rows = query(connection, sql, params, mapper);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs a statement and returns its update count. */
    static int update(Connection connection, String sql, List<? extends @Nullable Object> params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }
}
