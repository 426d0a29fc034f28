package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The mongodb:// store provider")
class MongoStoreProviderTest {

    private static StoreProvider provider() {
        List<StoreProvider> found = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("mongodb"))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    @DisplayName("is found by ServiceLoader, opens mongodb:// and mongodb+srv:// for the Document port, and names its Maven coordinates")
    void discovered() {
        StoreProvider provider = provider();
        assertThat(provider).isInstanceOf(MongoStoreProvider.class);
        assertThat(provider.schemes()).containsExactlyInAnyOrder("mongodb", "mongodb+srv");
        assertThat(provider.ports()).containsExactly(Port.DOCUMENT);
        assertThat(provider.artifact()).isEqualTo("dev.polyglot:polyglot-mongo");
    }

    @Test
    @DisplayName("opens a working store on a client of its own and closes the client with the store")
    void opensAndClosesClient() {
        Store store = provider().open(Port.DOCUMENT, StoreUri.parse(MongoTestServer.uri()));
        MongoClient client = store.unwrap(MongoClient.class);
        try {
            assertThat(store).isInstanceOf(DocumentStore.class);
            DocumentCollection<Map<String, @Nullable Object>> docs = ((DocumentStore) store).collection("provider_test");
            docs.put("k", Map.of("v", 1));
            assertThat(docs.get("k")).contains(Map.of("v", 1));
            assertThat(client.listDatabaseNames().first()).isNotNull();
        } finally {
            store.close();
        }
        assertThatThrownBy(() -> client.listDatabaseNames().first()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("an unreachable server fails at open with the host and database in the message")
    void unreachable() {
        assertThatThrownBy(() -> provider().open(Port.DOCUMENT,
                StoreUri.parse("mongodb://127.0.0.1:1/billing?serverSelectionTimeoutMS=300&connectTimeoutMS=300")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("billing")
                .hasCauseInstanceOf(com.mongodb.MongoTimeoutException.class);
    }

    @Test
    @DisplayName("a URI without a database, a malformed one, another port or another scheme is rejected before connecting")
    void malformed() {
        assertThatThrownBy(() -> provider().open(Port.DOCUMENT, StoreUri.parse("mongodb://localhost:27017")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("database");
        assertThatThrownBy(() -> provider().open(Port.DOCUMENT, StoreUri.parse("mongodb+srv://cluster.example.net:27017/app")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().open(Port.DOCUMENT, StoreUri.parse("mongodb://localhost/app?w=banana&wtimeoutMS=x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().open(Port.CACHE, StoreUri.parse(MongoTestServer.uri())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Document");
        assertThatThrownBy(() -> provider().open(Port.DOCUMENT, StoreUri.parse("memory:")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("connect() owns its client and rejects a connection string without a database")
    void connect() {
        try (MongoDocumentStore store = MongoDocumentStore.connect(MongoTestServer.uri())) {
            store.collection("provider_connect").put("a", Map.of("x", 1));
            assertThat(store.collection("provider_connect").get("a")).contains(Map.of("x", 1));
        }
        assertThatThrownBy(() -> MongoDocumentStore.connect("mongodb://localhost:27017/"))
                .isInstanceOf(StoreConfigurationException.class);
        assertThatThrownBy(() -> MongoDocumentStore.connect("http://localhost")).isInstanceOf(IllegalArgumentException.class);
    }
}
