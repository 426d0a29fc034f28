package dev.polyglot.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * The database sessions of one PostgreSQL store, through Jdbi: the one place every adapter gets a
 * connection, runs work in autocommit mode or in a transaction, commits, rolls back on any failure,
 * releases the connection and translates what failed.
 *
 * <p>The work itself is plain JDBC on the handle's {@link Connection}: the adapters need driver
 * features (binary results, {@code bytea} and {@code text[]} arrays, fetch sizes for cursors,
 * advisory locks) and keep their hot paths free of mapping. Isolation and read-only mode are set
 * with {@code SET TRANSACTION} inside the transaction rather than with
 * {@link Handle#inTransaction(TransactionIsolationLevel, org.jdbi.v3.core.HandleCallback)}: the
 * driver implements that as {@code SET SESSION CHARACTERISTICS}, which costs two more round trips
 * and would leave a pooled connection changed if restoring it failed. A transaction at the server's
 * default isolation (read once per store with {@code SHOW default_transaction_isolation}) sends no
 * {@code SET TRANSACTION} at all, saving a round trip; this assumes every connection of the data
 * source has the same default, as a pool's connections do.
 */
final class PostgresSessions {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Work on a handle, for work that begins transactions of its own on it. */
    @FunctionalInterface
    interface HandleWork<R> {
        R run(Handle handle) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<R> {
        R map(ResultSet rs) throws SQLException;
    }

    /** How an adapter turns a failure into the exception its callers see. */
    @FunctionalInterface
    interface Failures {
        RuntimeException translate(String what, Exception failure);
    }

    private final Jdbi jdbi;
    private final Failures failures;
    /** The server's default isolation, read once: asking for it again costs no round trip. */
    private volatile @Nullable String defaultIsolation;

    /**
     * Creates the sessions of a store.
     *
     * @param dataSource where connections come from (the store does not close it)
     * @param failures how the store translates failures; it sees the driver's own exception, never Jdbi's wrapper
     */
    PostgresSessions(DataSource dataSource, Failures failures) {
        this.jdbi = Jdbi.create(dataSource);
        this.failures = failures;
    }

    /** The Jdbi the store hands out through {@code unwrap}. */
    Jdbi jdbi() {
        return jdbi;
    }

    /** Runs work on a connection of its own in autocommit mode: each statement commits on its own. */
    <R> R withConnection(String what, Work<R> work) {
        return withHandle(what, handle -> work.run(handle.getConnection()));
    }

    /**
     * Runs work on a handle of its own in autocommit mode; the work may run transactions on it with
     * {@link #inTransaction(Handle, Work)}.
     */
    <R> R withHandle(String what, HandleWork<R> work) {
        try (Handle handle = open()) {
            return work.run(handle);
        } catch (SQLException | RuntimeException e) {
            throw failures.translate(what, unwrap(e));
        }
    }

    /**
     * Runs work in one transaction on a connection of its own and commits it; any failure rolls it
     * back.
     *
     * @param isolation the isolation level, or {@link TransactionIsolationLevel#UNKNOWN} for the
     *     database's default
     * @param readOnly whether the transaction is READ ONLY
     */
    <R> R inTransaction(String what, TransactionIsolationLevel isolation, boolean readOnly, Work<R> work) {
        try (Handle handle = open()) {
            return handle.inTransaction(h -> {
                characterize(h.getConnection(), isolation, readOnly);
                return work.run(h.getConnection());
            });
        } catch (SQLException | RuntimeException e) {
            throw failures.translate(what, unwrap(e));
        }
    }

    /**
     * Runs work in a transaction on a handle that work of this session already holds (a transaction
     * already running there is joined), committing it or rolling it back on any failure. Driver
     * failures arrive as the driver threw them.
     */
    static <R> R inTransaction(Handle handle, Work<R> work) throws SQLException {
        try {
            return handle.inTransaction(h -> work.run(h.getConnection()));
        } catch (JdbiException e) {
            throw driverFailure(e);
        }
    }

    /**
     * Opens a handle with a transaction begun, for work that holds it across caller code (a
     * transaction callback, a streaming scan); give it back with {@link #commit} and
     * {@link #release}.
     *
     * @param isolation the isolation level, or {@link TransactionIsolationLevel#UNKNOWN} for the
     *     database's default
     * @param readOnly whether the transaction is READ ONLY
     */
    Handle begin(String what, TransactionIsolationLevel isolation, boolean readOnly) {
        Handle handle;
        try {
            handle = open();
        } catch (SQLException | RuntimeException e) {
            throw failures.translate(what, unwrap(e));
        }
        try {
            handle.begin();
            characterize(handle.getConnection(), isolation, readOnly);
            return handle;
        } catch (SQLException | RuntimeException e) {
            release(handle);
            throw failures.translate(what, unwrap(e));
        }
    }

    /** Commits the transaction of a handle from {@link #begin}; the driver's failure arrives as it threw it. */
    static void commit(Handle handle) throws SQLException {
        try {
            handle.commit();
        } catch (JdbiException e) {
            throw driverFailure(e);
        }
    }

    /** Returns the driver's exception a Jdbi failure wraps; rethrows the failure when it wraps none. */
    private static SQLException driverFailure(JdbiException e) {
        if (e.getCause() instanceof SQLException sql) {
            return sql;
        }
        throw e;
    }

    /** Rolls back what is still open and gives the connection back, ignoring failures: it is being given up. */
    static void release(@Nullable Handle handle) {
        if (handle == null) {
            return;
        }
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException ignored) {
            // closing the connection below ends the transaction anyway
        }
        try {
            handle.close();
        } catch (RuntimeException ignored) {
            // a broken connection cannot be closed cleanly; nothing more to release
        }
    }

    /**
     * Prepares a statement and binds its parameters in order: {@code null}, {@code String} as text,
     * {@code byte[]} as bytea, {@code Long}, {@code Integer}, {@code Boolean}, {@code String[]} as
     * text[].
     */
    static PreparedStatement prepare(Connection connection, String sql, @Nullable Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(connection, statement, i + 1, parameters[i]);
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
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else if (value instanceof String[] texts) {
            statement.setArray(index, connection.createArrayOf("text", texts));
        } else {
            throw new IllegalStateException("no binding for a " + value.getClass().getName());
        }
    }

    /** Runs a query and maps every row. */
    static <R> List<R> query(Connection connection, String sql, List<? extends @Nullable Object> parameters,
            RowMapper<R> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters.toArray());
                ResultSet rs = statement.executeQuery()) {
            List<R> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    /** Runs a query that returns at most one row. */
    static <R> @Nullable R queryOne(Connection connection, String sql, List<? extends @Nullable Object> parameters,
            RowMapper<R> mapper) throws SQLException {
        List<R> rows = query(connection, sql, parameters, mapper);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs a statement and returns its update count. */
    static int update(Connection connection, String sql, List<? extends @Nullable Object> parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters.toArray())) {
            return statement.executeUpdate();
        }
    }

    /** Runs a statement without parameters. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Opens a handle in autocommit mode, so a transaction begun on it is this session's own. */
    private Handle open() throws SQLException {
        Handle handle = jdbi.open();
        try {
            Connection connection = handle.getConnection();
            if (!connection.getAutoCommit()) {
                // pools reset this when the connection comes back
                connection.setAutoCommit(true);
            }
            return handle;
        } catch (SQLException | RuntimeException e) {
            release(handle);
            throw e;
        }
    }

    private void characterize(Connection connection, TransactionIsolationLevel isolation, boolean readOnly)
            throws SQLException {
        List<String> modes = new ArrayList<>(2);
        String level = isolation.name().replace('_', ' ');
        // SET TRANSACTION is a round trip of its own; a transaction at the server's default level
        // (READ COMMITTED unless configured otherwise) does not need it.
        if (isolation != TransactionIsolationLevel.UNKNOWN && !level.equalsIgnoreCase(defaultIsolation(connection))) {
            modes.add("ISOLATION LEVEL " + level);
        }
        if (readOnly) {
            modes.add("READ ONLY");
        }
        if (!modes.isEmpty()) {
            execute(connection, "SET TRANSACTION " + String.join(", ", modes));
        }
    }

    private String defaultIsolation(Connection connection) throws SQLException {
        String level = defaultIsolation;
        if (level == null) {
            try (Statement statement = connection.createStatement();
                    java.sql.ResultSet rs = statement.executeQuery("SHOW default_transaction_isolation")) {
                rs.next();
                level = rs.getString(1);
            }
            defaultIsolation = level;
        }
        return level;
    }

    /** The driver's exception inside Jdbi's wrapper, so translations see (and keep as cause) what the driver threw. */
    private static Exception unwrap(Exception e) {
        if (e instanceof JdbiException && e.getCause() instanceof SQLException sql) {
            return sql;
        }
        return e;
    }
}
