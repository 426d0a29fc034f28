package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.KeysetCursors;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile ids, values, JSON keys and column names never reach SQL text: they round-trip or are rejected. */
class PostgresTxInjectionTest {

    /** A row with a text column, a free-form JSON column and a list column. */
    record Doc(String id, String name, Map<String, Object> extra, List<String> tags, long version) {
    }

    private static final List<String> HOSTILE = List.of(
            "'; DROP TABLE victims; --",
            "\"; DROP TABLE victims; --",
            "' OR '1'='1",
            "a'b\"c\\d",
            "?", "??", "$1", ":name", ":id::text", "::jsonb",
            "$.a[*] ? (@ > 1)", "{\"$date\": \"2024-01-01T00:00:00.000000000Z\"}", "{a,b}", "'{}'",
            "%", "_", "\\x00ff", "E'\\n'",
            "/* comment */", "-- comment", "); SELECT pg_sleep(10); --",
            "💥 emoji ünïcödé 漢字", " leading and trailing ", "line\nbreak\ttab",
            "x".repeat(10_000));

    private TransactionalStore store;
    private TableSpec<Doc, String> docs;
    private TableSpec<Doc, String> victims;

    @BeforeEach
    void setUp() {
        store = PostgresTransactionalStore.create(PostgresTestDatabase.dataSource());
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        docs = TableSpec.builder("inj_" + suffix, Doc.class, String.class).id("id").version("version").audited().build();
        victims = TableSpec.builder("victims_" + suffix, Doc.class, String.class).id("id").version("version").build();
        store.createTables(docs, victims);
        store.useTransaction(t -> t.table(victims).insert(new Doc("v1", "safe", Map.of(), List.of(), 0)));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void hostileValuesAndIdsRoundTripLiterally() {
        List<String> stored = new ArrayList<>();
        for (String hostile : HOSTILE) {
            String id = hostile.length() > 512 ? hostile.substring(0, 512) : hostile;
            Doc row = new Doc(id, hostile, Map.of("k", hostile, "nested", Map.of("deep", hostile)), List.of(hostile, "other"), 0);
            Doc inserted = store.inTransaction(t -> t.table(docs).insert(row));
            assertThat(inserted.name()).isEqualTo(hostile);
            stored.add(id);
            Optional<Doc> found = store.inTransaction(t -> t.table(docs).find(id));
            assertThat(found).as("find %s", id).isPresent();
            assertThat(found.get().id()).isEqualTo(id);
            assertThat(found.get().name()).isEqualTo(hostile);
            assertThat(found.get().extra()).isEqualTo(row.extra());
            assertThat(found.get().tags()).isEqualTo(row.tags());
            for (Filter filter : List.of(Filter.eq("name", hostile), Filter.eq("id", id), Filter.eq("extra.k", hostile),
                    Filter.eq("extra.nested.deep", hostile), Filter.contains("tags", hostile), Filter.eq("tags", hostile),
                    Filter.startsWith("name", hostile), Filter.in("name", hostile, "nothing"),
                    Filter.and(Filter.gte("name", hostile), Filter.lte("name", hostile)))) {
                List<String> ids = store.inTransaction(t -> t.table(docs).query(filter).stream().map(Doc::id).toList());
                assertThat(ids).as("%s", filter).containsExactly(id);
            }
            Doc updated = store.inTransaction(t -> t.table(docs).update(new Doc(id, hostile + "!", row.extra(), row.tags(), 1)));
            assertThat(updated.name()).isEqualTo(hostile + "!");
            List<AuditEntry<String>> history = store.inTransaction(t -> t.table(docs).history(id));
            assertThat(history).hasSize(2);
            assertThat(history.get(0).row().get("name")).isEqualTo(hostile);
            assertThat(history.get(0).id()).isEqualTo(id);
        }
        // Keyset paging carries hostile sort values and ids in its cursor; they are bound, never spliced.
        List<String> paged = new ArrayList<>();
        PageRequest request = PageRequest.first(3);
        while (request != null) {
            PageRequest current = request;
            var page = store.inTransaction(t -> t.table(docs).query(Filter.all(), Sort.desc("name").thenAsc("extra.k"), current));
            page.items().forEach(d -> paged.add(d.id()));
            request = page.next().orElse(null);
        }
        assertThat(paged).containsExactlyInAnyOrderElementsOf(stored).doesNotHaveDuplicates();
        assertSurvivors(stored.size());
    }

    @Test
    void hostileJsonKeysAreBoundAsKeys() {
        for (String hostile : HOSTILE) {
            if (hostile.contains(".") || hostile.startsWith("$") || hostile.length() > 1000) {
                continue; // not a path segment: Filter rejects those before the store sees them
            }
            String id = "k" + Integer.toHexString(hostile.hashCode());
            store.useTransaction(t -> t.table(docs).insert(new Doc(id, "x", Map.of(hostile, "value"), List.of(), 0)));
            long matches = store.inTransaction(t -> t.table(docs).count(Filter.eq("extra." + hostile, "value")));
            assertThat(matches).as("key %s", hostile).isEqualTo(1);
            long exists = store.inTransaction(t -> t.table(docs).count(Filter.exists("extra." + hostile, true)));
            assertThat(exists).isEqualTo(1);
        }
        assertSurvivors(-1);
    }

    @Test
    void hostileColumnNamesAreRejectedBeforeAnySql() {
        store.useTransaction(t -> {
            Table<Doc, String> table = t.table(docs);
            for (String hostile : HOSTILE) {
                for (String path : List.of(hostile, "name\"; DROP TABLE x; --", "id) OR (1=1", "extra\" IS NULL OR \"a")) {
                    assertThatThrownBy(() -> table.query(Filter.eq(path, 1))).isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> table.count(Filter.not(Filter.exists(path, true))))
                            .isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> table.query(Filter.all(), Sort.asc(path), PageRequest.first(5)))
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            // Invalid arguments do not abort the transaction.
            table.insert(new Doc("after", "still usable", Map.of(), List.of(), 0));
        });
        assertThatThrownBy(() -> TableSpec.builder("victims; DROP TABLE x", Doc.class, String.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertSurvivors(1);
    }

    @Test
    void forgedCursorsAreBoundOrRejected() {
        store.useTransaction(t -> t.table(docs).insert(new Doc("d1", "a", Map.of("k", "v"), List.of(), 0)));
        store.useTransaction(t -> {
            Table<Doc, String> table = t.table(docs);
            for (String hostile : HOSTILE) {
                String byName = KeysetCursors.encode(Sort.asc("name"), java.util.Arrays.asList(hostile), hostile);
                assertThat(table.query(Filter.all(), Sort.asc("name"), PageRequest.after(byName, 5)).items()).isNotNull();
                String byJson = KeysetCursors.encode(Sort.asc("extra.k"), java.util.Arrays.asList(hostile), hostile);
                assertThat(table.query(Filter.all(), Sort.asc("extra.k"), PageRequest.after(byJson, 5)).items()).isNotNull();
                String wrongType = KeysetCursors.encode(Sort.asc("version"), java.util.Arrays.asList(hostile), "d1");
                assertThatThrownBy(() -> table.query(Filter.all(), Sort.asc("version"), PageRequest.after(wrongType, 5)))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            String nul = KeysetCursors.encode(Sort.asc("name"), java.util.Arrays.asList("a\0b"), "d1");
            assertThatThrownBy(() -> table.query(Filter.all(), Sort.asc("name"), PageRequest.after(nul, 5)))
                    .isInstanceOf(IllegalArgumentException.class);
            table.insert(new Doc("d2", "b", Map.of(), List.of(), 0));
        });
        assertSurvivors(2);
    }

    @Test
    void nulCharactersAreRejectedWithIllegalArgumentException() {
        store.useTransaction(t -> {
            Table<Doc, String> table = t.table(docs);
            assertThatThrownBy(() -> table.insert(new Doc("nul\0id", "x", Map.of(), List.of(), 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.insert(new Doc("n1", "nul\0value", Map.of(), List.of(), 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.insert(new Doc("n1", "x", Map.of("k", "nul\0"), List.of(), 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.query(Filter.eq("name", "nul\0"))).isInstanceOf(IllegalArgumentException.class);
            table.insert(new Doc("n1", "fine", Map.of(), List.of(), 0));
        });
        assertSurvivors(1);
    }

    @Test
    void hostileValuesRoundTripThroughInsertAll() {
        // insertAll sends rows as COPY text: the strings that mean something to COPY are here too.
        List<String> values = new ArrayList<>(HOSTILE);
        values.addAll(List.of("\\N", "\\.", "\\", "ends with backslash\\", "tab\tin\tfields", "carriage\rreturn",
                "\r\n", "\n\\.\n", "\\t not a tab", "", "\u007f\u0001\u001f", "\\x41"));
        List<Doc> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String id = (v.length() > 500 ? v.substring(0, 500) : v) + "#" + i;
            rows.add(new Doc(id, v, Map.of("k", v, v.length() > 1000 ? "long" : "key " + v, List.of(v)), List.of(v, "other"), 0));
        }
        store.useTransaction(t -> t.table(docs).insertAll(rows));
        for (Doc row : rows) {
            Doc found = store.inTransaction(t -> t.table(docs).find(row.id())).orElseThrow();
            assertThat(found).as("row %s", row.id()).isEqualTo(new Doc(row.id(), row.name(), row.extra(), row.tags(), 1));
            List<AuditEntry<String>> history = store.inTransaction(t -> t.table(docs).history(row.id()));
            assertThat(history).hasSize(1);
            assertThat(history.get(0).row().get("name")).isEqualTo(row.name());
            List<String> ids = store.inTransaction(t -> t.table(docs).query(Filter.eq("name", row.name())).stream()
                    .map(Doc::id).toList());
            assertThat(ids).as("name %s", row.name()).containsExactly(row.id());
        }
        assertSurvivors(rows.size());
    }

    @Test
    void insertAllWithANulCharacterWritesNothing() {
        store.useTransaction(t -> {
            Table<Doc, String> table = t.table(docs);
            for (Doc bad : List.of(new Doc("nul\0id", "x", Map.of(), List.of(), 0), new Doc("n2", "nul\0", Map.of(), List.of(), 0),
                    new Doc("n2", "x", Map.of("nul\0key", 1), List.of(), 0), new Doc("n2", "x", Map.of(), List.of("a", "\0"), 0))) {
                assertThatThrownBy(() -> table.insertAll(List.of(new Doc("n1", "fine", Map.of(), List.of(), 0), bad)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
            }
            // Rejected before any SQL: the transaction goes on.
            table.insertAll(List.of(new Doc("n1", "fine", Map.of(), List.of(), 0), new Doc("n2", "also", Map.of(), List.of(), 0)));
        });
        assertSurvivors(2);
    }

    /** The other table is intact and the table under attack still matches its spec. */
    private void assertSurvivors(long expectedDocs) {
        store.validateSchema(docs, victims);
        List<Doc> survivors = store.inTransaction(t -> t.table(victims).query(Filter.all()));
        assertThat(survivors).extracting(Doc::id).containsExactly("v1");
        if (expectedDocs >= 0) {
            long count = store.inTransaction(t -> t.table(docs).count(Filter.all()));
            assertThat(count).isEqualTo(expectedDocs);
        }
    }
}
