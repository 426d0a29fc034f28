package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.util.List;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The postgresql:// store provider")
class PostgresStoreProviderTest {

    private static StoreProvider provider() {
        List<StoreProvider> found = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("postgresql"))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static StoreUri serverUri() {
        return StoreUri.parse(PostgresTestDatabase.jdbcUrl().substring("jdbc:".length()));
    }

    @Test
    @DisplayName("is found by ServiceLoader and names its Maven coordinates")
    void discovered() {
        StoreProvider provider = provider();
        assertThat(provider).isInstanceOf(PostgresStoreProvider.class);
        assertThat(provider.schemes()).contains("postgresql", "postgres");
        assertThat(provider.artifact()).isEqualTo("dev.polyglot:polyglot-postgres");
        assertThat(provider.ports()).containsExactlyInAnyOrder(Port.values());
    }

    @Test
    @DisplayName("opens the store interface of every port")
    void opensEveryPort() {
        for (Port port : Port.values()) {
            try (Store store = provider().open(port, serverUri())) {
                Class<?> expected = switch (port) {
                    case TRANSACTIONAL -> dev.polyglot.transactional.TransactionalStore.class;
                    case DOCUMENT -> dev.polyglot.document.DocumentStore.class;
                    case CACHE -> CacheStore.class;
                    case VECTOR -> dev.polyglot.vector.VectorStore.class;
                };
                assertThat(store).isInstanceOf(expected);
            }
        }
    }

    @Test
    @DisplayName("opens a working store on its own pool and closes the pool with the store")
    void opensAndClosesPool() {
        Store store = provider().open(Port.CACHE, serverUri());
        HikariDataSource pool = (HikariDataSource) store.unwrap(DataSource.class);
        try {
            Cache<String> cache = ((CacheStore) store).cache("provider_test", String.class);
            cache.put("k", "v");
            assertThat(cache.get("k")).contains("v");
            assertThat(pool.isClosed()).isFalse();
        } finally {
            store.close();
        }
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    @DisplayName("an unreachable server fails at open with host, port and database in the message")
    void unreachable() {
        assertThatThrownBy(() -> provider().open(Port.CACHE, StoreUri.parse("postgresql://app@127.0.0.1:1/billing?connectTimeout=2")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("billing")
                .hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    @DisplayName("a URI without a database or with a bad pool size is a configuration error")
    void malformed() {
        assertThatThrownBy(() -> provider().open(Port.CACHE, StoreUri.parse("postgresql://localhost:5432")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("database");
        assertThatThrownBy(() -> provider().open(Port.CACHE, StoreUri.parse("postgresql://localhost:5432/app?poolSize=0")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> provider().open(Port.CACHE, StoreUri.parse("memory:")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
