package dev.polyglot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Polyglot;
import dev.polyglot.Port;
import dev.polyglot.TransactionConflictException;
import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.Upcaster;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.memory.InMemoryTransactionalStore;
import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Update;
import dev.polyglot.transactional.IsolationLevel;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionCallback;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The per-port timing decorators")
class PortMetricsTest {

    record Account(String id, long cents) {}

    private static final TableSpec<Account, String> ACCOUNTS = TableSpec.builder("accounts", Account.class, String.class).id("id").build();

    private static long count(PortMetrics metrics, String operation) {
        return metrics.snapshot().operation(operation).map(OperationSnapshot::count).orElse(0L);
    }

    @Nested
    @DisplayName("time every operation of the views a store hands out")
    class Views {

        @Test
        @DisplayName("caches and rate limiters, counting errors apart")
        void cache() {
            PortMetrics metrics = PortMetrics.inProcess(Port.CACHE, "memory");
            try (CacheStore store = metrics.decorate(InMemoryCacheStore.create())) {
                Cache<String> cache = store.cache("sessions", String.class);
                cache.put("a", "1", Duration.ofMinutes(1));
                cache.put("b", "2");
                cache.get("a");
                cache.get("missing");
                cache.getAll(List.of("a", "b"));
                cache.getOrLoad("c", Duration.ofMinutes(1), () -> "3");
                cache.increment("n", 1, Duration.ofMinutes(1));
                cache.touch("a", Duration.ofMinutes(2));
                cache.ttl("a");
                cache.putIfAbsent("a", "x", Duration.ofMinutes(1));
                cache.delete("b");
                cache.putAll(Map.of("d", "4"), Duration.ofMinutes(1));
                assertThat(cache.keys(PageRequest.first(10)).items()).contains("a", "c", "d");
                assertThatThrownBy(() -> cache.get(null)).isInstanceOf(IllegalArgumentException.class);
                RateLimiter limiter = store.rateLimiter("chat", 1, Duration.ofMinutes(1));
                assertThat(limiter.tryAcquire("u").allowed()).isTrue();
                assertThat(limiter.tryAcquire("u", 1).allowed()).isFalse();
            }
            PortSnapshot snapshot = metrics.snapshot();
            assertThat(snapshot.port()).isEqualTo(Port.CACHE);
            assertThat(snapshot.adapter()).isEqualTo("memory");
            OperationSnapshot get = snapshot.operation("get").orElseThrow();
            assertThat(get.count()).isEqualTo(3);
            assertThat(get.errors()).isEqualTo(1);
            assertThat(get.p99Nanos()).isPositive().isLessThanOrEqualTo(get.maxNanos());
            assertThat(snapshot.operations()).extracting(OperationSnapshot::operation).containsExactly("delete", "get", "getAll",
                    "getOrLoad", "increment", "keys", "put", "putAll", "putIfAbsent", "touch", "tryAcquire", "ttl");
            assertThat(snapshot.operation("put").orElseThrow().count()).isEqualTo(2);
            assertThat(snapshot.operation("tryAcquire").orElseThrow().count()).isEqualTo(2);
            assertThat(snapshot.operation("tryAcquire").orElseThrow().errors()).isZero();
        }

        @Test
        @DisplayName("document collections, with the written key sets and the upcasters' runs")
        void documents() {
            PortMetrics metrics = PortMetrics.inProcess(Port.DOCUMENT, "memory");
            try (DocumentStore store = metrics.decorate(InMemoryDocumentStore.create())) {
                DocumentCollection<Map<String, Object>> v1 = store.collection("events");
                String old = v1.insert(Map.of("type", "click"));
                for (int i = 0; i < 5; i++) {
                    Map<String, Object> event = new HashMap<>();
                    event.put("type", "view");
                    event.put("field" + (i % 3), i);   // three distinct extra keys: four key sets in all
                    v1.insert(event);
                }
                CollectionOptions v3 = CollectionOptions.builder().schemaVersion(3)
                        .upcaster(Upcaster.of(1, d -> d))
                        .upcaster(Upcaster.of(2, d -> d))
                        .build();
                DocumentCollection<Map<String, Object>> current = store.collection("events", v3);
                assertThat(current.get(old)).isPresent();               // read through two upcasters
                current.update(old, Update.builder().set("seen", true).build());
                current.find(Filter.eq("type", "view"));
                current.count(Filter.all());
                current.delete(old);
                try (var all = current.scan()) {
                    assertThat(all.count()).isEqualTo(5);
                }
            }
            try (DocumentStore store = metrics.decorate(InMemoryDocumentStore.create())) {
                assertThatThrownBy(() -> store.collection("not a name!")).isInstanceOf(IllegalArgumentException.class);
            }
            PortSnapshot snapshot = metrics.snapshot();
            assertThat(snapshot.documentCollections()).hasSize(1);
            assertThat(snapshot.operation("collection").orElseThrow().errors()).isEqualTo(1);
            assertThat(snapshot.operation("insert").orElseThrow().count()).isEqualTo(6);
            assertThat(snapshot.operation("collection").orElseThrow().count()).isEqualTo(3);
            assertThat(snapshot.operations()).extracting(OperationSnapshot::operation).contains("get", "update", "find", "count",
                    "delete", "scan");
            DocumentCollectionSnapshot events = snapshot.documentCollections().get(0);
            assertThat(events.name()).isEqualTo("events");
            assertThat(events.writes()).isEqualTo(6);
            assertThat(events.distinctKeySets()).isEqualTo(4);
            assertThat(events.upcasters()).isEqualTo(2);
            assertThat(events.upcasts()).isGreaterThanOrEqualTo(2);
            assertThat(events.reads()).isPositive();
        }

