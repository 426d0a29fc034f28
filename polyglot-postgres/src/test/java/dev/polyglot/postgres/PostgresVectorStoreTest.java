package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the kit does not pin about the PostgreSQL vector store: its schema, storage, hostile input and resources. */
class PostgresVectorStoreTest {
    private final DataSource ds = PostgresTestDatabase.dataSource();
    private final PostgresVectorStore store = PostgresVectorStore.create(ds);
    private final List<String> names = new ArrayList<>();

    @AfterEach
    void dropAll() {
        for (String name : names) {
            store.dropCollection(name);
        }
        store.close();
    }

    private String name() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "");
        names.add(name);
        return name;
    }

    @Test
    @DisplayName("unwraps to its Jdbi, its DataSource and itself, and nothing else")
    void unwrap() {
        assertThat(store.unwrap(Jdbi.class)).isNotNull();
        assertThat(store.unwrap(DataSource.class)).isSameAs(ds);
        assertThat(store.unwrap(PostgresVectorStore.class)).isSameAs(store);
        assertThatThrownBy(() -> store.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresVectorStore.create(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a collection is a table (id text COLLATE \"C\" key, vec bytea, meta jsonb) plus a catalog row with its settings")
    void schema() throws SQLException {
        String name = name();
        store.collection(name, 3, Metric.EUCLIDEAN);
        String table = "pgvec_" + name;
        assertThat(query("SELECT column_name || ' ' || data_type || ' ' || coalesce(collation_name, '-')"
                + " FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", table))
                .containsExactly("id text C", "vec bytea -", "meta jsonb -");
        assertThat(query("SELECT name || ' ' || dimensions || ' ' || metric FROM pgvec__collections WHERE table_name = ?", table))
                .containsExactly(name + " 3 EUCLIDEAN");
        assertThat(store.dropCollection(name)).isTrue();
        assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_name = ?", table)).isEmpty();
        assertThat(query("SELECT name FROM pgvec__collections WHERE table_name = ?", table)).isEmpty();
    }

    @Test
    @DisplayName("vectors are stored as little-endian float32 bytes, 4 per component")
    void storageFormat() throws SQLException {
        String name = name();
        store.collection(name, 3, Metric.DOT).upsert(VectorRecord.of("a", new float[] {1.5f, -2f, 3.25f}));
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT vec, meta::text FROM \"pgvec_" + name + "\" WHERE id = 'a'");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            byte[] bytes = rs.getBytes(1);
            assertThat(bytes).hasSize(12);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(new float[] {b.getFloat(), b.getFloat(), b.getFloat()}).containsExactly(1.5f, -2f, 3.25f);
            assertThat(rs.getString(2)).isEqualTo("{}");
        }
    }

    @Test
    @DisplayName("names differing only in case are two collections")
    void caseKept() {
        String name = name();
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        VectorCollection first = store.collection(name, 2, Metric.DOT);
        first.upsert(VectorRecord.of("a", new float[] {1, 1}));
        VectorCollection second = store.collection(upper, 3, Metric.COSINE);
        assertThat(second.count()).isZero();
        assertThat(store.dropCollection(upper)).isTrue();
        assertThat(first.count()).isOne();
    }

    @Test
    @DisplayName("hostile ids, keys and values round-trip literally or are refused with IllegalArgumentException; no table is harmed")
    void injection() throws SQLException {
        String name = name();
        VectorCollection c = store.collection(name, 2, Metric.EUCLIDEAN);
        c.upsert(VectorRecord.of("keep", new float[] {0, 0}, Map.of("v", "keep")));
        List<String> hostile = List.of("'", "''", "\"", "\\", "'; DROP TABLE pgvec__collections; --",
                "\"; DROP TABLE \"pgvec_" + name + "\"; --", "$.a[0]", "$[*] ? (@ == 1)", "{\"$date\": \"x\"}", "{\"a\":1}",
                "a->>'b'", "#>> '{a}'", "%_", "?", ":id", "$1", "line\nbreak\r\ttab", "😀 ünïcödé", "x".repeat(512), "\uFFFD",
                ") OR 1=1 --", "E'\\x00'", "NULL", "null", "{}", "{a,b}", "{\"a\",NULL}", " spaced ", "\\N", "(0,1)");
        int i = 1;
        for (String s : hostile) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("value", s);
            metadata.put("nested", Map.of("list", List.of(s, Map.of("deep", s))));
            if (!s.contains(".") && !s.startsWith("$") && !s.isEmpty()) {
                metadata.put(s, i);
            }
            VectorRecord record = VectorRecord.of(s, new float[] {i, 0}, metadata);
            c.upsert(record);
            assertThat(c.get(s)).contains(record);
            assertThat(c.search(VectorQuery.filterOnly(Filter.eq("value", s), 5))).extracting(m -> m.id()).containsExactly(s);
            assertThat(c.search(VectorQuery.nearest(new float[] {i, 0}, 1)).get(0).record()).isEqualTo(record);
            i++;
        }
        c.upsertAll(List.of(VectorRecord.of(hostile.get(4), new float[] {1, 1}, Map.of("value", hostile.get(5)))));
        assertThat(c.get(hostile.get(4)).orElseThrow().metadata()).containsEntry("value", hostile.get(5));
        // Both the rewritten record and the one whose id is that string hold it as their value now.
        assertThat(c.delete(Filter.eq("value", hostile.get(5)))).isEqualTo(2);
        assertThat(c.get(hostile.get(4))).isEmpty();
        assertThat(c.delete(hostile.get(5))).isFalse();

        // What PostgreSQL cannot hold is refused before anything is written.
        List<VectorRecord> refused = List.of(
                VectorRecord.of("nul", new float[] {1, 1}, Map.of("v", "a\0b")),
                VectorRecord.of("nul-deep", new float[] {1, 1}, Map.of("v", List.of(Map.of("w", "\0")))),
                VectorRecord.of("lone \uD800 surrogate", new float[] {1, 1}),
                VectorRecord.of("ok", new float[] {1, 1}, Map.of("v", "lone \uDC00")),
                VectorRecord.of("ok", new float[] {1, 1}, Map.of("k\uD800", 1)));
        for (VectorRecord r : refused) {
            assertThatThrownBy(() -> c.upsert(r)).as("%s", r).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.upsertAll(List.of(VectorRecord.of("fine", new float[] {2, 2}), r)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(c.get("fine")).isEmpty();
        assertThat(c.get("ok")).isEmpty();
        assertThatThrownBy(() -> c.get("x".repeat(513))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.get("a\0b")).isInstanceOf(IllegalArgumentException.class);

        assertThat(c.count()).isEqualTo(1 + hostile.size() - 2);
        assertThat(c.get("keep")).isPresent();
        assertThat(query("SELECT name FROM pgvec__collections WHERE name = ?", name)).containsExactly(name);
    }

    @Test
    @DisplayName("upsertAll of more records than one statement carries stays atomic and last-wins")
    void largeBatch() {
        VectorCollection c = store.collection(name(), 2, Metric.DOT);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            batch.add(VectorRecord.of("r" + (i % 11_000), new float[] {i, 1}, Map.of("i", i)));
        }
        c.upsertAll(batch);
        assertThat(c.count()).isEqualTo(11_000);
        assertThat(c.get("r5")).contains(VectorRecord.of("r5", new float[] {11_005, 1}, Map.of("i", 11_005)));
        assertThat(c.get("r10999")).contains(VectorRecord.of("r10999", new float[] {10_999, 1}, Map.of("i", 10_999)));
    }

    @Test
    @DisplayName("a search spanning many page ranges sees every live record exactly once, after updates and deletes")
    void searchSpansPages() {
        VectorCollection c = store.collection(name(), 128, Metric.EUCLIDEAN);
        dev.polyglot.vector.VectorStore memory = dev.polyglot.memory.InMemoryVectorStore.create();
        VectorCollection reference = memory.collection("reference", 128, Metric.EUCLIDEAN);
        java.util.Random random = new java.util.Random(7);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            float[] v = new float[128];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            batch.add(VectorRecord.of("r" + i, v, Map.of("i", i, "gone", i % 6 == 1)));
        }
        c.upsertAll(batch);
        reference.upsertAll(batch);
        List<VectorRecord> rewritten = new ArrayList<>();
        for (int i = 0; i < 3000; i += 3) {
            rewritten.add(VectorRecord.of("r" + i, batch.get(2999 - i).vector(), Map.of("i", -i)));
        }
        c.upsertAll(rewritten);
        reference.upsertAll(rewritten);
        assertThat(c.delete(Filter.eq("gone", true))).isEqualTo(500);
        reference.delete(Filter.eq("gone", true));
        VectorQuery everything = VectorQuery.nearest(batch.get(42).vector(), VectorQuery.MAX_K);
        List<dev.polyglot.vector.VectorMatch> hits = c.search(everything);
        assertThat(hits).hasSize(2500).isEqualTo(reference.search(everything));
        VectorQuery top = VectorQuery.nearest(batch.get(7).vector(), 25).withMinScore(-16);
        assertThat(c.search(top)).isEqualTo(reference.search(top));
        memory.close();
    }

    @Test
    @DisplayName("closing a scan early, or after a failure, gives its connection back")
    void scanReleasesConnections() throws SQLException {
        VectorCollection c = store.collection(name(), 2, Metric.DOT);
        for (int i = 0; i < 50; i++) {
            c.upsert(VectorRecord.of("r" + i, new float[] {i, 1}));
        }
        int before = connections();
        for (int i = 0; i < 20; i++) {
            try (Stream<VectorRecord> s = c.scan()) {
                assertThat(s.findFirst()).isPresent();
            }
        }
        assertThat(connections()).isLessThanOrEqualTo(before);
    }

    private int connections() throws SQLException {
        // Backends are slow to go away after a close; wait for them briefly.
        int n = 0;
        for (int attempt = 0; attempt < 50; attempt++) {
            n = Integer.parseInt(query("SELECT count(*)::text FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND pid <> pg_backend_pid()").get(0));
            if (n == 0) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return n;
    }

    private List<String> query(String sql, String... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
