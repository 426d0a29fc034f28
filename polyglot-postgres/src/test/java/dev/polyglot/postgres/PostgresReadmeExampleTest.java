package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.polyglot.Port;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's "PostgreSQL for everything" section, run as written against the test server. */
@DisplayName("The README's PostgreSQL quick start works as written")
class PostgresReadmeExampleTest {

    record Note(String text) {}

    @Test
    @DisplayName("all four ports on one HikariCP pool")
    void allFourPortsOnOnePool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());   // e.g. jdbc:postgresql://db:5432/app
        try (HikariDataSource pool = new HikariDataSource(config);
                TransactionalStore tables = PostgresTransactionalStore.create(pool);
                DocumentStore documents = PostgresDocumentStore.create(pool);
                CacheStore cache = PostgresCacheStore.create(pool);
                VectorStore vectors = PostgresVectorStore.create(pool)) {

            String id = documents.collection("notes", Note.class).insert(new Note("hello"));
            cache.cache("notes_seen", Long.class).increment(id, 1, Duration.ofHours(1));
            vectors.collection("note_vectors", 3, Metric.COSINE).upsert(VectorRecord.of(id, new float[] {1, 0, 0}));

            assertThat(documents.collection("notes", Note.class).get(id)).contains(new Note("hello"));
            assertThat(cache.cache("notes_seen", Long.class).get(id)).contains(1L);
            assertThat(vectors.collection("note_vectors", 3, Metric.COSINE).count()).isPositive();
            assertThat(tables.unwrap(org.jdbi.v3.core.Jdbi.class)).isNotNull();
        }
    }

    @Test
    @DisplayName("or by URI, through the ServiceLoader provider")
    void byUri() {
        String uri = PostgresTestDatabase.jdbcUrl().substring("jdbc:".length());   // postgresql://db:5432/app?user=app
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("postgresql")).findFirst().orElseThrow();
        try (CacheStore cache = (CacheStore) provider.open(Port.CACHE, StoreUri.parse(uri))) {
            cache.cache("sessions", String.class).put("s-1", "u-1", Duration.ofMinutes(30));
            assertThat(cache.cache("sessions", String.class).get("s-1")).contains("u-1");
        }
    }
}