        @Test
        @DisplayName("vector collections, with their sizes counted at the snapshot")
        void vectors() {
            PortMetrics metrics = PortMetrics.inProcess(Port.VECTOR, "memory");
            try (VectorStore store = metrics.decorate(InMemoryVectorStore.create())) {
                VectorCollection messages = store.collection("messages", 2, Metric.COSINE);
                messages.upsert(VectorRecord.of("a", new float[] {1, 0}));
                messages.upsertAll(List.of(VectorRecord.of("b", new float[] {0, 1}), VectorRecord.of("c", new float[] {1, 1})));
                messages.search(VectorQuery.nearest(new float[] {1, 0}, 2));
                messages.get("a");
                messages.delete("c");
                messages.delete(Filter.eq("x", 1));
                assertThat(messages.count()).isEqualTo(2);
                assertThatThrownBy(() -> messages.search(VectorQuery.nearest(new float[] {1, 0, 0}, 2)))
                        .isInstanceOf(IllegalArgumentException.class);
                PortSnapshot snapshot = metrics.snapshot();
                assertThat(snapshot.operation("search").orElseThrow().count()).isEqualTo(2);
                assertThat(snapshot.operation("search").orElseThrow().errors()).isEqualTo(1);
                assertThat(snapshot.vectorCollections()).containsExactly(new VectorCollectionSnapshot("messages", 2, 2));
                store.dropCollection("messages");
                assertThat(metrics.snapshot().vectorCollections()).isEmpty();
            }
        }

        @Test
        @DisplayName("transactions and the table operations inside them")
        void transactions() {
            PortMetrics metrics = PortMetrics.inProcess(Port.TRANSACTIONAL, "memory");
            try (TransactionalStore store = metrics.decorate(InMemoryTransactionalStore.create())) {
                store.createTables(ACCOUNTS);
                store.useTransaction(tx -> tx.table(ACCOUNTS).insert(new Account("a", 1)));
                long cents = store.inTransaction(IsolationLevel.SERIALIZABLE, tx -> tx.table(ACCOUNTS).find("a").orElseThrow().cents());
                assertThat(cents).isEqualTo(1);
                assertThatThrownBy(() -> store.useTransaction(tx -> tx.table(ACCOUNTS).insert(new Account("a", 2))))
                        .isInstanceOf(dev.polyglot.DuplicateKeyException.class);
            }
            PortSnapshot snapshot = metrics.snapshot();
            assertThat(snapshot.operation("transaction").orElseThrow().count()).isEqualTo(3);
            assertThat(snapshot.operation("transaction").orElseThrow().errors()).isEqualTo(1);
            assertThat(snapshot.operation("insert").orElseThrow().count()).isEqualTo(2);
            assertThat(snapshot.operation("insert").orElseThrow().errors()).isEqualTo(1);
            assertThat(count(metrics, "find")).isEqualTo(1);
            assertThat(count(metrics, "createTables")).isEqualTo(1);
            assertThat(snapshot.transactions()).isEqualTo(new TransactionSnapshot(3, 0, 0, 0));
        }
    }

    @Nested
    @DisplayName("count serialization retries and conflicts, whatever the adapter")
    class Retries {

        /** An adapter that runs every callback once more, as after one serialization failure. */
        private TransactionalStore retryingOnce(TransactionalStore memory) {
            return new ForwardingTransactionalStore(memory) {
                @Override
                public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
                    memory.inTransaction(isolation, callback);
                    return memory.inTransaction(isolation, callback);
                }
            };
        }

