package dev.polyglot.config;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.net.ConnectException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only provider for {@code recording:} URIs (Cache and Document ports only) that remembers
 * every store it opened, and fails with {@code recording:?fail=true}.
 */
public final class RecordingStoreProvider implements StoreProvider {
    static final List<Store> OPENED = new CopyOnWriteArrayList<>();

    /** For ServiceLoader. */
    public RecordingStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("recording");
    }

    @Override
    public Set<Port> ports() {
        return EnumSet.of(Port.CACHE, Port.DOCUMENT);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-api-tests";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (uri.parameter("fail").isPresent()) {
            throw new StoreUnavailableException("cannot reach the recording server", new ConnectException("refused"));
        }
        Store store = switch (port) {
            case CACHE -> InMemoryCacheStore.create();
            case DOCUMENT -> InMemoryDocumentStore.create();
            default -> throw new IllegalArgumentException("recording: opens Cache and Document only, not " + port);
        };
        OPENED.add(store);
        return store;
    }
}
