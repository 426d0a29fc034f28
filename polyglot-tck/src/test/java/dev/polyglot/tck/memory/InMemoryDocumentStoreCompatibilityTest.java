package dev.polyglot.tck.memory;

import dev.polyglot.document.DocumentStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.tck.DocumentStoreCompatibilityKit;
import dev.polyglot.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;

/** Runs the Document compatibility kit against the in-memory reference adapter, on a controllable clock. */
class InMemoryDocumentStoreCompatibilityTest extends DocumentStoreCompatibilityKit {
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected DocumentStore createStore() {
        return InMemoryDocumentStore.create(clock);
    }

    @Override
    protected DocumentStore createUnavailableStore() {
        InMemoryDocumentStore unavailable = InMemoryDocumentStore.create(clock);
        unavailable.setUnavailable(true);
        return unavailable;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }
}
