package dev.polyglot.redis;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;

/**
 * Runs the Cache port's compatibility kit against {@link RedisCacheStore} on one Redis node: the
 * embedded redis-server, or the one in {@code POLYGLOT_TEST_REDIS_URI}.
 */
class RedisCacheStoreCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return RedisCacheStore.connect(RedisTestServer.uri());
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return RedisCacheStore.connect("redis://127.0.0.1:1?timeout=1s");
    }
}
