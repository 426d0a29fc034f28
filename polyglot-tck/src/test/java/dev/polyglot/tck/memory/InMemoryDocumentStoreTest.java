package dev.polyglot.tck.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreUnavailableException;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Update;
import dev.polyglot.tck.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviour only the in-memory document store has: the outage switch, the injected clock, unwrap. */
class InMemoryDocumentStoreTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("the outage switch fails every operation with a ConnectException cause until it is cleared")
    void outage() {
        InMemoryDocumentStore store = InMemoryDocumentStore.create();
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection("docs");
        docs.insert("a", Map.of("n", 1));
        store.setUnavailable(true);
        assertThatThrownBy(() -> docs.get("a")).isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> store.dropCollection("docs")).isInstanceOf(StoreUnavailableException.class);
        store.setUnavailable(false);
        assertThat(docs.get("a")).contains(Map.of("n", 1));
    }

    @Test
    @DisplayName("TTL expiry is exact at the boundary of the injected clock")
    void ttlBoundary() {
        MutableClock clock = MutableClock.startingAt(START);
        DocumentStore store = InMemoryDocumentStore.create(clock);
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection("sessions");
        docs.createIndex(IndexSpec.ttl("at", Duration.ofSeconds(10)));
        docs.insert("s", Map.of("at", START));
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(docs.get("s")).isPresent();
        clock.advance(Duration.ofNanos(1));
        assertThat(docs.get("s")).isEmpty();
    }

    @Test
    @DisplayName("unwrap returns the store for its own types and rejects others")
    void unwrap() {
        InMemoryDocumentStore store = InMemoryDocumentStore.create();
        assertThat(store.unwrap(InMemoryDocumentStore.class)).isSameAs(store);
        assertThat(store.unwrap(DocumentStore.class)).isSameAs(store);
        assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InMemoryDocumentStore.create(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a scan is a snapshot: writes during the stream do not disturb it")
    void scanSnapshot() {
        DocumentCollection<Map<String, @Nullable Object>> docs = InMemoryDocumentStore.create().collection("docs");
        docs.insert("a", Map.of("n", 1));
        docs.insert("b", Map.of("n", 2));
        try (Stream<StoredDocument<Map<String, @Nullable Object>>> stream = docs.scan()) {
            docs.insert("c", Map.of("n", 3));
            docs.delete("a");
            assertThat(stream.map(StoredDocument::id)).containsExactly("a", "b");
        }
    }

    @Test
    @DisplayName("a handle opened before dropCollection works on the new, empty collection")
    void handleAfterDrop() {
        DocumentStore store = InMemoryDocumentStore.create();
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection("docs");
        docs.createIndex(IndexSpec.on("k").unique());
        docs.insert("a", Map.of("k", 1));
        assertThat(store.dropCollection("docs")).isTrue();
        assertThat(docs.count(Filter.all())).isZero();
        docs.insert("a", Map.of("k", 1));
        docs.insert("b", Map.of("k", 1));
        assertThat(docs.count(Filter.eq("k", 1))).isEqualTo(2);
    }

    @Test
    @DisplayName("reads do not create collections, so dropping a collection only read from reports false")
    void readsDoNotCreate() {
        DocumentStore store = InMemoryDocumentStore.create();
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection("docs");
        assertThat(docs.get("x")).isEmpty();
        assertThat(docs.find(Filter.all())).isEmpty();
        assertThat(docs.update("x", Update.builder().set("a", 1).build())).isEmpty();
        assertThat(docs.delete("x")).isFalse();
        assertThat(store.dropCollection("docs")).isFalse();
    }

    @Test
    @DisplayName("documents hold the model types the codec produced, deep-copied on every read")
    void deepCopies() {
        DocumentCollection<Map<String, @Nullable Object>> docs = InMemoryDocumentStore.create().collection("docs");
        docs.insert("a", Map.of("l", List.of(Map.of("x", 1))));
        @SuppressWarnings("unchecked")
        List<Object> first = (List<Object>) docs.get("a").orElseThrow().get("l");
        first.clear();
        assertThat(docs.get("a").orElseThrow()).isEqualTo(Map.of("l", List.of(Map.of("x", 1))));
    }
}
