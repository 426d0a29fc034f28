package dev.polyglot.postgres;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The {@link VectorStore} port on plain PostgreSQL (no pgvector): one table per collection and an
 * exact scan whose scores are computed in Java by {@link VectorScores}, so they are exactly those
 * of every other adapter.
 *
 * <p>Each collection is a table {@code pgvec_<name>} ({@code id text COLLATE "C"} primary key,
 * {@code vec bytea} holding the float32 components, {@code meta jsonb}); a catalog table
 * {@code pgvec__collections} records each collection's dimensions and metric. The part of a
 * metadata filter that jsonb containment decides exactly (equality and membership) runs in SQL, so
 * a filtered search transfers only the records that pass it; the rest is evaluated in Java (see
 * {@code PostgresVectorFilters}). A search streams the
 * ids and vectors of one consistent snapshot and keeps the best {@code k} in a bounded heap, so its
 * cost grows linearly with the collection; see the README for the size at which its p99 latency
 * passes 100 ms, the point to move to the HNSW adapter. Collection names are validated and keep
 * their case in the (quoted) table name, so names differing only in case are two collections.
 *
 * <p>Every operation is one transaction on one connection of the data source. Writes hold the
 * collection's catalog row ({@code FOR KEY SHARE}), so a concurrent drop waits for them; reads run
 * in one {@code REPEATABLE READ, READ ONLY} snapshot, so a search never returns a record whose delete
 * had committed when it started. Connections and transactions come from the store's Jdbi; the work
 * on them is plain JDBC (it needs driver specifics: binary results, {@code bytea[]} parameters,
 * cursor fetch sizes); {@link #unwrap} hands out that {@link Jdbi}.
 *
 * <pre>{@code
 * VectorStore store = PostgresVectorStore.create(dataSource);
 * VectorCollection docs = store.collection("docs", 384, Metric.COSINE);
 * docs.upsert(VectorRecord.of("a", embedding, Map.of("lang", "en")));
 * List<VectorMatch> hits = docs.search(VectorQuery.nearest(query, 10).withFilter(Filter.eq("lang", "en")));
 * }</pre>
 */
public final class PostgresVectorStore implements VectorStore {
    /** The catalog table: two underscores, so no collection table ({@code pgvec_} + a letter) can take its name. */
    static final String CATALOG = "\"pgvec__collections\"";
    /** Prefix of collection tables. */
    static final String TABLE_PREFIX = "pgvec_";
    /** Serializes creating and dropping collections across processes. */
    private static final long DDL_LOCK = 0x7067766563L;

    private final DataSource dataSource;
    private final PostgresSessions sessions;
    private volatile boolean catalogReady;
    private volatile boolean closed;

    private PostgresVectorStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sessions = new PostgresSessions(dataSource, PostgresVectorStore::translate);
    }

    /**
     * Creates a store on a data source; the store does not own it, so {@link #close()} leaves it open.
     *
     * @param dataSource the PostgreSQL data source, ideally a connection pool
     * @return the store
     * @throws IllegalArgumentException for a null data source
     */
    public static PostgresVectorStore create(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return new PostgresVectorStore(dataSource);
    }

    /**
     * Creates the collection's table and catalog entry, or opens the existing collection.
     *
     * @param name the name: 1 to 63 letters, digits or {@code _}, starting with a letter
     * @param dimensions how many components every vector has
     * @param metric how matches are scored
     * @return the collection
     * @throws IllegalArgumentException for a bad name, dimensions out of range or a null metric
     * @throws StoreConfigurationException if the collection exists with other settings
     */
    @Override
    public VectorCollection collection(String name, int dimensions, Metric metric) {
        checkOpen();
        String table = PostgresNames.identifier(TABLE_PREFIX, name, "vector collection name");
        VectorScores.requireDimensions(dimensions);
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        PostgresVectorCollection collection = new PostgresVectorCollection(this, name, table, dimensions, metric);
        sessions.inTransaction("open vector collection \"" + name + "\"", TransactionIsolationLevel.UNKNOWN, false, c -> {
            lockCatalog(c);
            Optional<PostgresVectorSql.Settings> existing = PostgresVectorSql.settings(c, table, false);
            if (existing.isPresent()) {
                collection.require(existing.get());
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CATALOG
                    + " (table_name, name, dimensions, metric) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, table);
                ps.setString(2, name);
                ps.setInt(3, dimensions);
                ps.setString(4, metric.name());
                ps.executeUpdate();
            }
            String quoted = "\"" + table + "\"";
            // Vectors up to ~8 kB stay in the row (one page read per record in a scan), never compressed.
            PostgresSessions.execute(c, "CREATE TABLE IF NOT EXISTS " + quoted + " (id text COLLATE \"C\" PRIMARY KEY,"
                    + " vec bytea NOT NULL, meta jsonb NOT NULL) WITH (toast_tuple_target = 8160)");
            PostgresSessions.execute(c, "ALTER TABLE " + quoted + " ALTER COLUMN vec SET STORAGE EXTERNAL");
            return null;
        });
        catalogReady = true;
        return collection;
    }

    /**
     * Drops a collection's table and catalog entry.
     *
     * @param name the name
     * @return whether the collection existed
     * @throws IllegalArgumentException for a bad name
     */
    @Override
    public boolean dropCollection(String name) {
        checkOpen();
        String table = PostgresNames.identifier(TABLE_PREFIX, name, "vector collection name");
        boolean dropped = sessions.inTransaction("drop vector collection \"" + name + "\"",
                TransactionIsolationLevel.UNKNOWN, false, c -> {
            lockCatalog(c);
            // Deleting the catalog row waits for the operations holding it (FOR KEY SHARE), and makes
            // later ones fail as "dropped"; only then the table goes.
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CATALOG + " WHERE table_name = ? AND name = ?")) {
                ps.setString(1, table);
                ps.setString(2, name);
                deleted = ps.executeUpdate();
            }
            if (deleted == 0) {
                return false;
            }
            PostgresSessions.execute(c, "DROP TABLE IF EXISTS \"" + table + "\"");
            return true;
        });
        catalogReady = true;
        return dropped;
    }

    /**
     * Returns the {@link Jdbi}, the {@link DataSource} or this store.
     *
     * @param type {@code Jdbi.class}, {@code DataSource.class} or {@code PostgresVectorStore.class}
     * @param <U> the type
     * @return the object
     * @throws IllegalArgumentException for any other type
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        checkOpen();
        if (type == Jdbi.class) {
            return type.cast(sessions.jdbi());
        }
        if (type == DataSource.class) {
            return type.cast(dataSource);
        }
        if (type == PostgresVectorStore.class) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("PostgresVectorStore has no " + (type == null ? "null" : type.getName())
                + "; it unwraps to Jdbi, DataSource or PostgresVectorStore");
    }

    /** Marks the store closed; the data source stays open, since the store does not own it. */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Describes the store.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "PostgresVectorStore[" + (closed ? "closed" : "open") + "]";
    }

    PostgresSessions sessions() {
        return sessions;
    }

    /** Invalid arguments and port exceptions pass through; a missing table means a dropped collection. */
    private static RuntimeException translate(String what, Exception failure) {
        if (failure instanceof IllegalArgumentException iae) {
            return iae;
        }
        return PostgresVectorSql.translate(what, failure);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the vector store is closed");
        }
    }

    /** Takes the DDL lock for this transaction, creating the catalog on first use. */
    private void lockCatalog(Connection c) throws SQLException {
        PostgresSessions.execute(c, "SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
        if (!catalogReady) {
            PostgresSessions.execute(c, "CREATE TABLE IF NOT EXISTS " + CATALOG + " (table_name text PRIMARY KEY, name text COLLATE \"C\" NOT NULL,"
                    + " dimensions integer NOT NULL, metric text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
        }
    }
}
