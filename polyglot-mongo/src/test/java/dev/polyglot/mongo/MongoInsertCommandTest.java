package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.polyglot.document.DocumentCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/** What one {@code insert} sends to the server, against a hand-written {@code insertOne} of the same layout. */
class MongoInsertCommandTest {

    record Item(String sku, int quantity) {
    }

    record Order(String customerId, String status, long totalCents, List<Item> items, Instant placedAt) {
    }

    /** The command without what legitimately differs: the collection, the documents, session and cluster bookkeeping. */
    private static BsonDocument without(BsonDocument command) {
        BsonDocument copy = command.clone();
        for (String key : List.of("insert", "documents", "lsid", "$clusterTime", "txnNumber")) {
            copy.remove(key);
        }
        return copy;
    }

    @Test
    void insertSendsOneInsertCommandLikeTheDriversInsertOne() {
        List<BsonDocument> commands = Collections.synchronizedList(new ArrayList<>());
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommand().clone());
            }
        };
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MongoTestServer.uri())).addCommandListener(listener).build();
        String suffix = UUID.randomUUID().toString().replace("-", "");
        try (MongoClient client = MongoClients.create(settings)) {
            MongoDocumentStore store = MongoDocumentStore.create(client, MongoTestServer.database());
            Order order = new Order("c-1", "open", 1234L, List.of(new Item("sku-1", 2), new Item("sku-2", 1)),
                    Instant.parse("2026-01-01T00:00:00Z"));
            DocumentCollection<Order> port = store.collection("insert_port_" + suffix, Order.class);
            MongoCollection<BsonDocument> raw = client.getDatabase(MongoTestServer.database())
                    .getCollection("insert_raw_" + suffix, BsonDocument.class);
            // Warm both up so that one-off handshakes are out of the way.
            port.insert("warm", order);
            raw.insertOne(new BsonDocument("_id", new BsonString("warm")));
            commands.clear();
            port.insert("o-1", order);
            List<BsonDocument> portCommands = new ArrayList<>(commands);
            commands.clear();
            BsonArray items = new BsonArray(List.of(
                    new BsonDocument("sku", new BsonString("sku-1")).append("quantity", new BsonInt32(2)),
                    new BsonDocument("sku", new BsonString("sku-2")).append("quantity", new BsonInt32(1))));
            raw.insertOne(new BsonDocument("_id", new BsonString("o-1")).append("rev", new BsonInt64(1))
                    .append("schema", new BsonInt32(1)).append("doc", new BsonDocument("customerId", new BsonString("c-1"))
                            .append("status", new BsonString("open")).append("totalCents", new BsonInt64(1234))
                            .append("items", items).append("placedAt", new BsonDateTime(order.placedAt().toEpochMilli()))));
            List<BsonDocument> rawCommands = new ArrayList<>(commands);
            // One command each, no catalog lookup, index check or read-back, and the very same
            // stored document, type for type (BsonDocument equality compares BSON types).
            assertThat(portCommands).extracting(c -> c.getFirstKey()).containsExactly("insert");
            assertThat(rawCommands).extracting(c -> c.getFirstKey()).containsExactly("insert");
            assertThat(portCommands.get(0).getArray("documents")).isEqualTo(rawCommands.get(0).getArray("documents"));
            assertThat(without(portCommands.get(0))).isEqualTo(without(rawCommands.get(0)));
            store.dropCollection("insert_port_" + suffix);
            store.dropCollection("insert_raw_" + suffix);
        }
    }
}
