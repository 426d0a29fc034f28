package dev.polyglot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.Cache;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorRecord;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Polyglot, wired from polyglot.*.uri")
class PolyglotTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static Properties allMemory() {
        return properties("polyglot.transactional.uri", "memory:", "polyglot.document.uri", "memory:",
                "polyglot.cache.uri", "memory:", "polyglot.vector.uri", "memory:", "unrelated.key", "ignored");
    }

    @Nested
    @DisplayName("when every adapter is on the classpath")
    class Wiring {

        @Test
        @DisplayName("opens all four ports from memory: URIs, and they work")
        void allFourPorts() {
            try (Polyglot polyglot = Polyglot.fromProperties(allMemory())) {
                assertThat(polyglot.ports()).containsExactlyInAnyOrder(Port.values());
                for (Port port : Port.values()) {
                    assertThat(polyglot.adapter(port)).contains("memory");
                }
                Cache<String> cache = polyglot.cache().cache("greetings", String.class);
                cache.put("k", "hello");
                assertThat(cache.get("k")).contains("hello");
                String id = polyglot.document().collection("notes").insert(Map.of("text", "hi"));
                assertThat(polyglot.document().collection("notes").get(id)).contains(Map.of("text", "hi"));
                polyglot.vector().collection("v", 2, Metric.COSINE).upsert(VectorRecord.of("a", new float[] {1, 0}));
                assertThat(polyglot.vector().collection("v", 2, Metric.COSINE).count()).isEqualTo(1);
                assertThat(polyglot.toString()).contains("cache=memory");
            }
        }

        @Test
        @DisplayName("an unconfigured port's accessor names the property to set")
        void unconfiguredPort() {
            try (Polyglot polyglot = Polyglot.fromProperties(properties("polyglot.cache.uri", "memory:"))) {
                assertThat(polyglot.ports()).containsExactly(Port.CACHE);
                assertThatThrownBy(polyglot::vector).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("polyglot.vector.uri");
                assertThat(polyglot.adapter(Port.VECTOR)).isEmpty();
            }
        }

        @Test
        @DisplayName("closes the stores it opened, and not those it was given")
        void closesWhatItOpened() {
            RecordingStoreProvider.OPENED.clear();
            InMemoryCacheStore given = InMemoryCacheStore.create();
            Polyglot polyglot = Polyglot.builder().uri(Port.DOCUMENT, "recording:").store(Port.CACHE, given).build();
            assertThat(polyglot.adapter(Port.CACHE)).contains("InMemoryCacheStore");
            assertThat(RecordingStoreProvider.OPENED).hasSize(1);
            InMemoryDocumentStore opened = (InMemoryDocumentStore) RecordingStoreProvider.OPENED.get(0);
            polyglot.close();
            polyglot.close();
            assertThatThrownBy(() -> opened.collection("c").count(dev.polyglot.query.Filter.all()))
                    .isInstanceOf(IllegalStateException.class);
            given.cache("still", String.class).put("open", "yes");
            assertThatThrownBy(polyglot::document).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }

        @Test
        @DisplayName("a port that fails to open closes the ports opened before it")
        void failureClosesOpened() {
            RecordingStoreProvider.OPENED.clear();
            assertThatThrownBy(() -> Polyglot.builder()
                    .uri(Port.DOCUMENT, "recording:")
                    .uri(Port.CACHE, "recording://server?fail=true")
                    .build())
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("polyglot.cache.uri=recording://server?fail=true")
                    .hasMessageContaining("cannot reach");
            assertThat(RecordingStoreProvider.OPENED).hasSize(1);
            Store opened = RecordingStoreProvider.OPENED.get(0);
            assertThatThrownBy(() -> ((InMemoryDocumentStore) opened).collection("c").count(dev.polyglot.query.Filter.all()))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("a store given for the wrong port is rejected")
        void wrongStoreType() {
            assertThatThrownBy(() -> Polyglot.builder().store(Port.VECTOR, InMemoryCacheStore.create()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VectorStore");
        }
    }

    @Nested
    @DisplayName("fails fast at start-up")
    class FailsFast {

        @Test
        @DisplayName("a scheme whose adapter is missing names the exact Maven dependency to add")
        void missingAdapter() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.cache.uri", "redis://cache:6379")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("polyglot.cache.uri=redis://cache:6379")
                    .hasMessageContaining("dev.polyglot:polyglot-redis:" + Polyglot.VERSION)
                    .hasMessageContaining("<groupId>dev.polyglot</groupId><artifactId>polyglot-redis</artifactId><version>"
                            + Polyglot.VERSION + "</version>");
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.document.uri", "mongodb+srv://cluster0.example.net/app")))
                    .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("polyglot-mongo");
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.vector.uri", "hnsw:/tmp/vectors")))
                    .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("polyglot-vector");
            assertThat(Polyglot.VERSION).isEqualTo("0.1.0-SNAPSHOT");
        }

        @Test
        @DisplayName("an unknown scheme names the schemes that are available")
        void unknownScheme() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.cache.uri", "memcached://m:11211")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("memcached")
                    .hasMessageContaining("memory:");
        }

        @Test
        @DisplayName("a malformed URI names its property and what is wrong")
        void malformedUri() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.document.uri", "postgresql://db:5432/my app")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("polyglot.document.uri")
                    .hasMessageContaining("malformed");
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.document.uri", "localhost:5432/app")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("polyglot.document.uri")
                    .hasMessageContaining("no scheme")
                    .hasMessageContaining("postgresql://localhost:5432/app");
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.document.uri", "db.example.com")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("polyglot.document.uri")
                    .hasMessageContaining("no scheme");
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.cache.uri", " ")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("polyglot.cache.uri must not be blank");
        }

        @Test
        @DisplayName("an adapter that does not serve the port says which ports it serves")
        void portNotServed() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.vector.uri", "recording:")))
                    .isInstanceOf(StoreConfigurationException.class)
                    .hasMessageContaining("polyglot.vector.uri")
                    .hasMessageContaining("not the VECTOR port");
        }

        @Test
        @DisplayName("a misspelt key is an error, not an unconfigured port")
        void unknownKey() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("polyglot.caches.uri", "memory:")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("polyglot.caches.uri")
                    .hasMessageContaining("polyglot.cache.uri");
        }

        @Test
        @DisplayName("no configured port at all is an error, not an empty instance")
        void nothingConfigured() {
            assertThatThrownBy(() -> Polyglot.fromProperties(properties("other", "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no port is configured");
        }
    }
}
