package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Polyglot on postgresql:// URIs")
class PostgresPolyglotTest {

    record Ledger(String id, long cents) {}

    private static String serverUri() {
        return PostgresTestDatabase.jdbcUrl().substring("jdbc:".length());
    }

    private static Properties allOn(String uri) {
        Properties properties = new Properties();
        for (Port port : Port.values()) {
            properties.setProperty(port.uriProperty(), uri);
        }
        return properties;
    }

    private static HikariDataSource pool(Polyglot polyglot, Port port) {
        DataSource ds = switch (port) {
            case TRANSACTIONAL -> polyglot.transactional().unwrap(DataSource.class);
            case DOCUMENT -> polyglot.document().unwrap(DataSource.class);
            case CACHE -> polyglot.cache().unwrap(DataSource.class);
            case VECTOR -> polyglot.vector().unwrap(DataSource.class);
        };
        return (HikariDataSource) ds;
    }

    @Test
    @DisplayName("four ports on one URI share one HikariCP pool, closed with the instance")
    void fourPortsOnePool() {
        HikariDataSource pool;
        try (Polyglot polyglot = Polyglot.fromProperties(allOn(serverUri()))) {
            Set<HikariDataSource> pools = Stream.of(Port.values()).map(p -> pool(polyglot, p)).collect(Collectors.toSet());
            assertThat(pools).hasSize(1);
            pool = pools.iterator().next();
            for (Port port : Port.values()) {
                assertThat(polyglot.adapter(port)).contains("postgresql");
            }

            TableSpec<Ledger, String> ledger = TableSpec.builder("polyglot_cfg_ledger", Ledger.class, String.class).id("id").build();
            polyglot.transactional().createTables(ledger);
            polyglot.transactional().useTransaction(tx -> tx.table(ledger).upsert(new Ledger("l-1", 5)));
            String id = polyglot.document().collection("polyglot_cfg_notes").insert(Map.of("text", "hi"));
            polyglot.cache().cache("polyglot_cfg", String.class).put(id, "seen", Duration.ofMinutes(1));
            polyglot.vector().collection("polyglot_cfg_vectors", 2, Metric.COSINE).upsert(VectorRecord.of(id, new float[] {1, 0}));

            assertThat(polyglot.cache().cache("polyglot_cfg", String.class).get(id)).contains("seen");
            assertThat(polyglot.vector().collection("polyglot_cfg_vectors", 2, Metric.COSINE).get(id)).isPresent();
            assertThat(pool.isClosed()).isFalse();
        }
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    @DisplayName("different URIs get different pools")
    void differentUrisDifferentPools() {
        Properties properties = new Properties();
        properties.setProperty("polyglot.transactional.uri", serverUri());
        properties.setProperty("polyglot.cache.uri", serverUri() + "&poolSize=2");
        try (Polyglot polyglot = Polyglot.fromProperties(properties)) {
            assertThat(pool(polyglot, Port.TRANSACTIONAL)).isNotSameAs(pool(polyglot, Port.CACHE));
            assertThat(pool(polyglot, Port.CACHE).getMaximumPoolSize()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a server that cannot be reached fails at start-up naming the property, host and database")
    void unreachable() {
        assertThatThrownBy(() -> Polyglot.fromProperties(allOn("postgresql://app@127.0.0.1:1/billing?connectTimeout=2")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("polyglot.transactional.uri, polyglot.document.uri, polyglot.cache.uri, polyglot.vector.uri")
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("billing");
    }

    @Test
    @DisplayName("a URI the adapter rejects names the property and the setting")
    void badSetting() {
        Properties properties = new Properties();
        properties.setProperty("polyglot.cache.uri", "postgresql://localhost:5432/app?poolSize=zero");
        assertThatThrownBy(() -> Polyglot.fromProperties(properties))
                .isInstanceOf(StoreConfigurationException.class)
                .hasMessageContaining("polyglot.cache.uri")
                .hasMessageContaining("poolSize");
    }
}
