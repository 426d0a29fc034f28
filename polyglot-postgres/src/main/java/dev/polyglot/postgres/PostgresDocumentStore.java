package dev.polyglot.postgres;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.Ids;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The Document port on PostgreSQL: one table per collection with the document as {@code jsonb},
 * filters, sorts and updates translated into SQL with every value bound, unique and TTL indexes as
 * PostgreSQL indexes and an expiry column.
 *
 * <p>Each collection {@code name} lives in table {@code pgdoc_name} (id text COLLATE "C", doc jsonb,
 * revision, schema_version, expires_at), created on first write. The store installs its SQL
 * functions and its index catalog ({@code polyglot_doc_indexes}) in the current schema when it is
 * first used. Times for TTL indexes come from the database clock.
 *
 * <pre>{@code
 * DataSource dataSource = ...; // a connection pool, such as HikariCP
 * try (DocumentStore store = PostgresDocumentStore.create(dataSource)) {
 *     DocumentCollection<Customer> customers = store.collection("customers", Customer.class);
 *     customers.createIndex(IndexSpec.on("email").unique());
 *     String id = customers.insert(new Customer("Ada", "ada@example.com", 0));
 *     customers.update(id, Update.builder().inc("visits", 1).build());
 * }
 * }</pre>
 */
public final class PostgresDocumentStore implements DocumentStore {
    static final String TABLE_PREFIX = "pgdoc_";

    private final DataSource dataSource;
    private final PostgresSessions sessions;
    private final Set<String> tables = ConcurrentHashMap.newKeySet();
    private volatile boolean installed;
    private volatile boolean closed;

    private PostgresDocumentStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sessions = new PostgresSessions(dataSource, PostgresDocumentCollection::translate);
    }

    /**
     * Creates a store on a data source; nothing is connected until the first operation.
     *
     * @param dataSource the PostgreSQL data source (the store does not close it)
     * @return the store
     * @throws IllegalArgumentException for a null data source
     */
    public static PostgresDocumentStore create(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("data source must not be null");
        }
        return new PostgresDocumentStore(dataSource);
    }

    @Override
    public <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options) {
        Ids.requireName(name, "collection name");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("collection options must not be null");
        }
        checkOpen();
        return new PostgresDocumentCollection<>(this, name, codec, options);
    }

    @Override
    public boolean dropCollection(String name) {
        Ids.requireName(name, "collection name");
        checkOpen();
        String table = PostgresNames.identifier(TABLE_PREFIX, name, "collection name");
        boolean existed = call("drop collection " + name, handle -> PostgresSessions.inTransaction(handle, tx -> {
            Boolean exists = PostgresSessions.queryOne(tx, "SELECT to_regclass(?) IS NOT NULL",
                    java.util.List.of("\"" + table + "\""), rs -> rs.getBoolean(1));
            PostgresDocumentSchema.ddl(tx, "DROP TABLE IF EXISTS \"" + table + "\"");
            PostgresSessions.update(tx, "DELETE FROM " + PostgresDocumentSchema.CATALOG + " WHERE table_name = ?",
                    java.util.List.of(table));
            return Boolean.TRUE.equals(exists);
        }));
        tables.remove(table);
        return existed;
    }

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
        throw new IllegalArgumentException("PostgresDocumentStore wraps no " + (type == null ? "null" : type.getName()));
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PostgresDocumentStore[" + dataSource + "]";
    }

    PostgresSessions sessions() {
        return sessions;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("PostgresDocumentStore is closed");
        }
    }

    /** Runs work on a handle of its own after making sure the functions exist; translates failures. */
    <R> R call(String what, PostgresSessions.HandleWork<R> work) {
        checkOpen();
        return sessions.withHandle(what, handle -> {
            ensureInstalled(handle);
            return work.run(handle);
        });
    }

    private void ensureInstalled(Handle handle) throws SQLException {
        if (!installed) {
            synchronized (this) {
                if (!installed) {
                    PostgresSessions.inTransaction(handle, c -> {
                        PostgresDocumentSchema.install(c);
                        return null;
                    });
                    installed = true;
                }
            }
        }
    }

    /** Creates the table of a collection if this store has not seen it yet (or {@code force}). */
    void ensureTable(Handle handle, String name, boolean force) throws SQLException {
        String table = PostgresNames.identifier(TABLE_PREFIX, name, "collection name");
        if (force || !tables.contains(table)) {
            PostgresSessions.inTransaction(handle, c -> {
                PostgresDocumentSchema.createTable(c, "\"" + table + "\"",
                        PostgresNames.quoted("pgdocx_", name, "collection name"));
                return null;
            });
            tables.add(table);
        }
    }
}
