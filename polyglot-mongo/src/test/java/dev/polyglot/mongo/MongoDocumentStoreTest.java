package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.polyglot.DuplicateKeyException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MongoDocumentStore beyond the kit")
class MongoDocumentStoreTest {
    private MongoDocumentStore store;
    private String name;
    private DocumentCollection<Map<String, @Nullable Object>> docs;

    @BeforeEach
    void open() {
        store = MongoTestServer.store();
        name = "m" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        docs = store.collection(name);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MongoCollection<BsonDocument> raw() {
        return store.unwrap(MongoDatabase.class).getCollection(name, BsonDocument.class);
    }

    private static Map<String, @Nullable Object> doc(@Nullable Object... keyValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    @DisplayName("values are stored as native BSON types: date, Decimal128, UUID subtype 4, binary, int32, int64, double")
    void nativeBsonTypes() {
        UUID uuid = UUID.fromString("3f2a6c1e-8b7d-4e2f-9a1b-0c4d5e6f7a8b");
        docs.insert("a", doc("t", Instant.parse("2026-01-02T03:04:05.678Z"), "d", new BigDecimal("1234.50"), "u", uuid,
                "b", new byte[] {1, 2}, "i", 7, "l", 7L, "f", 2.5, "s", "x"));
        BsonDocument stored = raw().find(Filters.eq("_id", "a")).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getInt64("rev").getValue()).isEqualTo(1);
        assertThat(stored.getInt32("schema").getValue()).isEqualTo(1);
        BsonDocument doc = stored.getDocument("doc");
        assertThat(doc.get("t").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(doc.getDateTime("t").getValue()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli());
        assertThat(doc.get("d").getBsonType()).isEqualTo(BsonType.DECIMAL128);
        assertThat(doc.getDecimal128("d").getValue().bigDecimalValue()).isEqualTo(new BigDecimal("1234.50"));
        assertThat(doc.getBinary("u").getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
        assertThat(doc.getBinary("b").getType()).isEqualTo(BsonBinarySubType.BINARY.getValue());
        assertThat(doc.get("i").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(doc.get("l").getBsonType()).isEqualTo(BsonType.INT64);
        assertThat(doc.get("f").getBsonType()).isEqualTo(BsonType.DOUBLE);
        Map<String, @Nullable Object> read = docs.get("a").orElseThrow();
        assertThat(read.get("d")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(read.get("u")).isEqualTo(uuid);
        assertThat(read.get("i")).isInstanceOf(Integer.class);
        assertThat(read.get("l")).isInstanceOf(Long.class);
    }

    @Test
    @DisplayName("a BigDecimal beyond Decimal128 is rejected with IllegalArgumentException and nothing is written")
    void decimalOutOfRange() {
        assertThatThrownBy(() -> docs.insert("a", doc("d", new BigDecimal("1.2345678901234567890123456789012345678"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Decimal128");
        assertThatThrownBy(() -> docs.insert("b", doc("d", new BigDecimal("1E+7000"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(raw().countDocuments()).isZero();
    }

    @Test
    @DisplayName("an instant outside the BSON date range is rejected")
    void instantOutOfRange() {
        assertThatThrownBy(() -> docs.insert("a", doc("t", Instant.MAX))).isInstanceOf(IllegalArgumentException.class);
        assertThat(docs.count(Filter.all())).isZero();
    }

    @Test
    @DisplayName("BSON an application wrote into the layout reads back: ObjectId as hex text")
    void foreignBson() {
        BsonObjectId oid = new BsonObjectId();
        raw().insertOne(new BsonDocument("_id", new BsonString("x")).append("rev", new BsonInt64(3))
                .append("doc", new BsonDocument("ref", oid)));
        assertThat(docs.getDocument("x").orElseThrow().revision()).isEqualTo(3);
        assertThat(docs.get("x").orElseThrow().get("ref")).isEqualTo(oid.getValue().toHexString());
    }

    @Test
    @DisplayName("a numeric segment is a field name in updates too: set through an array fails and changes nothing")
    void numericSegmentThroughArray() {
        docs.insert("a", doc("tags", List.of("x", "y"), "m", doc("0", "zero")));
        assertThatThrownBy(() -> docs.update("a", Update.builder().set("tags.0", "z").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
        assertThatThrownBy(() -> docs.update("a", Update.builder().inc("tags.1", 1).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(docs.getDocument("a").orElseThrow().revision()).isEqualTo(1);
        assertThat(docs.get("a").orElseThrow().get("tags")).isEqualTo(List.of("x", "y"));
        docs.update("a", Update.builder().set("m.0", "nil").build());
        assertThat(docs.get("a").orElseThrow().get("m")).isEqualTo(Map.of("0", "nil"));
    }

    @Test
    @DisplayName("indexes are server indexes named as IndexSpec.name(), TTLs rounded up to whole seconds")
    void serverIndexes() {
        docs.createIndex(IndexSpec.on("email").unique());
        docs.createIndex(IndexSpec.ttl("seen", Duration.ofMillis(300)));
        docs.createIndex(IndexSpec.on("a.b", "c"));
        Map<String, BsonDocument> byName = new LinkedHashMap<>();
        for (BsonDocument index : raw().listIndexes(BsonDocument.class)) {
            byName.put(index.getString("name").getValue(), index);
        }
        assertThat(byName).containsKeys("_id_", "email_1", "seen_1", "a.b_1_c_1");
        assertThat(byName.get("email_1").getDocument("key")).isEqualTo(BsonDocument.parse("{\"doc.email\": 1}"));
        assertThat(byName.get("email_1").getBoolean("unique").getValue()).isTrue();
        assertThat(byName.get("seen_1").get("expireAfterSeconds").asNumber().longValue()).isEqualTo(1);
        assertThat(byName.get("a.b_1_c_1").getDocument("key")).isEqualTo(BsonDocument.parse("{\"doc.a.b\": 1, \"doc.c\": 1}"));
    }

    @Test
    @DisplayName("expiry follows the store's clock on every read, to the millisecond, whatever the server's TTL monitor does")
    void expiryByStoreClock() {
        dev.polyglot.tck.MutableClock clock = dev.polyglot.tck.MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        try (MongoDocumentStore clocked = MongoDocumentStore.create(MongoTestServer.client(), MongoTestServer.database(), clock)) {
            DocumentCollection<Map<String, @Nullable Object>> sessions = clocked.collection(name);
            sessions.createIndex(IndexSpec.ttl("seen", Duration.ofMinutes(30)));
            sessions.insert("s", doc("seen", clock.instant(), "list", List.of(clock.instant().plusSeconds(3600))));
            sessions.insert("t", doc("seen", List.of(clock.instant().plusSeconds(3600), clock.instant().plusSeconds(60))));
            clock.advance(Duration.ofMinutes(30).minusMillis(1));
            assertThat(sessions.count(Filter.all())).isEqualTo(2);
            clock.advance(Duration.ofMillis(1));
            assertThat(sessions.get("s")).isEmpty();
            assertThat(sessions.count(Filter.all())).isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(sessions.count(Filter.all())).as("the earliest instant of an array counts").isZero();
            sessions.insert("s", doc("seen", clock.instant()));
            assertThat(sessions.getDocument("s").orElseThrow().revision()).isEqualTo(1);
        }
        BsonDocument ttlIndex = null;
        for (BsonDocument index : raw().listIndexes(BsonDocument.class)) {
            if (index.getString("name").getValue().equals("seen_1")) {
                ttlIndex = index;
            }
        }
        assertThat(ttlIndex).isNotNull();
        assertThat(ttlIndex.get("expireAfterSeconds").asNumber().longValue()).isEqualTo(1800);
    }

    @Test
    @DisplayName("a duplicate key keeps the driver's exception (code 11000) as the cause")
    void duplicateKeyCause() {
        docs.insert("a", doc("x", 1));
        assertThatThrownBy(() -> docs.insert("a", doc("x", 2)))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("\"a\"")
                .satisfies(e -> assertThat(MongoErrors.code((MongoException) e.getCause())).isEqualTo(11000));
    }

    @Test
    @DisplayName("an unreachable server is a StoreUnavailableException caused by the driver's timeout")
    void unreachable() {
        try (MongoDocumentStore down = MongoTestServer.unreachableStore()) {
            assertThatThrownBy(() -> down.collection("x").get("a"))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(com.mongodb.MongoTimeoutException.class);
        }
    }

    @Test
    @DisplayName("scan reads through a server cursor in batches and stops at close")
    void scanStreams() {
        for (int i = 0; i < 1200; i++) {
            docs.insert(String.format("%05d", i), doc("i", i));
        }
        try (var stream = docs.scan()) {
            assertThat(stream.limit(3).map(d -> d.id())).containsExactly("00000", "00001", "00002");
        }
    }

    @Test
    @DisplayName("a crafted page cursor cannot carry operators: its values are compared literally")
    void craftedCursor() {
        docs.insert("a", doc("n", 1));
        docs.insert("b", doc("n", 2));
        // A cursor for Sort.asc("n") whose sort value is the document {"$ne": null}.
        String json = "{\"v\":1,\"sort\":[[\"n\",\"+\"]],\"keys\":[[\"m\",\"$ne\",[\"null\"]]],\"id\":[\"s\",\"a\"]}";
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (Map<String, @Nullable Object> d : docs.find(Filter.all(), Sort.asc("n"), PageRequest.after(cursor, 10)).items()) {
            seen.add(String.valueOf(d.get("n")));
        }
        assertThat(seen).isEmpty(); // documents sort after numbers: nothing numeric comes after one
        String badId = "{\"v\":1,\"sort\":[[\"n\",\"+\"]],\"keys\":[[\"i\",1]],\"id\":[\"m\",\"$gt\",[\"s\",\"\"]]}";
        String badCursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(badId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> docs.find(Filter.all(), Sort.asc("n"), PageRequest.after(badCursor, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
