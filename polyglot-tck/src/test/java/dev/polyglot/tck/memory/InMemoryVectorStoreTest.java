package dev.polyglot.tck.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreUnavailableException;
import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.net.ConnectException;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviour of the in-memory Vector store that the kit cannot check on every adapter. */
class InMemoryVectorStoreTest {

    private final InMemoryVectorStore store = InMemoryVectorStore.create();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("a simulated outage fails existing handles with a ConnectException cause and keeps the data")
    void outage() {
        VectorCollection c = store.collection("docs", 2, Metric.DOT);
        c.upsert(VectorRecord.of("a", new float[] {1, 2}));
        store.setUnavailable(true);
        assertThatThrownBy(() -> c.get("a")).isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> c.search(VectorQuery.nearest(new float[] {1, 1}, 1)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> c.upsert(VectorRecord.of("b", new float[] {1, 2})))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.dropCollection("docs")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> c.upsert(VectorRecord.of("b", new float[] {1, 2, 3})))
                .as("bad input is still reported as such").isInstanceOf(IllegalArgumentException.class);
        store.setUnavailable(false);
        assertThat(c.count()).isOne();
        assertThat(c.get("a")).isPresent();
    }

    @Test
    @DisplayName("unwrap returns the store for its own class only")
    void unwrap() {
        assertThat(store.unwrap(InMemoryVectorStore.class)).isSameAs(store);
        assertThatThrownBy(() -> store.unwrap(VectorStore.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a scan is a snapshot that writes during iteration do not disturb")
    void scanSnapshot() {
        VectorCollection c = store.collection("docs", 1, Metric.EUCLIDEAN);
        for (int i = 0; i < 5; i++) {
            c.upsert(VectorRecord.of("r" + i, new float[] {i}));
        }
        try (Stream<VectorRecord> all = c.scan()) {
            Iterator<VectorRecord> it = all.iterator();
            assertThat(it.next().id()).isEqualTo("r0");
            c.delete(Filter.all());
            c.upsert(VectorRecord.of("r9", new float[] {9}));
            int rest = 0;
            while (it.hasNext()) {
                it.next();
                rest++;
            }
            assertThat(rest).isEqualTo(4);
        }
        assertThat(c.count()).isOne();
    }

    @Test
    @DisplayName("binary metadata handed back cannot change the stored record")
    void binaryMetadataIsCopied() {
        VectorCollection c = store.collection("docs", 1, Metric.DOT);
        byte[] bytes = {1, 2, 3};
        VectorRecord written = VectorRecord.of("a", new float[] {1}, Map.of("blob", bytes));
        c.upsert(written);
        ((byte[]) written.metadata().get("blob"))[0] = 9;
        ((byte[]) c.get("a").orElseThrow().metadata().get("blob"))[1] = 9;
        assertThat((byte[]) c.get("a").orElseThrow().metadata().get("blob")).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("describes itself with its collections")
    void describe() {
        store.collection("docs", 3, Metric.COSINE);
        assertThat(store.toString()).contains("docs");
        assertThat(store.collection("docs", 3, Metric.COSINE).toString()).contains("docs").contains("3").contains("COSINE");
    }
}
