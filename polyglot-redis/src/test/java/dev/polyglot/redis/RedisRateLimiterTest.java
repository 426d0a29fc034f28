package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.RateLimiter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Redis rate limiter's record")
class RedisRateLimiterTest {

    @Test
    @DisplayName("holds one member per granted permit, nothing for a denial, and expires one window after the newest grant")
    @SuppressWarnings("unchecked") // the store's connection has byte[] keys and values
    void recordExpires() throws InterruptedException {
        try (RedisCacheStore store = RedisCacheStore.connect(RedisTestServer.uri())) {
            RedisCommands<byte[], byte[]> raw =
                    ((StatefulRedisConnection<byte[], byte[]>) store.unwrap(StatefulRedisConnection.class)).sync();
            String name = "rl" + Long.toHexString(System.nanoTime());
            Duration window = Duration.ofMillis(800);
            RateLimiter limiter = store.rateLimiter(name, 3, window);
            byte[] record = (RedisTestServer.TEST_PREFIX + ":r:{" + name + "}:user").getBytes(StandardCharsets.UTF_8);

            assertThat(limiter.tryAcquire("user", 2).allowed()).isTrue();
            assertThat(limiter.tryAcquire("user", 2).allowed()).isFalse();
            assertThat(raw.zcard(record)).isEqualTo(2);
            assertThat(raw.pttl(record)).isPositive().isLessThanOrEqualTo(window.toMillis());

            // A guard against hanging, not a timing assertion: the record vanishes once the window has passed.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Thread.sleep(window.toMillis());
            while (raw.exists(record) > 0) {
                assertThat(System.nanoTime()).as("the record still exists").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(limiter.tryAcquire("user", 3).allowed()).isTrue();
        }
    }
}
