package dev.polyglot.postgres;

import dev.polyglot.document.DocumentStore;
import dev.polyglot.tck.DocumentStoreCompatibilityKit;

/** Runs the Document compatibility kit against PostgreSQL (the shared, pooled test server). */
class PostgresDocumentStoreCompatibilityTest extends DocumentStoreCompatibilityKit {

    @Override
    protected DocumentStore createStore() {
        return PostgresDocumentStore.create(PostgresTestDatabase.dataSource());
    }

    @Override
    protected DocumentStore createUnavailableStore() {
        return PostgresDocumentStore.create(PostgresTestDatabase.unreachableDataSource());
    }
}
