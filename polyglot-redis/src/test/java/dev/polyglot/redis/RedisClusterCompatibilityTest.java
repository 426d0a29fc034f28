package dev.polyglot.redis;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;

/**
 * Runs the Cache port's compatibility kit against {@link RedisCacheStore} on a three-master Redis
 * Cluster through {@code RedisClusterClient}, with the default key layout: each namespace hash-
 * tagged into one slot, namespaces spread over the masters.
 */
class RedisClusterCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return RedisCacheStore.connect(RedisTestCluster.uri());
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return RedisCacheStore.connect("redis-cluster://127.0.0.1:1?timeout=1s");
    }
}
