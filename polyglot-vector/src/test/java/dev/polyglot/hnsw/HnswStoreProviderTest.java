package dev.polyglot.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code hnsw:} provider: discovery, URI parsing and its errors. */
class HnswStoreProviderTest {

    private static StoreProvider provider() {
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
            if (p.schemes().contains("hnsw")) {
                return p;
            }
        }
        throw new AssertionError("no StoreProvider for hnsw: on the classpath");
    }

    @Test
    @DisplayName("ServiceLoader finds the provider, with its scheme, port and Maven coordinates")
    void discovered() {
        StoreProvider p = provider();
        assertThat(p).isInstanceOf(HnswStoreProvider.class);
        assertThat(p.ports()).containsExactly(Port.VECTOR);
        assertThat(p.artifact()).isEqualTo("dev.polyglot:polyglot-vector");
    }

    @Test
    @DisplayName("hnsw:/path opens a durable store there; reopening sees the data; parameters set the options")
    void opensDirectory() {
        Path dir = HnswTestDirectories.fresh("uri").toAbsolutePath();
        StoreUri uri = StoreUri.parse("hnsw:" + dir + "?durability=batched&ef=100&m=12&efConstruction=50"
                + "&batchIntervalMs=5&compactionThreshold=0.3&exactSearchLimit=10");
        try (Store store = provider().open(Port.VECTOR, uri)) {
            HnswVectorStore hnsw = store.unwrap(HnswVectorStore.class);
            assertThat(hnsw.directory()).contains(dir);
            assertThat(hnsw.options()).isEqualTo(HnswOptions.defaults().withDurability(HnswDurability.BATCHED).withEf(100)
                    .withM(12).withEfConstruction(50).withBatchInterval(Duration.ofMillis(5))
                    .withCompactionThreshold(0.3).withExactSearchLimit(10));
            ((VectorStore) store).collection("docs", 2, Metric.DOT).upsert(VectorRecord.of("a", new float[] {1, 2}));
        }
        try (Store store = provider().open(Port.VECTOR, StoreUri.parse("hnsw:" + dir))) {
            assertThat(((VectorStore) store).collection("docs", 2, Metric.DOT).count()).isOne();
            assertThat(store.unwrap(HnswVectorStore.class).options().durability()).isEqualTo(HnswDurability.SYNC);
        }
    }

    @Test
    @DisplayName("bad URIs and parameters fail with messages naming them")
    void badUris() {
        StoreProvider p = provider();
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("hnsw:/tmp/x?color=blue")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("color");
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("hnsw:/tmp/x?ef=0")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("ef");
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("hnsw:/tmp/x?m=many")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("m=");
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("hnsw:/tmp/x?durability=none")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("durability");
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("hnsw:")))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("no directory");
        assertThatThrownBy(() -> p.open(Port.CACHE, StoreUri.parse("hnsw:/tmp/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VECTOR");
        assertThatThrownBy(() -> p.open(Port.VECTOR, StoreUri.parse("memory:")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
