package dev.polyglot.postgres;

import dev.polyglot.tck.VectorStoreCompatibilityKit;
import dev.polyglot.vector.VectorStore;

/** Runs the Vector port's compatibility kit against PostgreSQL 17. */
class PostgresVectorStoreCompatibilityTest extends VectorStoreCompatibilityKit {

    @Override
    protected VectorStore createStore() {
        return PostgresVectorStore.create(PostgresTestDatabase.dataSource());
    }

    @Override
    protected VectorStore createUnavailableStore() {
        return PostgresVectorStore.create(PostgresTestDatabase.unreachableDataSource());
    }
}