        @Test
        @DisplayName("a callback run twice is one transaction with one retry")
        void retried() {
            PortMetrics metrics = PortMetrics.inProcess(Port.TRANSACTIONAL, "test");
            try (TransactionalStore store = metrics.decorate(retryingOnce(InMemoryTransactionalStore.create()))) {
                store.createTables(ACCOUNTS);
                store.useTransaction(tx -> tx.table(ACCOUNTS).upsert(new Account("a", 1)));
                store.inTransaction(tx -> tx.table(ACCOUNTS).count(Filter.all()));
            }
            TransactionSnapshot tx = metrics.snapshot().transactions();
            assertThat(tx).isEqualTo(new TransactionSnapshot(2, 2, 2, 0));
            assertThat(tx.retryRate()).isEqualTo(1.0);
        }

        @Test
        @DisplayName("a transaction that gives up is a conflict")
        void conflict() {
            PortMetrics metrics = PortMetrics.inProcess(Port.TRANSACTIONAL, "test");
            TransactionalStore memory = InMemoryTransactionalStore.create();
            TransactionalStore givingUp = new ForwardingTransactionalStore(memory) {
                @Override
                public <R, X extends Exception> R inTransaction(IsolationLevel isolation, TransactionCallback<R, X> callback) throws X {
                    for (int i = 0; i < 3; i++) {
                        memory.inTransaction(isolation, callback);
                    }
                    throw new TransactionConflictException("could not serialize after 3 attempts", null);
                }
            };
            try (TransactionalStore store = metrics.decorate(givingUp)) {
                assertThatThrownBy(() -> store.inTransaction(tx -> 1)).isInstanceOf(TransactionConflictException.class);
            }
            assertThat(metrics.snapshot().transactions()).isEqualTo(new TransactionSnapshot(1, 2, 1, 1));
            assertThat(metrics.snapshot().operation("transaction").orElseThrow().errors()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("with Micrometer on the classpath")
    class Micrometer {

        @Test
        @DisplayName("record timers tagged port, adapter, operation and outcome")
        void timers() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Properties config = new Properties();
            config.setProperty("polyglot.cache.uri", "memory:");
            try (Polyglot polyglot = Polyglot.builder().properties(config).meterRegistry(registry).build()) {
                Cache<String> cache = polyglot.cache().cache("c", String.class);
                cache.put("k", "v");
                cache.get("k");
                cache.get("k");
                assertThatThrownBy(() -> cache.get(null)).isInstanceOf(IllegalArgumentException.class);
                assertThat(polyglot.metrics().port(Port.CACHE).orElseThrow().operation("get").orElseThrow().count()).isEqualTo(3);
            }
            FunctionTimer gets = registry.find("polyglot.operation")
                    .tags("port", "cache", "adapter", "memory", "operation", "get", "outcome", "success").functionTimer();
            assertThat(gets).isNotNull();
            assertThat(gets.count()).isEqualTo(2);
            assertThat(gets.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            FunctionTimer errors = registry.find("polyglot.operation").tags("operation", "get", "outcome", "error")
                    .functionTimer();
            assertThat(errors).isNotNull();
            assertThat(errors.count()).isEqualTo(1);
            assertThat(registry.find("polyglot.operation").tags("operation", "put", "outcome", "success").functionTimer()
                    .count()).isEqualTo(1);
        }

        @Test
        @DisplayName("can be left out, and reject a registry that is not one")
        void optional() {
            assertThat(PortMetrics.inProcess(Port.CACHE, "memory").micrometerEnabled()).isFalse();
            assertThat(PortMetrics.create(Port.CACHE, "memory").micrometerEnabled()).isTrue();
            assertThatThrownBy(() -> PortMetrics.create(Port.CACHE, "memory", "not a registry"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MeterRegistry");
            assertThatThrownBy(() -> PortMetrics.inProcess(Port.CACHE, "memory").decorate(InMemoryVectorStore.create()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CACHE");
        }
    }

    @Test
    @DisplayName("Polyglot decorates by default and not when told not to")
    void polyglotDecorates() {
        Properties config = new Properties();
        config.setProperty("polyglot.vector.uri", "memory:");
        try (Polyglot polyglot = Polyglot.fromProperties(config)) {
            polyglot.vector().collection("v", 2, Metric.DOT).upsert(VectorRecord.of("a", new float[] {1, 2}));
            assertThat(polyglot.metrics().port(Port.VECTOR).orElseThrow().operation("upsert").orElseThrow().count()).isEqualTo(1);
        }
        config.setProperty(Polyglot.METRICS_ENABLED_PROPERTY, "false");
        try (Polyglot polyglot = Polyglot.fromProperties(config)) {
            assertThat(polyglot.vector()).isInstanceOf(InMemoryVectorStore.class);
            assertThat(polyglot.metrics().ports()).isEmpty();
        }
    }
}
