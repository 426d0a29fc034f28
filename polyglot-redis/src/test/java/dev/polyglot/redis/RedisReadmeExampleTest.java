package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.Port;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's "the cache on Redis" section, run as written against the test server. */
@DisplayName("The README's Redis quick start works as written")
class RedisReadmeExampleTest {

    record Session(String userId, Instant loggedInAt) {}

    @Test
    @DisplayName("sessions, getOrLoad and a rate limiter on Redis")
    void quickStart() {
        try (CacheStore cache = RedisCacheStore.connect(RedisTestServer.uri())) {   // e.g. redis://cache:6379
            String ns = "sessions" + Long.toHexString(System.nanoTime());
            Cache<Session> sessions = cache.cache(ns, Session.class);
            sessions.put("s-42", new Session("u-1", Instant.now()), Duration.ofMinutes(30));
            sessions.touch("s-42", Duration.ofMinutes(30));

            Session loaded = sessions.getOrLoad("s-43", Duration.ofMinutes(30),
                    () -> new Session("u-2", Instant.now()));

            RateLimiter perUser = cache.rateLimiter(ns, 2, Duration.ofMinutes(1));
            RateLimitDecision first = perUser.tryAcquire("u-1");

            assertThat(sessions.get("s-42")).hasValueSatisfying(s -> assertThat(s.userId()).isEqualTo("u-1"));
            assertThat(loaded.userId()).isEqualTo("u-2");
            assertThat(sessions.get("s-43")).contains(loaded);
            assertThat(first.allowed()).isTrue();
            assertThat(first.remaining()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("or by URI, through the ServiceLoader provider")
    void byUri() {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("redis")).findFirst().orElseThrow();
        try (CacheStore cache = (CacheStore) provider.open(Port.CACHE, StoreUri.parse(RedisTestServer.uri()))) {
            cache.cache("readme_sessions", String.class).put("s-1", "u-1", Duration.ofMinutes(30));
            assertThat(cache.cache("readme_sessions", String.class).get("s-1")).contains("u-1");
        }
    }
}
