package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The redis:// store provider")
class RedisStoreProviderTest {

    private static StoreProvider provider() {
        List<StoreProvider> found = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("redis"))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    @DisplayName("is found by ServiceLoader, names its Maven coordinates and opens the Cache port only")
    void discovered() {
        StoreProvider provider = provider();
        assertThat(provider).isInstanceOf(RedisStoreProvider.class);
        assertThat(provider.schemes()).containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel", "rediss-sentinel",
                "redis-cluster", "rediss-cluster");
        assertThat(provider.artifact()).isEqualTo("dev.polyglot:polyglot-redis");
        assertThat(provider.ports()).containsExactly(Port.CACHE);
        assertThatThrownBy(() -> provider.open(Port.DOCUMENT, StoreUri.parse(RedisTestServer.uri())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cache port only");
        assertThatThrownBy(() -> provider.open(Port.CACHE, StoreUri.parse("memory:")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("opens a working store whose Lettuce client and connection can be unwrapped and are closed with it")
    void opensAndCloses() {
        Store store = provider().open(Port.CACHE, StoreUri.parse(RedisTestServer.uri()));
        StatefulConnection<?, ?> connection;
        try {
            assertThat(store).isInstanceOf(RedisCacheStore.class);
            Cache<String> cache = ((CacheStore) store).cache("provider_test", String.class);
            cache.put("k", "v", Duration.ofMinutes(1));
            assertThat(cache.get("k")).contains("v");
            assertThat(store.unwrap(RedisClient.class)).isSameAs(store.unwrap(AbstractRedisClient.class));
            connection = store.unwrap(StatefulConnection.class);
            assertThat(store.unwrap(StatefulRedisConnection.class)).isSameAs(connection);
            assertThat(connection.isOpen()).isTrue();
            assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            store.close();
        }
        assertThat(connection.isOpen()).isFalse();
        store.close();
    }

    @Test
    @DisplayName("a server that cannot be reached opens anyway and fails each operation naming host and port")
    void unreachable() {
        try (CacheStore store = RedisCacheStore.connect("redis://127.0.0.1:1?timeout=1s")) {
            assertThatThrownBy(() -> store.cache("n", String.class).get("k"))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("127.0.0.1:1")
                    .hasCauseInstanceOf(RuntimeException.class);
        }
    }

    @Test
    @DisplayName("invalid settings are StoreConfigurationExceptions naming the parameter")
    void badSettings() {
        assertThatThrownBy(() -> RedisCacheStore.connect("redis://localhost?prefix=bad-prefix"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> RedisCacheStore.connect("redis://localhost?hashTags=maybe"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("hashTags");
        assertThatThrownBy(() -> RedisCacheStore.connect("redis-cluster://,"))
                .isInstanceOf(StoreConfigurationException.class);
        assertThatThrownBy(() -> RedisCacheStore.connect("memory:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisCacheStore.connect(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("stores with different key prefixes on one server do not see each other's entries")
    void prefixes() {
        String base = RedisTestServer.baseUri();
        try (CacheStore a = RedisCacheStore.connect(RedisTestServer.withParameter(base, "prefix=" + RedisTestServer.TEST_PREFIX + "_a"));
                CacheStore b = RedisCacheStore.connect(RedisTestServer.withParameter(base, "prefix=" + RedisTestServer.TEST_PREFIX + "_b"))) {
            a.cache("shared", String.class).put("k", "from a", Duration.ofMinutes(1));
            assertThat(b.cache("shared", String.class).get("k")).isEmpty();
            assertThat(a.cache("shared", String.class).get("k")).contains("from a");
            assertThat(a.toString()).contains("prefix " + RedisTestServer.TEST_PREFIX + "_a");
        }
    }

    @Test
    @DisplayName("parses single-node, TLS, Sentinel and cluster URIs, keeping Lettuce's parameters and dropping its own")
    void parsesUris() {
        RedisSettings single = RedisSettings.parse(StoreUri.parse("redis://user:secret@cache.example:6380/2?timeout=750ms&prefix=app"));
        assertThat(single.cluster()).isFalse();
        assertThat(single.uris()).hasSize(1);
        assertThat(single.uris().get(0).getHost()).isEqualTo("cache.example");
        assertThat(single.uris().get(0).getPort()).isEqualTo(6380);
        assertThat(single.uris().get(0).getDatabase()).isEqualTo(2);
        assertThat(single.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(single.keys().prefix()).isEqualTo("app");
        assertThat(single.target()).isEqualTo("Redis at cache.example:6380").doesNotContain("secret");

        RedisSettings tls = RedisSettings.parse(StoreUri.parse("rediss://cache.example"));
        assertThat(tls.uris().get(0).isSsl()).isTrue();
        assertThat(tls.timeout()).isEqualTo(RedisSettings.DEFAULT_TIMEOUT);

        RedisSettings sentinel = RedisSettings.parse(StoreUri.parse("redis-sentinel://s1:26379,s2:26380/0#mymaster"));
        assertThat(sentinel.uris().get(0).getSentinels()).hasSize(2);
        assertThat(sentinel.target()).isEqualTo("Redis master \"mymaster\" via Sentinel s1:26379,s2:26380");

        RedisSettings cluster = RedisSettings.parse(StoreUri.parse(
                "redis-cluster://user:secret@n1:7000,n2:7001,n3:7002?timeout=1s&hashTags=false"));
        assertThat(cluster.cluster()).isTrue();
        assertThat(cluster.uris()).extracting(u -> u.getHost() + ":" + u.getPort())
                .containsExactly("n1:7000", "n2:7001", "n3:7002");
        assertThat(cluster.uris()).allSatisfy(u -> {
            assertThat(u.getTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(u.isSsl()).isFalse();
        });
        assertThat(cluster.keys().hashTags()).isFalse();
        assertThat(cluster.target()).isEqualTo("Redis Cluster at n1:7000,n2:7001,n3:7002");
        assertThat(RedisSettings.parse(StoreUri.parse("rediss-cluster://n1:7000")).uris().get(0).isSsl()).isTrue();
    }
}
