package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import dev.polyglot.Port;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.metrics.DocumentCollectionSnapshot;
import dev.polyglot.metrics.PortMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonDocument;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With the metrics decorator in front, records still stream into BSON, and their shapes are counted. */
class MongoMetricsTest {

    record Payment(String account, BigDecimal amount, Instant at, UUID reference, List<String> tags) {
    }

    @Test
    @DisplayName("inserts and puts through the metrics decorator store the same BSON and count each write's shape")
    void streamedWritesWithMetrics() {
        MongoDocumentStore mongo = MongoTestServer.store();
        PortMetrics metrics = PortMetrics.inProcess(Port.DOCUMENT, "mongodb");
        DocumentStore store = metrics.decorate(mongo);
        String name = "metrics_" + UUID.randomUUID().toString().replace("-", "");
        try {
            DocumentCollection<Payment> payments = store.collection(name, Payment.class);
            Payment payment = new Payment("acc-1", new BigDecimal("12.34"), Instant.parse("2026-01-01T00:00:00Z"),
                    UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b"), List.of("a", "b"));
            payments.insert("p-1", payment);
            payments.put("p-2", payment);
            assertThat(payments.get("p-1")).contains(payment);
            assertThat(payments.get("p-2")).contains(payment);

            BsonDocument stored = mongo.unwrap(MongoDatabase.class).getCollection(name, BsonDocument.class)
                    .find(new BsonDocument("_id", new org.bson.BsonString("p-1"))).first();
            assertThat(stored).isNotNull();
            BsonDocument doc = stored.getDocument(MongoQueries.DOCUMENT);
            assertThat(doc.get("amount").isDecimal128()).isTrue();
            assertThat(doc.get("at").isDateTime()).isTrue();
            assertThat(doc.get("reference").asBinary().getType()).isEqualTo((byte) 4);
            assertThat(List.copyOf(doc.keySet())).containsExactly("account", "amount", "at", "reference", "tags");

            DocumentCollectionSnapshot shapes = metrics.snapshot().documentCollections().stream()
                    .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            assertThat(shapes.writes()).isEqualTo(2);
            assertThat(shapes.distinctKeySets()).isEqualTo(1);

            @SuppressWarnings({"unchecked", "rawtypes"}) // Map.class cannot carry its type arguments
            DocumentCollection<Map<String, Object>> raw = (DocumentCollection) store.collection(name, Map.class);
            assertThatThrownBy(() -> raw.insert("bad", Map.of("$where", 1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not start with '$'");
            assertThat(raw.get("bad")).isEmpty();
        } finally {
            mongo.dropCollection(name);
        }
    }
}
