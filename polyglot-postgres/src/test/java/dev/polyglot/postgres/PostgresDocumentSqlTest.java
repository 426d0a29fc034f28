package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the kit cannot see: the SQL the Document adapter runs, its index use and its injection safety. */
class PostgresDocumentSqlTest {
    private DataSource dataSource;
    private DocumentStore store;

    @BeforeEach
    void open() {
        dataSource = PostgresTestDatabase.dataSource();
        store = PostgresDocumentStore.create(dataSource);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String uniqueName() {
        return "sql" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static String table(String name) {
        return PostgresNames.quoted(PostgresDocumentStore.TABLE_PREFIX, name, "collection name");
    }

    @Test
    @DisplayName("an indexed equality filter on 10k documents is answered by the GIN index, and finds the same documents")
    void equalityUsesIndex() throws SQLException {
        String name = uniqueName();
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection(name);
        docs.insert("seed", Map.of("group", "none", "k", -1));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + table(name) + " (id, doc, revision, schema_version)"
                    + " SELECT 'd' || g, jsonb_build_object('k', g, 'group', 'g' || (g % 1000)), 1, 1"
                    + " FROM generate_series(1, 10000) AS g");
        }
        docs.createIndex(IndexSpec.on("group"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE " + table(name));
        }

        List<Object> params = new ArrayList<>();
        String where = new JsonbFilterSql("doc", params).translate(Filter.eq("group", "g42"));
        List<String> plan = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement explain = PostgresSessions.prepare(c, "EXPLAIN SELECT id FROM " + table(name)
                        + " WHERE (expires_at IS NULL OR expires_at > now()) AND " + where, params.toArray());
                ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("Bitmap Index Scan on " + PostgresNames.identifier("pgdocg_", name, "n"));
        assertThat(text).as(text).doesNotContain("Seq Scan");

        List<Map<String, @Nullable Object>> found = docs.find(Filter.eq("group", "g42"));
        assertThat(found).hasSize(10);
        assertThat(found).allSatisfy(d -> assertThat(((Number) d.get("k")).intValue() % 1000).isEqualTo(42));
        assertThat(docs.count(Filter.and(Filter.eq("group", "g42"), Filter.gt("k", 5000)))).isEqualTo(5);
    }

    /** Strings an attacker would try: SQL, JSON and JSON-path syntax, LIKE wildcards, escapes, NUL, huge. */
    private static final List<String> HOSTILE = List.of(
            "'", "''", "\"", "'; DROP TABLE polyglot_doc_indexes; --", "\"; DROP TABLE x; --", "1' OR '1'='1",
            "{\"$ne\": null}", "{\"$keys\": [\"a\"]}", "$.a[*] ? (@ > 1)", "$where", "lax $.**", "a%", "a_", "%", "_",
            ".*", "\\", "\\\\'", "\\u0000", "a\0b", "\0", "\uFFFE", "\uFFFE0", "ünïcödé \uD83D\uDE00", "?", "$1", ":name",
            "{fn now()}", "-- comment", "/* c */", "x".repeat(100_000));

    private static void literalOrInvalid(ThrowingCallable call) {
        try {
            call.call();
        } catch (IllegalArgumentException expected) {
            // rejected before anything was written: allowed
        } catch (Throwable other) {
            throw new AssertionError("neither literal nor IllegalArgumentException", other);
        }
    }

    @Test
    @DisplayName("hostile ids, field names, paths and values round-trip literally or fail with IllegalArgumentException, and nothing is harmed")
    void injectionCorpus() {
        String name = uniqueName();
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection(name);
        docs.createIndex(IndexSpec.on("v"));
        docs.insert("canary", Map.of("v", "canary", "n", 1));
        int stored = 1;
        for (String hostile : HOSTILE) {
            boolean validId = hostile.length() <= 512 && !hostile.isBlank() && hostile.indexOf('\0') < 0;
            Map<String, @Nullable Object> doc = new LinkedHashMap<>();
            doc.put("v", hostile);
            doc.put("list", List.of(hostile, "other"));
            if (validId) {
                docs.insert(hostile, doc);
                assertThat(docs.get(hostile)).as(hostile).contains(doc);
                assertThat(docs.getDocument(hostile).orElseThrow().id()).isEqualTo(hostile);
            } else {
                assertThatThrownBy(() -> docs.insert(hostile, doc)).isInstanceOf(IllegalArgumentException.class);
                docs.insert("v-" + stored, doc);
            }
            stored++;
        }
        for (String hostile : HOSTILE) {
            // values are matched literally
            assertThat(docs.count(Filter.eq("v", hostile))).as(hostile).isEqualTo(1);
            assertThat(docs.count(Filter.eq("list", hostile))).as(hostile).isEqualTo(1);
            assertThat(docs.count(Filter.contains("list", hostile))).as(hostile).isEqualTo(1);
            literalOrInvalid(() -> assertThat(docs.count(Filter.startsWith("v", hostile))).as(hostile)
                    .isEqualTo(HOSTILE.stream().filter(h -> h.startsWith(hostile)).count()));
            assertThat(docs.count(Filter.gte("v", hostile))).as(hostile).isPositive();
            // field names and paths are either valid keys or rejected
            literalOrInvalid(() -> {
                Map<String, @Nullable Object> keyed = new LinkedHashMap<>();
                keyed.put(hostile, hostile);
                keyed.put("v", "key:" + hostile);
                String keyedId = "k-" + Integer.toHexString(hostile.hashCode());
                docs.put(keyedId, keyed);
                assertThat(docs.get(keyedId)).contains(keyed);
                docs.delete(keyedId);
            });
            literalOrInvalid(() -> assertThat(docs.count(Filter.eq(hostile, hostile))).isZero());
            literalOrInvalid(() -> assertThat(docs.count(Filter.exists(hostile, true))).isZero());
            literalOrInvalid(() -> docs.find(Filter.all(), Sort.desc(hostile), PageRequest.first(2)));
            literalOrInvalid(() -> docs.update("canary", Update.builder().set("nested." + hostile, hostile).build()));
            literalOrInvalid(() -> docs.createIndex(IndexSpec.on(hostile)));
        }
        assertThat(docs.count(Filter.all())).isEqualTo(stored);
        assertThat(docs.get("canary").orElseThrow().get("v")).isEqualTo("canary");
        try (Stream<?> all = docs.scan()) {
            assertThat(all.count()).isEqualTo(stored);
        }
        // the catalog and the table are still there and still work
        DocumentCollection<Map<String, @Nullable Object>> other = store.collection(uniqueName());
        other.createIndex(IndexSpec.on("v").unique());
        other.insert("a", Map.of("v", 1));
        assertThat(other.count(Filter.all())).isEqualTo(1);
    }

    @Test
    @DisplayName("paging over hostile sort values walks every document once")
    void hostileKeyset() {
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection(uniqueName());
        for (int i = 0; i < HOSTILE.size(); i++) {
            docs.insert("h" + i, Map.of("v", HOSTILE.get(i)));
        }
        List<String> ids = new ArrayList<>();
        PageRequest request = PageRequest.first(4);
        for (int guard = 0; guard < 100; guard++) {
            var page = docs.find(Filter.all(), Sort.asc("v"), request);
            page.items().forEach(d -> ids.add((String) d.get("v")));
            if (page.next().isEmpty()) {
                break;
            }
            request = page.next().get();
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(HOSTILE);
    }

    @Test
    @DisplayName("an update is one statement: a misfit change fails with IllegalArgumentException and writes nothing")
    void atomicUpdateMisfit() {
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection(uniqueName());
        docs.insert("a", Map.of("n", 1, "s", "text"));
        assertThatThrownBy(() -> docs.update("a", Update.builder().inc("n", 1).inc("s", 1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        assertThat(docs.getDocument("a").orElseThrow().revision()).isEqualTo(1);
        assertThat(docs.get("a").orElseThrow()).containsEntry("n", 1);
        assertThat(docs.update("a", Update.builder().inc("n", Long.MAX_VALUE - 1).build())).isPresent();
        assertThatThrownBy(() -> docs.update("a", Update.builder().inc("n", 1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        assertThat(docs.get("a").orElseThrow()).containsEntry("n", Long.MAX_VALUE);
    }

    @Test
    @DisplayName("unwrap gives the Jdbi, the DataSource and the store itself")
    void unwrap() {
        assertThat(store.unwrap(org.jdbi.v3.core.Jdbi.class)).isNotNull();
        assertThat(store.unwrap(DataSource.class)).isSameAs(dataSource);
        assertThat(store.unwrap(PostgresDocumentStore.class)).isSameAs(store);
        assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("scan streams through a cursor and releases its connection on close")
    void scanStreams() {
        DocumentCollection<Map<String, @Nullable Object>> docs = store.collection(uniqueName());
        for (int i = 0; i < 600; i++) {
            docs.insert(String.format("%04d", i), Map.of("i", i));
        }
        for (int round = 0; round < 3; round++) {
            try (Stream<String> ids = docs.scan().map(d -> d.id())) {
                assertThat(ids.limit(3).collect(Collectors.toList())).containsExactly("0000", "0001", "0002");
            }
        }
        try (Stream<String> ids = docs.scan().map(d -> d.id())) {
            assertThat(ids.count()).isEqualTo(600);
        }
    }
}
