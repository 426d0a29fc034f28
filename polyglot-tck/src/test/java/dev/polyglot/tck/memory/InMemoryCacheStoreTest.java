package dev.polyglot.tck.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.tck.MutableClock;
import java.math.BigInteger;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only the in-memory cache store promises: exact millisecond boundaries and its test switches. */
class InMemoryCacheStoreTest {
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryCacheStore store = InMemoryCacheStore.create(clock);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("an entry is live until the last millisecond of its TTL and gone exactly at its end")
    void exactExpiryBoundary() {
        Cache<String> cache = store.cache("c", String.class);
        cache.put("k", "v", Duration.ofSeconds(1));
        assertThat(cache.ttl("k")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThat(cache.get("k")).contains("v");
        assertThat(cache.ttl("k")).contains(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.ttl("k")).isEmpty();
        assertThat(cache.touch("k", Duration.ofSeconds(1))).isFalse();
    }

    @Test
    @DisplayName("a fraction of a millisecond is rounded up, so a positive TTL never becomes zero")
    void subMillisecondRoundsUp() {
        Cache<String> cache = store.cache("c", String.class);
        cache.put("k", "v", Duration.ofNanos(1));
        assertThat(cache.ttl("k")).contains(Duration.ofMillis(1));
        cache.put("k2", "v", Duration.ofMillis(2).plusNanos(1));
        assertThat(cache.ttl("k2")).contains(Duration.ofMillis(3));
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("k")).isEmpty();
        assertThat(store.rateLimiter("r", 1, Duration.ofNanos(1_500_000)).window()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    @DisplayName("a TTL too long to represent means the entry never expires")
    void hugeTtl() {
        Cache<String> cache = store.cache("c", String.class);
        cache.put("k", "v", Duration.ofSeconds(Long.MAX_VALUE));
        clock.advance(Duration.ofDays(365L * 1000));
        assertThat(cache.get("k")).contains("v");
        assertThat(cache.ttl("k")).contains(Cache.NO_EXPIRY);
    }

    @Test
    @DisplayName("touch and increment keep exact expiry times")
    void exactTouchAndIncrement() {
        Cache<Long> cache = store.cache("c", Long.class);
        cache.increment("n", 1, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        cache.increment("n", 1, Duration.ofSeconds(100));
        assertThat(cache.ttl("n")).contains(Duration.ofSeconds(6));
        assertThat(cache.touch("n", Duration.ofSeconds(30))).isTrue();
        assertThat(cache.ttl("n")).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("n")).isEmpty();
    }

    @Test
    @DisplayName("increment accepts integers stored through any integral type")
    void incrementIntegralTypes() {
        Cache<BigInteger> big = store.cache("c", BigInteger.class);
        big.put("b", BigInteger.TEN, Duration.ofMinutes(1));
        assertThat(big.increment("b", 1, Duration.ofMinutes(1))).isEqualTo(11);
        big.put("huge", BigInteger.TWO.pow(70), Duration.ofMinutes(1));
        assertThatThrownBy(() -> big.increment("huge", 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huge");
    }

    @Test
    @DisplayName("retry-after is exactly the time until the oldest needed grant leaves the window")
    void exactRetryAfter() {
        RateLimiter limiter = store.rateLimiter("r", 2, Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.allow(1));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.allow(0));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.deny(0, Duration.ofSeconds(6)));
        clock.advance(Duration.ofMillis(5999));
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.deny(0, Duration.ofMillis(1)));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.allow(0));
        // The grant made at 3 s is the next to leave, at 13 s.
        assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.deny(0, Duration.ofSeconds(3)));
    }

    @Test
    @DisplayName("a request for several permits waits for as many grants as it needs to leave the window")
    void retryAfterForSeveralPermits() {
        RateLimiter limiter = store.rateLimiter("r", 3, Duration.ofSeconds(10));
        limiter.tryAcquire("u");
        clock.advance(Duration.ofSeconds(1));
        limiter.tryAcquire("u");
        clock.advance(Duration.ofSeconds(1));
        limiter.tryAcquire("u");
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("u", 2)).isEqualTo(RateLimitDecision.deny(0, Duration.ofSeconds(8)));
        assertThat(limiter.tryAcquire("u", 1)).isEqualTo(RateLimitDecision.deny(0, Duration.ofSeconds(7)));
    }

    @Test
    @DisplayName("a wall clock stepping back does not free permits early")
    void clockSteppingBack() {
        SettableClock wall = new SettableClock(Instant.parse("2026-01-01T00:00:10Z"));
        InMemoryCacheStore s = InMemoryCacheStore.create(wall);
        try {
            RateLimiter limiter = s.rateLimiter("r", 1, Duration.ofSeconds(10));
            assertThat(limiter.tryAcquire("u").allowed()).isTrue();
            wall.set(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(limiter.tryAcquire("u")).isEqualTo(RateLimitDecision.deny(0, Duration.ofSeconds(10)));
            wall.set(Instant.parse("2026-01-01T00:00:20Z"));
            assertThat(limiter.tryAcquire("u").allowed()).isTrue();
        } finally {
            s.close();
        }
    }

    @Test
    @DisplayName("the outage switch throws StoreUnavailableException with a ConnectException cause and keeps the data")
    void outage() {
        Cache<String> cache = store.cache("c", String.class);
        cache.put("k", "v");
        store.setUnavailable(true);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> cache.getOrLoad("k", Duration.ofSeconds(1), () -> "loaded"))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.rateLimiter("r", 1, Duration.ofSeconds(1)).tryAcquire("u"))
                .isInstanceOf(StoreUnavailableException.class);
        store.setUnavailable(false);
        assertThat(cache.get("k")).contains("v");
    }

    @Test
    @DisplayName("bad input is reported before the outage, as a real adapter validates before any I/O")
    void validationBeforeOutage() {
        Cache<String> cache = store.cache("c", String.class);
        store.setUnavailable(true);
        assertThatThrownBy(() -> cache.put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a loader that asks for its own key fails instead of waiting forever")
    void recursiveLoad() {
        Cache<String> cache = store.cache("c", String.class);
        assertThatThrownBy(() -> cache.getOrLoad("k", Duration.ofSeconds(1),
                () -> cache.getOrLoad("k", Duration.ofSeconds(1), () -> "inner")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.getOrLoad("k", Duration.ofSeconds(1), () -> "ok")).isEqualTo("ok");
    }

    @Test
    @DisplayName("unwrap gives the store itself and nothing else; create rejects a null clock")
    void unwrapAndCreate() {
        CacheStore asPort = store;
        assertThat(asPort.unwrap(InMemoryCacheStore.class)).isSameAs(store);
        assertThatThrownBy(() -> asPort.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        Clock noClock = nullClock();
        assertThatThrownBy(() -> InMemoryCacheStore.create(noClock)).isInstanceOf(IllegalArgumentException.class);
        try (InMemoryCacheStore real = InMemoryCacheStore.create()) {
            real.cache("c", String.class).put("k", "v", Duration.ofMinutes(1));
            assertThat(real.cache("c", String.class).getAll(List.of("k"))).containsEntry("k", "v");
        }
    }

    @Test
    @DisplayName("expired entries are purged even when nobody reads them again")
    void sweep() {
        Cache<String> cache = store.cache("c", String.class);
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "v", Duration.ofMillis(10));
        }
        store.rateLimiter("r", 1, Duration.ofMillis(10)).tryAcquire("u");
        clock.advance(Duration.ofSeconds(2));
        store.cache("other", String.class).get("x");
        assertThat(store.toString()).contains(" 0 entries", " 0 rate-limited keys");
    }

    private static Clock nullClock() {
        Object nothing = null;
        return (Clock) nothing;
    }

    /** A clock that can also move back, as a wall clock can. */
    private static final class SettableClock extends Clock {
        private final AtomicReference<Instant> now;

        SettableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
