package dev.polyglot.tck.memory;

import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.tck.MutableClock;
import dev.polyglot.tck.TransactionalStoreCompatibilityKit;
import dev.polyglot.transactional.TransactionalStore;
import java.time.Duration;
import java.time.Instant;

/** Runs the Transactional compatibility kit against the in-memory reference store. */
class InMemoryTransactionalStoreCompatibilityTest extends TransactionalStoreCompatibilityKit {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-01T00:00:00Z"));

    @Override
    protected TransactionalStore createStore() {
        return InMemoryTransactionalStore.create(clock);
    }

    @Override
    protected TransactionalStore createUnavailableStore() {
        InMemoryTransactionalStore store = InMemoryTransactionalStore.create(clock);
        store.setUnavailable(true);
        return store;
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }
}
