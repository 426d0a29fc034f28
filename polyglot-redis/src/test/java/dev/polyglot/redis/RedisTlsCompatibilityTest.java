package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the Cache port's compatibility kit against {@link RedisCacheStore} opened from a
 * {@code rediss://} URI on the embedded redis-server's TLS port (see {@link RedisTestTls}).
 */
class RedisTlsCompatibilityTest extends CacheStoreCompatibilityKit {

    @Override
    protected CacheStore createStore() {
        return RedisCacheStore.connect(RedisTestTls.uri());
    }

    @Override
    protected CacheStore createUnavailableStore() {
        return RedisCacheStore.connect("rediss://127.0.0.1:1?verifyPeer=NONE&timeout=1s");
    }

    @Test
    @DisplayName("rediss:// verifies the server's certificate by default: a self-signed one is refused and the entry is not written")
    void verifiesTheCertificateByDefault() {
        String uri = "rediss://127.0.0.1:" + RedisTestTls.started().tlsPort() + "?prefix=" + RedisTestServer.TEST_PREFIX
                + "&timeout=1s";
        String namespace = "tls_verify_" + System.nanoTime();
        try (CacheStore store = RedisCacheStore.connect(uri)) {
            Cache<String> cache = store.cache(namespace, String.class);
            assertThatThrownBy(() -> cache.put("k", "v"))
                    .isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
        }
        try (CacheStore trusting = RedisCacheStore.connect(RedisTestTls.uri())) {
            assertThat(trusting.cache(namespace, String.class).get("k")).isEmpty();
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
