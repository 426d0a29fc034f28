package dev.polyglot.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.VectorStore;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The memory: store provider")
class MemoryStoreProviderTest {

    private static StoreProvider discovered() {
        List<StoreProvider> providers = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("memory"))
                .toList();
        assertThat(providers).hasSize(1);
        return providers.get(0);
    }

    @Test
    @DisplayName("is found by ServiceLoader and serves every port")
    void discoveredForEveryPort() {
        StoreProvider provider = discovered();
        assertThat(provider).isInstanceOf(MemoryStoreProvider.class);
        assertThat(provider.ports()).containsExactlyInAnyOrder(Port.values());
        assertThat(provider.artifact()).isEqualTo("dev.polyglot:polyglot-api");
    }

    @Test
    @DisplayName("opens the store interface of each port, a fresh one every time")
    void opensEachPort() {
        StoreProvider provider = discovered();
        StoreUri uri = StoreUri.parse("memory:");
        try (Store tx = provider.open(Port.TRANSACTIONAL, uri);
                Store docs = provider.open(Port.DOCUMENT, uri);
                Store cache = provider.open(Port.CACHE, uri);
                Store vectors = provider.open(Port.VECTOR, uri);
                Store otherCache = provider.open(Port.CACHE, uri)) {
            assertThat(tx).isInstanceOf(TransactionalStore.class);
            assertThat(docs).isInstanceOf(DocumentStore.class);
            assertThat(cache).isInstanceOf(CacheStore.class);
            assertThat(vectors).isInstanceOf(VectorStore.class);

            ((CacheStore) cache).cache("c", String.class).put("k", "v");
            assertThat(((CacheStore) otherCache).cache("c", String.class).get("k")).isEmpty();
        }
    }

    @Test
    @DisplayName("rejects URIs of other schemes")
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> discovered().open(Port.CACHE, StoreUri.parse("redis://localhost:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory:");
    }
}
