package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.RateLimiter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keys and values that look like RESP frames, Lua code, glob patterns or hash tags are stored as
 * the exact bytes they are and reach no command or script as code: a canary key written beside
 * them survives, and the raw keys in Redis are exactly prefix + key.
 */
@DisplayName("Keys and values are data, never commands or code")
class RedisInjectionTest {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final List<String> HOSTILE = List.of(
            "\r\nFLUSHALL\r\n",
            "*1\r\n$8\r\nFLUSHALL\r\n",
            "k\r\n*3\r\n$3\r\nSET\r\n$6\r\ncanary\r\n$4\r\ngone\r\n",
            "'); redis.call('FLUSHALL') --",
            "\"]] redis.call('FLUSHALL') --[[",
            "KEYS[1]",
            "ARGV[1]",
            "* ? [a-z] \\",
            "{canary}",
            "}{",
            "\0FLUSHALL\0",
            "polyglot_test:c:{other}:k",
            "$-1\r\n");

    private RedisCacheStore store;
    private RedisCommands<byte[], byte[]> raw;
    private byte[] canary;

    @BeforeEach
    @SuppressWarnings("unchecked") // the store's connection has byte[] keys and values
    void open() {
        store = RedisCacheStore.connect(RedisTestServer.uri());
        raw = ((StatefulRedisConnection<byte[], byte[]>) store.unwrap(StatefulRedisConnection.class)).sync();
        canary = ("polyglot-test-canary-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        raw.set(canary, "alive".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        raw.del(canary);
        store.close();
    }

    @Test
    @DisplayName("hostile keys and values round-trip through every operation and the canary survives")
    void hostileKeysAndValues() {
        String ns = "inj" + Long.toHexString(System.nanoTime());
        Cache<String> cache = store.cache(ns, String.class);
        Cache<Long> counters = store.cache(ns + "_n", Long.class);
        RateLimiter limiter = store.rateLimiter(ns, 1, TTL);
        Map<String, String> bulk = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String key = HOSTILE.get(i);
            String value = HOSTILE.get(HOSTILE.size() - 1 - i);
            cache.put(key, value, TTL);
            assertThat(cache.get(key)).as("key #%d", i).contains(value);
            assertThat(cache.putIfAbsent(key, "other", TTL)).isFalse();
            assertThat(cache.touch(key, TTL)).isTrue();
            assertThat(counters.increment(key, 3, TTL)).isEqualTo(3);
            assertThat(cache.getOrLoad("load" + key, TTL, () -> value)).isEqualTo(value);
            assertThat(limiter.tryAcquire(key).allowed()).as("key #%d", i).isTrue();
            assertThat(limiter.tryAcquire(key).allowed()).as("key #%d", i).isFalse();
            bulk.put("bulk" + key, value);
            // The raw key is exactly the prefix and the key's bytes.
            byte[] expected = (RedisTestServer.TEST_PREFIX + ":c:{" + ns + "}:" + key).getBytes(StandardCharsets.UTF_8);
            assertThat(raw.get(expected)).as("key #%d", i).isNotNull();
        }
        cache.putAll(bulk, TTL);
        assertThat(cache.getAll(bulk.keySet())).isEqualTo(bulk);
        assertThat(raw.get(canary)).isEqualTo("alive".getBytes(StandardCharsets.UTF_8));
        for (String key : HOSTILE) {
            assertThat(cache.delete(key)).isTrue();
        }
        assertThat(raw.get(canary)).isEqualTo("alive".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("every byte value and large binary values round-trip exactly")
    void binaryValues() {
        Cache<byte[]> cache = store.cache("inj_bin", byte[].class);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] large = new byte[1 << 20];
        new java.util.Random(7).nextBytes(large);
        cache.put("all", all, TTL);
        cache.putAll(Map.of("large", large), TTL);
        assertThat(cache.get("all")).hasValueSatisfying(v -> assertThat(v).containsExactly(all));
        assertThat(cache.getAll(List.of("large")).get("large")).containsExactly(large);
    }

    @Test
    @DisplayName("a counter near 2^53 and at Long.MAX_VALUE keeps every digit through the increment script")
    void largeCounters() {
        Cache<Long> counters = store.cache("inj_big", Long.class);
        counters.put("big", (1L << 53) + 1, TTL);
        assertThat(counters.increment("big", 2, TTL)).isEqualTo((1L << 53) + 3);
        counters.put("max", Long.MAX_VALUE - 1, TTL);
        assertThat(counters.increment("max", 1, TTL)).isEqualTo(Long.MAX_VALUE);
        assertThat(counters.get("max")).contains(Long.MAX_VALUE);
    }
}
