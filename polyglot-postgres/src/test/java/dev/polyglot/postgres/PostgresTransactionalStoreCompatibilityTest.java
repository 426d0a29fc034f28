package dev.polyglot.postgres;

import dev.polyglot.tck.TransactionalStoreCompatibilityKit;
import dev.polyglot.transactional.TransactionalStore;

/** Runs the Transactional compatibility kit against embedded PostgreSQL 17. */
class PostgresTransactionalStoreCompatibilityTest extends TransactionalStoreCompatibilityKit {

    @Override
    protected TransactionalStore createStore() {
        return PostgresTransactionalStore.create(PostgresTestDatabase.dataSource());
    }

    @Override
    protected TransactionalStore createUnavailableStore() {
        return PostgresTransactionalStore.create(PostgresTestDatabase.unreachableDataSource());
    }
}
