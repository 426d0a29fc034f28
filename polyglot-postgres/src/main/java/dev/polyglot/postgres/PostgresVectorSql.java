package dev.polyglot.postgres;

import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.PGStatement;

/**
 * JDBC shared by the vector store and its collections: error translation, catalog reads, binary
 * transfer. Connections and transactions come from {@link PostgresSessions}.
 */
final class PostgresVectorSql {
    /** undefined_table: the collection's table is gone, so the collection was dropped. */
    private static final String UNDEFINED_TABLE = "42P01";

    /** A collection's row in the catalog. */
    record Settings(String name, int dimensions, String metric) {
    }

    private PostgresVectorSql() {
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
}
