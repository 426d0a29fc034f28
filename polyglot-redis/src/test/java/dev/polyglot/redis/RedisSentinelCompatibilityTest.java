package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the Cache port's compatibility kit against {@link RedisCacheStore} opened from a
 * {@code redis-sentinel://} URI: Lettuce asks the embedded Sentinels for the master's address and
 * connects to it (see {@link RedisTestSentinel}).
 */
class RedisSentinelCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return RedisCacheStore.connect(RedisTestSentinel.uri());
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return RedisCacheStore.connect("redis-sentinel://127.0.0.1:1?sentinelMasterId="
                + RedisTestSentinel.MASTER_NAME + "&timeout=1s");
    }

    @Test
    @DisplayName("a redis-sentinel:// store writes to the master the Sentinels name, also when the first Sentinel listed is down")
    void writesToTheMasterTheSentinelsName() {
        RedisTestSentinel.Started sentinel = RedisTestSentinel.started();
        String uri = "redis-sentinel://127.0.0.1:" + RedisTestServer.freePort() + ",127.0.0.1:"
                + sentinel.sentinelPorts().get(1) + "/0?prefix=" + RedisTestServer.TEST_PREFIX + "&timeout=10s#"
                + RedisTestSentinel.MASTER_NAME;
        String namespace = "sentinel_master_" + System.nanoTime();
        try (CacheStore store = RedisCacheStore.connect(uri)) {
            Cache<String> cache = store.cache(namespace, String.class);
            cache.put("k", "through Sentinel");
            assertThat(cache.get("k")).contains("through Sentinel");
        }
        RedisClient direct = RedisClient.create(RedisURI.create("127.0.0.1", sentinel.master().port()));
        try (StatefulRedisConnection<String, String> connection = direct.connect()) {
            assertThat(connection.sync().keys(RedisTestServer.TEST_PREFIX + ":*" + namespace + "*")).hasSize(1);
        } finally {
            direct.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
