package dev.polyglot.postgres;

import dev.polyglot.document.DocumentStore;
import dev.polyglot.tck.DocumentStoreCompatibilityKit;
import javax.sql.DataSource;
import org.postgresql.ds.PGPoolingDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs the Document compatibility kit against PostgreSQL, through a connection pool over the shared
 * test server, as applications run the store (the fixture's plain data source opens a connection
 * per call, which makes the kit's 8,000-write concurrency tests take minutes).
 */
class PostgresDocumentStoreCompatibilityTest extends DocumentStoreCompatibilityKit {
    private static DataSource pooled;

    @SuppressWarnings("deprecation") // pgjdbc's simple pool: enough for tests, no extra dependency
    private static synchronized DataSource pooled() {
        if (pooled == null) {
            PGSimpleDataSource server = (PGSimpleDataSource) PostgresTestDatabase.dataSource();
            PGPoolingDataSource pool = new PGPoolingDataSource();
            pool.setDataSourceName("polyglot-document-kit");
            pool.setUrl(server.getUrl());
            pool.setUser(server.getUser());
            pool.setPassword(server.getPassword());
            pool.setMaxConnections(24);
            pooled = pool;
        }
        return pooled;
    }

    @Override
    protected DocumentStore createStore() {
        return PostgresDocumentStore.create(pooled());
    }

    @Override
    protected DocumentStore createUnavailableStore() {
        return PostgresDocumentStore.create(PostgresTestDatabase.unreachableDataSource());
    }
}
