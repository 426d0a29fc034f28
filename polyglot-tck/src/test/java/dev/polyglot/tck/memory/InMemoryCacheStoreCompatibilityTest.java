package dev.polyglot.tck.memory;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.tck.CacheStoreCompatibilityKit;
import dev.polyglot.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;

class InMemoryCacheStoreCompatibilityTest extends CacheStoreCompatibilityKit {
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected CacheStore createStore() {
        return InMemoryCacheStore.create(clock);
    }

    @Override
    protected CacheStore createUnavailableStore() {
        InMemoryCacheStore store = InMemoryCacheStore.create(clock);
        store.setUnavailable(true);
        return store;
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }
}
