package dev.polyglot.memory;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.Ids;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory reference {@link DocumentStore}: exact MongoDB-style semantics for filters,
 * updates, unique and TTL indexes, revisions and paging, with documents held as deep copies of the
 * document model and expiry measured by an injectable {@link Clock}. Use it in your own unit tests.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * DocumentStore store = InMemoryDocumentStore.create(clock);
 * DocumentCollection<Session> sessions = store.collection("sessions", Session.class);
 * sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofMinutes(30)));
 * }</pre>
 */
public final class InMemoryDocumentStore implements DocumentStore {
    private final Clock clock;
    private final MemoryOutage outage = new MemoryOutage("InMemoryDocumentStore");
    private final ConcurrentHashMap<String, MemoryDocumentState> collections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InMemoryDocumentStore(Clock clock) {
        this.clock = clock;
    }

    /**
     * Creates an empty store on the system clock.
     *
     * @return the store
     */
    public static InMemoryDocumentStore create() {
        return new InMemoryDocumentStore(Clock.systemUTC());
    }

    /**
     * Creates an empty store whose TTL indexes measure time with the given clock.
     *
     * @param clock the clock
     * @return the store
     * @throws IllegalArgumentException for a null clock
     */
    public static InMemoryDocumentStore create(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        return new InMemoryDocumentStore(clock);
    }

    @Override
    public <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options) {
        Ids.requireName(name, "collection name");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("collection options must not be null");
        }
        checkOpen();
        return new MemoryDocumentCollection<>(this, name, codec, options);
    }

    @Override
    public boolean dropCollection(String name) {
        Ids.requireName(name, "collection name");
        checkUsable();
        MemoryDocumentState state = collections.remove(name);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            state.markDropped();
        }
        return true;
    }

    /**
     * Simulates an outage: while set, every operation throws
     * {@link dev.polyglot.StoreUnavailableException} caused by a {@link java.net.ConnectException},
     * as a real adapter does when its server is down.
     *
     * @param unavailable whether the store is down
     */
    public void setUnavailable(boolean unavailable) {
        outage.set(unavailable);
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("InMemoryDocumentStore wraps no " + (type == null ? "null" : type.getName()));
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryDocumentStore[" + collections.size() + " collections]";
    }

    /** Runs a write on a collection, creating it if needed, under its lock. */
    <R> R write(String name, Function<MemoryDocumentState, R> action) {
        checkUsable();
        while (true) {
            MemoryDocumentState state = collections.computeIfAbsent(name, MemoryDocumentState::new);
            synchronized (state) {
                if (state.isDropped()) {
                    continue; // dropped between lookup and lock: act on the new, empty collection
                }
                state.purgeExpired(clock.instant());
                return action.apply(state);
            }
        }
    }

    /**
     * Runs an operation on a collection under its lock, or returns {@code absent} if the collection
     * does not exist; reads, updates and deletes never create a collection (as in MongoDB).
     */
    <R extends @Nullable Object> R ifExists(String name, Function<MemoryDocumentState, R> action, R absent) {
        checkUsable();
        while (true) {
            MemoryDocumentState state = collections.get(name);
            if (state == null) {
                return absent;
            }
            synchronized (state) {
                if (state.isDropped()) {
                    continue;
                }
                state.purgeExpired(clock.instant());
                return action.apply(state);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("InMemoryDocumentStore is closed");
        }
    }

    private void checkUsable() {
        checkOpen();
        outage.check();
    }
}
