package dev.polyglot.memory;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opens the in-memory reference adapters for the {@code memory:} scheme, for every port; registered
 * with {@link java.util.ServiceLoader}.
 *
 * <p>Every {@link #open} returns a new, empty store that lives until it is closed; nothing is shared
 * between two opens and nothing survives the JVM.
 */
public final class MemoryStoreProvider implements StoreProvider {

    /** The URI scheme this provider opens. */
    public static final String SCHEME = "memory";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MemoryStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Set<Port> ports() {
        return EnumSet.allOf(Port.class);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-api";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (port == null || uri == null) {
            throw new IllegalArgumentException("port and uri must not be null");
        }
        if (!SCHEME.equals(uri.scheme())) {
            throw new IllegalArgumentException("the in-memory provider opens memory: URIs, not " + uri);
        }
        return switch (port) {
            case TRANSACTIONAL -> InMemoryTransactionalStore.create();
            case DOCUMENT -> InMemoryDocumentStore.create();
            case CACHE -> InMemoryCacheStore.create();
            case VECTOR -> InMemoryVectorStore.create();
        };
    }

    @Override
    public String toString() {
        return "MemoryStoreProvider[memory:]";
    }
}
