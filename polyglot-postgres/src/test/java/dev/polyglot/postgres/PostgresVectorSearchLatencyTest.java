package dev.polyglot.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Measures exact-search latency of {@link PostgresVectorStore} (no timing assertions: it prints
 * figures, and checks that the results are the in-memory reference's).
 *
 * <p>By default it runs one small size so the build stays fast. For the README figures run
 * <pre>{@code
 * ./mvnw -B -q verify -pl polyglot-api,polyglot-tck,polyglot-postgres -Dtest='PostgresVectorSearchLatency*' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dpolyglot.vector.latency.sizes=10000,50000,100000 \
 *     -Dpolyglot.vector.latency.alternatives=10000,50000 -Dpolyglot.vector.latency.queries=100
 * }</pre>
 * {@code alternatives} also times, at those sizes, the other ways of scoring: in SQL over
 * {@code float4[]} (a {@code LANGUAGE sql} function over {@code unnest}, and a PL/pgSQL loop) and in
 * Java over {@code float4[]} instead of {@code bytea}.
 */
class PostgresVectorSearchLatencyTest {
    private static final int DIMENSIONS = 128;
    private static final int K = 10;
    private static final int WARMUP = 3;

    @Test
    @DisplayName("exact search latency by collection size (printed), with results equal to the in-memory reference")
    void latency() throws SQLException {
        List<Integer> sizes = parse(System.getProperty("polyglot.vector.latency.sizes", "2000"));
        List<Integer> alternativesAt = parse(System.getProperty("polyglot.vector.latency.alternatives", "0"));
        int queries = Integer.getInteger("polyglot.vector.latency.queries", 20);
        // One connection reused, as a pool would hand out, so the figures are not connection set-ups.
        try (Connection shared = PostgresTestDatabase.dataSource().getConnection()) {
            run(sizes, alternativesAt, queries, reusing(shared));
        }
    }

    private void run(List<Integer> sizes, List<Integer> alternativesAt, int queries, DataSource ds) throws SQLException {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%nexact search, %d dimensions, k=%d, %d queries per row (after %d warm-up)%n"
                        + "%-9s %-50s %9s %9s %9s%n", DIMENSIONS, K, queries, WARMUP, "records", "method", "p50 ms", "p99 ms", "max ms"));
        try (VectorStore store = PostgresVectorStore.create(ds)) {
            for (int size : sizes) {
                String name = "lat" + UUID.randomUUID().toString().replace("-", "");
                VectorCollection c = store.collection(name, DIMENSIONS, Metric.COSINE);
                try {
                    Random random = new Random(size);
                    List<VectorRecord> all = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        all.add(VectorRecord.of(String.format("r%07d", i), gaussian(random), Map.of("group", i % 10)));
                    }
                    long loadStart = System.nanoTime();
                    for (int from = 0; from < size; from += 10_000) {
                        c.upsertAll(all.subList(from, Math.min(size, from + 10_000)));
                    }
                    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                    analyze(ds, PostgresNames.quoted(PostgresVectorStore.TABLE_PREFIX, name, "name"));
                    report.append(String.format(Locale.ROOT, "%-9d (loaded with upsertAll in %.1f s)%n", size, loadSeconds));

                    checkAgainstReference(c, all, random);

                    List<float[]> qs = new ArrayList<>();
                    for (int i = 0; i < queries + WARMUP; i++) {
                        qs.add(gaussian(random));
                    }
                    report.append(row(size, "get(id) (fixed cost: transaction, catalog)",
                            time(qs, q -> () -> c.get("r0000001").orElseThrow())));
                    report.append(row(size, "adapter: packed bytea chunks, Java scoring",
                            time(qs, q -> () -> c.search(VectorQuery.nearest(q, K)))));
                    report.append(row(size, "adapter + filter (1 in 10) in SQL: chunks of matches",
                            time(qs, q -> () -> c.search(VectorQuery.nearest(q, K).withFilter(Filter.eq("group", 3))))));
                    // The same records, but the instant makes the filter one SQL containment cannot decide,
                    // so it runs in Java on the candidates of a scan of every row (the path of every filter before).
                    Filter javaOnly = Filter.in("group", 3, java.time.Instant.EPOCH);
                    assertThat(c.search(VectorQuery.nearest(qs.get(0), K).withFilter(javaOnly)))
                            .isEqualTo(c.search(VectorQuery.nearest(qs.get(0), K).withFilter(Filter.eq("group", 3))));
                    report.append(row(size, "adapter + same filter in Java: rows, Java filter",
                            time(qs, q -> () -> c.search(VectorQuery.nearest(q, K).withFilter(javaOnly)))));
                    if (alternativesAt.contains(size)) {
                        alternatives(ds, all, qs, size, report,
                                PostgresNames.quoted(PostgresVectorStore.TABLE_PREFIX, name, "name"));
                    }
                } finally {
                    store.dropCollection(name);
                }
            }
        }
        System.out.println(report);
    }

    /** Times the other ways of scoring over a float4[] copy of the same data, on one connection. */
    private static void alternatives(DataSource ds, List<VectorRecord> all, List<float[]> qs, int size, StringBuilder report,
            String collectionTable) throws SQLException {
        String table = "pgvec_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id text COLLATE \"C\" PRIMARY KEY, vec float4[] NOT NULL)");
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                    for (VectorRecord r : all) {
                        ps.setString(1, r.id());
                        ps.setArray(2, c.createArrayOf("float4", boxed(r.vector())));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                s.execute("ANALYZE " + table);
                s.execute("CREATE OR REPLACE FUNCTION pg_temp.cosine_sql(a float4[], b float4[]) RETURNS float8 LANGUAGE sql IMMUTABLE"
                        + " PARALLEL SAFE AS $$ SELECT sum(x::float8 * y::float8) / sqrt(sum(x::float8 * x) * sum(y::float8 * y))"
                        + " FROM unnest(a, b) AS t(x, y) $$");
                s.execute("CREATE OR REPLACE FUNCTION pg_temp.cosine_plpgsql(a float4[], b float4[]) RETURNS float8 LANGUAGE plpgsql"
                        + " IMMUTABLE PARALLEL SAFE AS $$ DECLARE d float8 := 0; na float8 := 0; nb float8 := 0; x float8; y float8;"
                        + " BEGIN FOR i IN 1 .. array_length(a, 1) LOOP x := a[i]; y := b[i]; d := d + x * y; na := na + x * x;"
                        + " nb := nb + y * y; END LOOP; RETURN d / sqrt(na * nb); END $$");
                // SQL scoring is over an order of magnitude slower; timing it on big tables only takes minutes.
                for (String function : size > 20_000 ? List.<String>of() : List.of("pg_temp.cosine_sql", "pg_temp.cosine_plpgsql")) {
                    String label = function.endsWith("sql") && !function.endsWith("plpgsql")
                            ? "SQL scoring of float4[]: LANGUAGE sql, unnest" : "SQL scoring of float4[]: PL/pgSQL loop";
                    report.append(row(size, label, time(qs.subList(0, Math.min(qs.size(), 13)), q -> () -> {
                        try (PreparedStatement ps = c.prepareStatement("SELECT id, " + function + "(vec, ?) AS score FROM "
                                + table + " ORDER BY score DESC, id LIMIT " + K)) {
                            ps.setArray(1, c.createArrayOf("float4", boxed(q)));
                            try (ResultSet rs = ps.executeQuery()) {
                                int n = 0;
                                while (rs.next()) {
                                    n++;
                                }
                                return n;
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    })));
                }
                c.setAutoCommit(false);
                for (boolean binary : List.of(true, false)) {
                    report.append(row(size, "row-by-row bytea, " + (binary ? "binary" : "text (hex)") + " transfer, Java scoring",
                            time(qs, q -> () -> {
                                // Distinct SQL per mode, so the driver's statement cache cannot carry one mode into the other.
                                try (PreparedStatement ps = c.prepareStatement("SELECT id, vec FROM " + collectionTable
                                        + (binary ? " /* binary */" : " /* text */"))) {
                                    if (binary) {
                                        PostgresVectorSql.binary(ps);
                                    } else {
                                        // Never prepared on the server, so results always come as text (bytea as hex).
                                        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
                                    }
                                    ps.setFetchSize(2000);
                                    double best = Double.NEGATIVE_INFINITY;
                                    try (ResultSet rs = ps.executeQuery()) {
                                        while (rs.next()) {
                                            float[] f = PostgresVectorCodec.decode(rs.getBytes(2), DIMENSIONS, "bench");
                                            best = Math.max(best, dev.polyglot.spi.VectorScores.cosine(q, f));
                                        }
                                    }
                                    c.commit();
                                    return best;
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            })));
                }
                report.append(row(size, "packed chunks of 64 pages, binary, Java scoring", time(qs, q -> () -> {
                    try (PreparedStatement ps = PostgresVectorSql.binary(c.prepareStatement("SELECT x.ids, x.vecs"
                            + " FROM generate_series(0, CAST(pg_relation_size(CAST(? AS regclass))"
                            + " / current_setting('block_size')::bigint AS integer), 64) AS b(start)"
                            + " CROSS JOIN LATERAL (SELECT array_agg(id) AS ids, string_agg(vec, ''::bytea) AS vecs FROM "
                            + collectionTable + " WHERE ctid >= CAST('(' || b.start || ',0)' AS tid)"
                            + " AND ctid < CAST('(' || (b.start + 64) || ',0)' AS tid)) AS x WHERE x.ids IS NOT NULL"))) {
                        ps.setString(1, collectionTable);
                        ps.setFetchSize(4);
                        double best = Double.NEGATIVE_INFINITY;
                        float[] f = new float[DIMENSIONS];
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Object[] ids = (Object[]) rs.getArray(1).getArray();
                                java.nio.FloatBuffer buffer = java.nio.ByteBuffer.wrap(rs.getBytes(2))
                                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                                for (int i = 0; i < ids.length; i++) {
                                    buffer.get(f);
                                    best = Math.max(best, dev.polyglot.spi.VectorScores.cosine(q, f));
                                }
                            }
                        }
                        c.commit();
                        return best;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                })));
                report.append(row(size, "row-by-row float4[], binary, Java scoring", time(qs, q -> () -> {
                    try (PreparedStatement ps = PostgresVectorSql.binary(c.prepareStatement("SELECT id, vec FROM " + table))) {
                        ps.setFetchSize(2000);
                        double best = Double.NEGATIVE_INFINITY;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Float[] v = (Float[]) rs.getArray(2).getArray();
                                float[] f = new float[v.length];
                                for (int i = 0; i < f.length; i++) {
                                    f[i] = v[i];
                                }
                                best = Math.max(best, dev.polyglot.spi.VectorScores.cosine(q, f));
                            }
                        }
                        c.commit();
                        return best;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                })));
                c.setAutoCommit(true);
            } finally {
                c.setAutoCommit(true);
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** Exact means exact: the adapter's top k are the in-memory reference's, with the same scores. */
    private static void checkAgainstReference(VectorCollection c, List<VectorRecord> all, Random random) {
        try (InMemoryVectorStore memory = InMemoryVectorStore.create()) {
            VectorCollection reference = memory.collection("reference", DIMENSIONS, Metric.COSINE);
            reference.upsertAll(all);
            for (int i = 0; i < 3; i++) {
                VectorQuery q = VectorQuery.nearest(gaussian(random), K);
                assertThat(c.search(q)).isEqualTo(reference.search(q));
                VectorQuery filtered = q.withFilter(Filter.eq("group", i));
                assertThat(c.search(filtered)).isEqualTo(reference.search(filtered));
            }
        }
    }

    private static double[] time(List<float[]> qs, java.util.function.Function<float[], Supplier<?>> search) {
        int warmup = Math.min(WARMUP, qs.size() - 1);
        for (int i = 0; i < warmup; i++) {
            search.apply(qs.get(i)).get();
        }
        double[] ms = new double[qs.size() - warmup];
        for (int i = warmup; i < qs.size(); i++) {
            Supplier<?> s = search.apply(qs.get(i));
            long start = System.nanoTime();
            assertThat(s.get()).isNotNull();
            ms[i - warmup] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static String row(int size, String method, double[] sorted) {
        return String.format(Locale.ROOT, "%-9d %-50s %9.1f %9.1f %9.1f   (%d queries)%n", size, method,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void analyze(DataSource ds, String quotedTable) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + quotedTable);
        }
    }

    /** A DataSource handing out one open connection whose close() does nothing, like a pool of one. */
    private static DataSource reusing(Connection connection) {
        Connection unclosable = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                        throw new SQLException("not a wrapper");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static float[] gaussian(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static List<Integer> parse(String sizes) {
        return Arrays.stream(sizes.split(",")).map(String::trim).map(Integer::parseInt).collect(Collectors.toList());
    }
}
