package dev.polyglot.postgres;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;

/** Runs the Cache port's compatibility kit against {@link PostgresCacheStore} on PostgreSQL 17. */
class PostgresCacheStoreCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return PostgresCacheStore.create(PostgresTestDatabase.dataSource());
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return PostgresCacheStore.create(PostgresTestDatabase.unreachableDataSource());
    }
}
