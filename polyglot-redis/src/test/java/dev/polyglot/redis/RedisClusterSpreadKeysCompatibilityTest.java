package dev.polyglot.redis;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;

/**
 * Runs the Cache port's compatibility kit on the three-master cluster with {@code hashTags=false}:
 * every key of a namespace hashes to its own slot, so {@code getAll} and {@code putAll} span all
 * three masters (Lettuce splits {@code MGET} by slot; the pipelined {@code SET}s go to each key's
 * node).
 */
class RedisClusterSpreadKeysCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return RedisCacheStore.connect(RedisTestCluster.uri() + "&hashTags=false");
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return RedisCacheStore.connect("redis-cluster://127.0.0.1:1?timeout=1s&hashTags=false");
    }
}
