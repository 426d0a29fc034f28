package dev.polyglot.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The injection corpus: strings that look like MongoDB operators, dotted and {@code $} keys, NUL
 * bytes and huge strings, used as ids, field names and values. Each either round-trips literally
 * (and is matched literally by filters) or is rejected with IllegalArgumentException before
 * anything is written.
 */
@DisplayName("MongoDB injection corpus")
class MongoInjectionTest {
    private static final List<String> OPERATOR_LOOKING = List.of(
            "$where", "$ne", "$gt", "{\"$ne\": null}", "{\"$gt\": \"\"}", "{\"$where\": \"sleep(1000)\"}",
            "this.a == this.a", "function() { return true; }", "'; db.dropDatabase(); //", "$regex", ".*", "^",
            "a.b", "$set", "_id", "{\"_id\": {\"$exists\": true}}", "\\u0000", "$$ROOT", "$expr");

    private MongoDocumentStore store;
    private DocumentCollection<Map<String, @Nullable Object>> docs;

    @BeforeEach
    void open() {
        store = MongoTestServer.store();
        docs = store.collection("inj" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        docs.insert("bystander", doc("s", "plain", "k", 1));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Map<String, @Nullable Object> doc(@Nullable Object... keyValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private void assertRejected(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertNothingElseWritten(long expected) {
        assertThat(docs.count(Filter.all())).isEqualTo(expected);
        assertThat(docs.get("bystander").orElseThrow()).isEqualTo(doc("s", "plain", "k", 1));
    }

    @Test
    @DisplayName("operator-looking ids round-trip literally and address only their own document")
    void operatorIds() {
        for (String id : OPERATOR_LOOKING) {
            docs.insert(id, doc("s", "v"));
            assertThat(docs.get(id)).as(id).contains(doc("s", "v"));
            assertThat(docs.update(id, Update.builder().inc("k", 1).build())).as(id).isPresent();
            assertThat(docs.put(id, doc("s", "w"), 2)).as(id).isEqualTo(3);
        }
        assertNothingElseWritten(OPERATOR_LOOKING.size() + 1);
        for (String id : OPERATOR_LOOKING) {
            assertThat(docs.delete(id)).as(id).isTrue();
        }
        assertNothingElseWritten(1);
    }

    @Test
    @DisplayName("NUL, blank and over-long ids are rejected; a 512-character id with unusual characters works")
    void badAndHugeIds() {
        for (String id : List.of("a\0b", "\0", "x".repeat(513), " ", "$".repeat(600))) {
            assertRejected(() -> docs.insert(id, doc("s", 1)));
            assertRejected(() -> docs.get(id));
            assertRejected(() -> docs.update(id, Update.builder().set("s", 1).build()));
        }
        String longId = "{\"$ne\":1}.$".repeat(46) + "é".repeat(6);
        assertThat(longId).hasSize(512);
        docs.insert(longId, doc("s", "long"));
        assertThat(docs.get(longId)).contains(doc("s", "long"));
        assertNothingElseWritten(2);
    }

    @Test
    @DisplayName("operator-looking, NUL-holding and huge values round-trip and match literally")
    void literalValues() {
        String huge = "$where".repeat(200_000);
        List<String> values = new java.util.ArrayList<>(OPERATOR_LOOKING);
        values.add("nul\0inside");
        values.add("\0");
        values.add(huge);
        for (int i = 0; i < values.size(); i++) {
            docs.insert("v" + i, doc("s", values.get(i), "nested", doc("list", List.of(values.get(i)))));
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            assertThat(docs.get("v" + i).orElseThrow().get("s")).isEqualTo(value);
            assertThat(docs.count(Filter.eq("s", value))).as(value.length() > 40 ? "huge" : value).isEqualTo(1);
            assertThat(docs.count(Filter.contains("nested.list", value))).isEqualTo(1);
            assertThat(docs.count(Filter.in("s", value, "other"))).isEqualTo(1);
            if (value.indexOf('\0') < 0) {
                assertThat(docs.count(Filter.startsWith("s", value))).isEqualTo(value.equals("$where") ? 2 : 1);
            }
        }
        assertRejected(() -> Filter.startsWith("s", "nul\0")); // the port rejects NUL in prefixes
        assertThat(docs.count(Filter.startsWith("s", "nul"))).isEqualTo(1);
        assertThat(docs.count(Filter.startsWith("s", ".*"))).isEqualTo(1);
        assertThat(docs.count(Filter.startsWith("s", "^"))).isEqualTo(1);
        assertThat(docs.count(Filter.startsWith("s", "{\"$"))).isEqualTo(3);
        assertThat(docs.count(Filter.ne("s", "$where"))).isEqualTo(values.size());
        docs.update("v0", Update.builder().set("s", "{\"$set\": {\"a\": 1}}").push("nested.list", "$inc").build());
        assertThat(docs.get("v0").orElseThrow()).isEqualTo(doc("s", "{\"$set\": {\"a\": 1}}",
                "nested", doc("list", List.of("$where", "$inc"))));
        assertNothingElseWritten(values.size() + 1);
    }

    @Test
    @DisplayName("a document beyond MongoDB's 16 MB limit is rejected with IllegalArgumentException and nothing is written")
    void tooLarge() {
        String seventeenMegabytes = "x".repeat(17 * 1024 * 1024);
        assertRejected(() -> docs.insert("big", doc("s", seventeenMegabytes)));
        assertRejected(() -> docs.update("bystander", Update.builder().set("s", seventeenMegabytes).build()));
        assertNothingElseWritten(1);
    }

    @Test
    @DisplayName("dotted, $-prefixed, NUL and empty field names are rejected in documents, filters, sorts, updates and indexes")
    void badFieldNames() {
        for (String key : List.of("a.b", "$where", "$gt", "$", "", "a\0b", "\0", ".", "$set")) {
            assertRejected(() -> docs.insert("x", doc(key, 1)));
            assertRejected(() -> docs.put("bystander", doc("ok", doc(key, 1))));
            assertRejected(() -> docs.insert("y", doc("list", List.of(doc(key, "v")))));
            assertRejected(() -> docs.update("bystander", Update.builder().set("s", doc(key, 1)).build()));
            assertRejected(() -> docs.update("bystander", Update.builder().push("s", doc(key, 1)).build()));
        }
        for (String path : List.of("$where", "a.$gt", "a..b", ".a", "a.", "a\0b", "", "$natural", "_id", "_id.x",
                "x".repeat(1025))) {
            assertRejected(() -> docs.find(Filter.eq(path, 1)));
            assertRejected(() -> docs.find(Filter.all(), Sort.asc(path), PageRequest.first(5)));
            assertRejected(() -> docs.update("bystander", Update.builder().set(path, 1).build()));
            assertRejected(() -> docs.update("bystander", Update.builder().unset(path).build()));
            assertRejected(() -> docs.createIndex(IndexSpec.on(path)));
        }
        assertNothingElseWritten(1);
        assertThat(docs.getDocument("bystander").orElseThrow().revision()).isEqualTo(1);
    }

    @Test
    @DisplayName("unusual but valid field names round-trip: inner $ and dashes, spaces, unicode, _id below the top level, huge keys")
    void unusualFieldNames() {
        String hugeKey = "k".repeat(10_000);
        Map<String, @Nullable Object> original = doc("a$", 1, "a-b", 2, "key with space", 3, "ünï\uD83D\uDE00", 4,
                "sub", doc("_id", "inner", "$x".substring(1), 5), hugeKey, 6);
        docs.insert("odd", original);
        assertThat(docs.get("odd").orElseThrow()).isEqualTo(original);
        assertThat(docs.count(Filter.eq("sub._id", "inner"))).isEqualTo(1);
        assertThat(docs.count(Filter.eq("a$", 1))).isEqualTo(1);
        assertThat(docs.count(Filter.eq(hugeKey.substring(0, 1024), 6))).isZero();
        docs.update("odd", Update.builder().inc("a$", 1).build());
        assertThat(docs.get("odd").orElseThrow().get("a$")).isEqualTo(2);
    }
}
