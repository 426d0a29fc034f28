package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metadata filters on PostgreSQL (the part jsonb containment decides in SQL, the rest in Java)
 * against the in-memory reference, on metadata chosen to tell the two apart: numbers of mixed
 * types, arrays, arrays of documents, nested arrays, missing fields, escaped strings, key order.
 */
class PostgresVectorFiltersTest {
    private final PostgresVectorStore store = PostgresVectorStore.create(PostgresTestDatabase.dataSource());
    private final String name = "flt" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void drop() {
        store.dropCollection(name);
        store.close();
    }

    private static Map<String, Object> meta(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    /** Ids and scores: metadata numbers such as 0.10 or 9.007199254740992E15 read back in another Java type. */
    private static List<String> ids(List<VectorMatch> matches) {
        return matches.stream().map(m -> m.record().id() + " " + m.score()).toList();
    }

    @Test
    void sqlAndJavaPartsMatchTheReference() {
        List<Map<String, Object>> metadata = new ArrayList<>(List.of(
                meta("group", 3), meta("group", 3.0), meta("group", List.of(1, 3)), meta("group", List.of(List.of(3))),
                meta("group", "3"), meta("group", true), meta(), meta("group", new BigDecimal("3.000")),
                meta("a", meta("b", 3)), meta("a", List.of(meta("b", 3), meta("b", 4))), meta("a", List.of(meta("b", List.of(3)))),
                meta("a", meta("b", 3, "c", 1)), meta("a", List.of(List.of(meta("b", 3)))), meta("a", 3),
                meta("s", "x\uFFFEy"), meta("s", "x"), meta("s", List.of("x", "y")), meta("s", "x\uFFFE0"),
                meta("n", 9_007_199_254_740_993L), meta("n", 9_007_199_254_740_992.0), meta("d", 0.1), meta("d", 0.30000000000000004),
                meta("k", meta("z", 1, "a", 2)), meta("k", meta("a", 2, "z", 1)),
                meta("x", meta("y", meta("z", 1))), meta("x", List.of(meta("y", List.of(meta("z", 1))))),
                meta("x", meta("y", meta("z", List.of(2, 1)))), meta("w", meta("x", meta("y", meta("z", 1)))),
                meta("t", Instant.parse("2026-01-01T00:00:00Z")), meta("t", List.of(Instant.EPOCH)),
                meta("u", UUID.fromString("00000000-0000-0000-0000-00000000000a"))));
        // Not here: a BigDecimal 0.10 next to a double 0.1. jsonb keeps one number type, so PostgreSQL
        // (before and after filters moved to SQL) holds them equal, where the in-memory reference does not.
        metadata.add(new LinkedHashMap<>(Map.of("group", 7)));
        metadata.get(metadata.size() - 1).put("nul", null);

        VectorCollection pg = store.collection(name, 2, Metric.EUCLIDEAN);
        VectorCollection reference = InMemoryVectorStore.create().collection(name, 2, Metric.EUCLIDEAN);
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < metadata.size(); i++) {
            records.add(VectorRecord.of(String.format("r%02d", i), new float[] {i, -i}, metadata.get(i)));
        }
        pg.upsertAll(records);
        reference.upsertAll(records);

        List<Filter> decidedInSql = List.of(Filter.eq("group", 3), Filter.eq("group", 3.0), Filter.eq("group", "3"),
                Filter.eq("group", true), Filter.ne("group", 3), Filter.in("group", 1, "3"), Filter.nin("group", 3, true),
                Filter.eq("a.b", 3), Filter.eq("a.b", 4), Filter.ne("a.b", 3), Filter.eq("s", "x\uFFFEy"), Filter.eq("s", "x"),
                Filter.eq("s", "x\uFFFE0"), Filter.eq("n", 9_007_199_254_740_993L), Filter.eq("n", 9_007_199_254_740_992.0),
                Filter.eq("d", 0.1), Filter.eq("d", 0.3), Filter.eq("d", 0.30000000000000004), Filter.eq("x.y.z", 1), Filter.eq("x.y.z", 2),
                Filter.not(Filter.eq("group", 3)), Filter.or(Filter.eq("group", 3), Filter.eq("a.b", 4)),
                Filter.and(Filter.eq("group", 3), Filter.ne("group", 3.0)), Filter.in("group", List.of()),
                Filter.nin("s", List.of()), Filter.eq("missing", 1), Filter.ne("missing", 1));
        List<Filter> withJavaPart = List.of(Filter.eq("group", (Object) null), Filter.eq("nul", (Object) null),
                Filter.gte("group", 2), Filter.and(Filter.eq("group", 3), Filter.gt("group", 2.5)),
                Filter.or(Filter.eq("group", 3), Filter.gt("n", 1)), Filter.eq("t", Instant.parse("2026-01-01T00:00:00Z")),
                Filter.eq("u", UUID.fromString("00000000-0000-0000-0000-00000000000a")), Filter.eq("w.x.y.z", 1),
                Filter.contains("group", 3), Filter.startsWith("s", "x"), Filter.exists("group", true),
                Filter.and(Filter.eq("a.b", 3), Filter.exists("a.c", false)), Filter.in("group", 3, "x", Instant.EPOCH));

        for (Filter filter : decidedInSql) {
            assertThat(PostgresVectorFilters.plan(filter, "meta", new ArrayList<>()).residual()).as("%s", filter).isNull();
        }
        for (Filter filter : withJavaPart) {
            assertThat(PostgresVectorFilters.plan(filter, "meta", new ArrayList<>()).residual()).as("%s", filter).isNotNull();
        }
        List<Filter> all = new ArrayList<>(decidedInSql);
        all.addAll(withJavaPart);
        for (Filter filter : all) {
            VectorQuery filterOnly = VectorQuery.filterOnly(filter, 100);
            assertThat(ids(pg.search(filterOnly))).as("filter-only %s", filter).isEqualTo(ids(reference.search(filterOnly)));
            VectorQuery nearest = VectorQuery.nearest(new float[] {3, 1}, 5).withFilter(filter);
            assertThat(ids(pg.search(nearest))).as("nearest %s", filter).isEqualTo(ids(reference.search(nearest)));
        }
        // Key order survives the store (the hidden $keys), as in the Document adapter.
        assertThat(pg.get("r22").orElseThrow().metadata().keySet()).isEqualTo(metadata.get(22).keySet());
        assertThat(List.copyOf(((Map<?, ?>) pg.get("r22").orElseThrow().metadata().get("k")).keySet())).isEqualTo(List.of("z", "a"));

        for (Filter filter : List.of(Filter.eq("group", 3), Filter.and(Filter.eq("a.b", 3), Filter.exists("a.c", true)))) {
            assertThat(pg.delete(filter)).as("delete %s", filter).isEqualTo(reference.delete(filter));
            VectorQuery rest = VectorQuery.filterOnly(Filter.all(), 100);
            assertThat(ids(pg.search(rest))).isEqualTo(ids(reference.search(rest)));
        }
    }
}
