package dev.polyglot.tck.memory;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;

class InMemoryCacheStoreRealTimeCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return InMemoryCacheStore.create();
    }

    @Override
    protected CacheStore createUnavailableStore() {
        InMemoryCacheStore store = InMemoryCacheStore.create();
        store.setUnavailable(true);
        return store;
    }
}
