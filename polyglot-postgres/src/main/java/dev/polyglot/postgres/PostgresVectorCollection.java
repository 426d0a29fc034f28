package dev.polyglot.postgres;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.query.Filter;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.VectorScores;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;

/**
 * A handle on one collection of a {@link PostgresVectorStore}, bound by name: every operation
 * first checks the catalog row in the same transaction, so a dropped or recreated collection is
 * noticed. Writes hold that row (FOR KEY SHARE) until they commit, so a drop waits for them; reads
 * run in one REPEATABLE READ, READ ONLY snapshot.
 */
final class PostgresVectorCollection implements VectorCollection {
    /** Rows per round trip when streaming a table. */
    private static final int FETCH_SIZE = 2000;
    /** Heap pages per result row of a chunked scan. */
    private static final int CHUNK_BLOCKS = 64;
    /** The largest vector, in bytes, that stays in its row (toast_tuple_target 8160 minus id and metadata room). */
    private static final int MAX_INLINE_VECTOR = 6000;
    /** Rows per INSERT of an upsertAll (all in one transaction). */
    private static final int UPSERT_CHUNK = 5000;

    /** A validated record, encoded for its row. */
    private record Row(String id, byte[] vector, String metadata) {
    }

    private final PostgresVectorStore store;
    private final String name;
    private final String table;
    private final String quoted;
    private final int dimensions;
    private final Metric metric;

    PostgresVectorCollection(PostgresVectorStore store, String name, String table, int dimensions, Metric metric) {
        this.store = store;
        this.name = name;
        this.table = table;
        this.quoted = "\"" + table + "\"";
        this.dimensions = dimensions;
        this.metric = metric;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public void upsert(VectorRecord record) {
        store.checkOpen();
        Row row = validate(record);
        write("upsert into vector collection", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted + " (id, vec, meta)"
                    + " VALUES (?, ?, CAST(? AS jsonb))"
                    + " ON CONFLICT (id) DO UPDATE SET vec = EXCLUDED.vec, meta = EXCLUDED.meta")) {
                ps.setString(1, row.id);
                ps.setBytes(2, row.vector);
                ps.setString(3, row.metadata);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void upsertAll(Collection<VectorRecord> records) {
        store.checkOpen();
        if (records == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        // Validate and encode everything first; a later record with the same id replaces the earlier one.
        Map<String, Row> byId = new HashMap<>();
        for (VectorRecord record : records) {
            Row row = validate(record);
            byId.put(row.id, row);
        }
        if (byId.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>(byId.values());
        // One lock order for every writer, so concurrent batches cannot deadlock on each other's rows.
        rows.sort((a, b) -> VectorScores.compareIds(a.id, b.id));
        write("upsertAll into vector collection", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quoted + " (id, vec, meta)"
                    + " SELECT u.id, u.vec, CAST(u.meta AS jsonb)"
                    + " FROM unnest(CAST(? AS text[]), CAST(? AS bytea[]), CAST(? AS text[])) AS u(id, vec, meta)"
                    + " ON CONFLICT (id) DO UPDATE SET vec = EXCLUDED.vec, meta = EXCLUDED.meta")) {
                for (int from = 0; from < rows.size(); from += UPSERT_CHUNK) {
                    List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + UPSERT_CHUNK));
                    String[] ids = new String[chunk.size()];
                    byte[][] vectors = new byte[chunk.size()][];
                    String[] metadata = new String[chunk.size()];
                    for (int i = 0; i < chunk.size(); i++) {
                        ids[i] = chunk.get(i).id;
                        vectors[i] = chunk.get(i).vector;
                        metadata[i] = chunk.get(i).metadata;
                    }
                    ps.setArray(1, c.createArrayOf("text", ids));
                    ps.setArray(2, c.createArrayOf("bytea", vectors));
                    ps.setArray(3, c.createArrayOf("text", metadata));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        store.checkOpen();
        Ids.requireId(id, "vector id");
        return read("get from vector collection", c -> {
            try (PreparedStatement ps = PostgresVectorSql.binary(
                    c.prepareStatement("SELECT id, vec, meta FROM " + quoted + " WHERE id = ?"))) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.<VectorRecord>empty();
                }
            }
        });
    }

    @Override
    public boolean delete(String id) {
        store.checkOpen();
        Ids.requireId(id, "vector id");
        return write("delete from vector collection", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + quoted + " WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long delete(Filter filter) {
        store.checkOpen();
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null; use Filter.all() to delete every record");
        }
        return write("delete by filter from vector collection", c -> {
            List<Object> parameters = new ArrayList<>();
            PostgresVectorFilters.Plan plan = PostgresVectorFilters.plan(filter, "meta", parameters);
            Filter residual = plan.residual();
            if (residual == null) {
                // One statement: under READ COMMITTED a row changed meanwhile is checked again in its new version.
                try (PreparedStatement ps = PostgresSessions.prepare(c, "DELETE FROM " + quoted + " WHERE " + plan.condition(),
                        parameters.toArray())) {
                    return (long) ps.executeUpdate();
                }
            }
            // The residual filter runs in Java; then one statement deletes exactly the rows read: a
            // row whose metadata changed meanwhile is kept, as if that write came after this delete.
            List<String> ids = new ArrayList<>();
            List<String> metadata = new ArrayList<>();
            try (PreparedStatement ps = PostgresSessions.prepare(c, "SELECT id, meta FROM " + quoted + " WHERE " + plan.condition(),
                    parameters.toArray())) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String meta = rs.getString(2);
                        if (PostgresVectorFilters.matches(residual, meta)) {
                            ids.add(rs.getString(1));
                            metadata.add(meta);
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0L;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + quoted + " AS t"
                    + " USING unnest(CAST(? AS text[]), CAST(? AS text[])) AS x(id, meta)"
                    + " WHERE t.id = x.id AND t.meta = CAST(x.meta AS jsonb)")) {
                ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                ps.setArray(2, c.createArrayOf("text", metadata.toArray()));
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public List<VectorMatch> search(VectorQuery query) {
        store.checkOpen();
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        float[] vector = query.vector();
        if (vector == null) {
            return read("filter-only search of vector collection", c -> filterOnly(c, query));
        }
        VectorScores.requireVector(vector, dimensions, metric, "query vector of collection \"" + name + "\"");
        return read("search of vector collection", c -> nearest(c, vector, query));
    }

    @Override
    public long count() {
        store.checkOpen();
        return read("count of vector collection", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + quoted);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Stream<VectorRecord> scan() {
        store.checkOpen();
        String what = "scan of vector collection \"" + name + "\"";
        Handle handle = null;
        PreparedStatement ps = null;
        try {
            handle = store.sessions().begin(what, TransactionIsolationLevel.REPEATABLE_READ, true);
            Connection c = handle.getConnection();
            checkCatalog(c, false);
            ps = PostgresVectorSql.binary(c.prepareStatement("SELECT id, vec, meta FROM " + quoted + " ORDER BY id"));
            ps.setFetchSize(FETCH_SIZE);
            ResultSet rs = ps.executeQuery();
            Handle session = handle;
            PreparedStatement statement = ps;
            Iterator<VectorRecord> records = new Iterator<>() {
                private @Nullable VectorRecord next;
                private boolean done;

                @Override
                public boolean hasNext() {
                    if (next == null && !done) {
                        try {
                            if (rs.next()) {
                                next = record(rs);
                            } else {
                                done = true;
                            }
                        } catch (SQLException | RuntimeException e) {
                            throw PostgresVectorSql.translate(what, e);
                        }
                    }
                    return next != null;
                }

                @Override
                public VectorRecord next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    VectorRecord r = next;
                    next = null;
                    return r;
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records,
                            Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false)
                    .onClose(() -> {
                        try {
                            statement.close();
                        } catch (SQLException ignored) {
                            // the connection goes next
                        }
                        PostgresSessions.release(session);
                    });
        } catch (SQLException | RuntimeException e) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the connection goes next
                }
            }
            PostgresSessions.release(handle);
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw PostgresVectorSql.translate(what, e);
        }
    }

    @Override
    public String toString() {
        return "PostgresVectorCollection[" + name + ", " + dimensions + " dimensions, " + metric + "]";
    }

    /** Fails unless catalog settings are this handle's (also used when the store opens a collection). */
    void require(PostgresVectorSql.Settings settings) {
        if (!settings.name().equals(name)) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" maps to the same table as the existing"
                    + " collection \"" + settings.name() + "\": names that differ only in case cannot both exist", null);
        }
        if (settings.dimensions() != dimensions || !settings.metric().equals(metric.name())) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" exists with " + settings.dimensions()
                    + " dimensions and metric " + settings.metric() + ", not " + dimensions + " dimensions and metric "
                    + metric + "; drop it or use another name", null);
        }
    }

    // ---------------------------------------------------------------- search

    /** Up to k matching records in id order, score 0.0. */
    private List<VectorMatch> filterOnly(Connection c, VectorQuery query) throws SQLException {
        int k = query.k();
        List<Object> parameters = new ArrayList<>();
        PostgresVectorFilters.Plan plan = PostgresVectorFilters.plan(query.filter(), "meta", parameters);
        Filter residual = plan.residual();
        List<VectorMatch> matches = new ArrayList<>();
        try (PreparedStatement ps = PostgresVectorSql.binary(PostgresSessions.prepare(c, "SELECT id, vec, meta FROM " + quoted
                + " WHERE " + plan.condition() + " ORDER BY id" + (residual == null ? " LIMIT " + k : ""), parameters.toArray()))) {
            ps.setFetchSize(residual == null ? Math.min(k, FETCH_SIZE) : Math.min(FETCH_SIZE, Math.max(k * 4, 100)));
            try (ResultSet rs = ps.executeQuery()) {
                while (matches.size() < k && rs.next()) {
                    if (residual == null || PostgresVectorFilters.matches(residual, rs.getString(3))) {
                        matches.add(new VectorMatch(record(rs), 0.0));
                    }
                }
            }
        }
        return matches;
    }

    /**
     * The exact top k: streams (id, vector) of every row the SQL part of the filter lets through,
     * scores each with {@link VectorScores} and keeps the best k in a bounded heap. A residual
     * filter (evaluated in Java) is checked only for rows that would enter the heap; without one,
     * the metadata of the k winners is fetched afterwards in the same snapshot.
     */
    private List<VectorMatch> nearest(Connection c, float[] q, VectorQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        PostgresVectorFilters.Plan plan = PostgresVectorFilters.plan(query.filter(), "meta", parameters);
        Double minScore = query.minScore();
        PostgresVectorTopK top = new PostgresVectorTopK(query.k());
        if (plan.residual() == null && dimensions * Float.BYTES <= MAX_INLINE_VECTOR) {
            scanInChunks(c, q, plan.condition(), parameters, minScore, top);
        } else {
            scanRows(c, q, plan, parameters, minScore, top);
        }
        List<PostgresVectorTopK.Candidate> best = top.bestFirst();
        if (best.isEmpty()) {
            return List.of();
        }
        Map<String, String> metadata = new HashMap<>();
        if (plan.residual() == null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, meta FROM " + quoted + " WHERE id = ANY(CAST(? AS text[]))")) {
                ps.setArray(1, c.createArrayOf("text", best.stream().map(PostgresVectorTopK.Candidate::id).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        metadata.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        List<VectorMatch> matches = new ArrayList<>(best.size());
        for (PostgresVectorTopK.Candidate candidate : best) {
            String meta = plan.residual() != null ? candidate.metadata() : metadata.get(candidate.id());
            if (meta == null) {
                // Impossible within one REPEATABLE READ snapshot; fail loudly rather than return a partial record.
                throw new IllegalStateException("record \"" + FieldPaths.printable(candidate.id()) + "\" vanished within one snapshot");
            }
            matches.add(new VectorMatch(new VectorRecord(candidate.id(), candidate.vector(), JsonbValues.readDocument(meta)),
                    candidate.score()));
        }
        return matches;
    }

    /**
     * Scores every row the SQL condition lets through, one result row per table row; reads the
     * metadata (for the residual filter) only of rows that would enter the top k.
     */
    private void scanRows(Connection c, float[] q, PostgresVectorFilters.Plan plan, List<Object> parameters,
            @Nullable Double minScore, PostgresVectorTopK top) throws SQLException {
        Filter residual = plan.residual();
        try (PreparedStatement ps = PostgresVectorSql.binary(PostgresSessions.prepare(c, "SELECT id, vec"
                + (residual != null ? ", meta" : "") + " FROM " + quoted + " WHERE " + plan.condition(), parameters.toArray()))) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    float[] v = PostgresVectorCodec.decode(rs.getBytes(2), dimensions, name);
                    double score = VectorScores.score(metric, q, v);
                    if ((minScore != null && score < minScore) || !top.mayAccept(score)) {
                        continue;
                    }
                    String id = rs.getString(1);
                    if (!top.accepts(id, score)) {
                        continue;
                    }
                    String meta = null;
                    if (residual != null) {
                        meta = rs.getString(3);
                        if (!PostgresVectorFilters.matches(residual, meta)) {
                            continue;
                        }
                    }
                    top.add(new PostgresVectorTopK.Candidate(id, score, v, meta));
                }
            }
        }
    }

    /**
     * Scores every row like {@link #scanRows}, but has the server pack the rows of each range of
     * {@value #CHUNK_BLOCKS} heap pages (a TID range scan) into one result row: an id array and the
     * concatenated vectors. Per-row protocol and driver overhead dominate a plain scan, so this is
     * about 1.5 times faster. Only for vectors small enough to be stored in the row, so a chunk holds
     * at most the vectors of 64 pages (512 kB for a full table of inline vectors).
     */
    private void scanInChunks(Connection c, float[] q, String condition, List<Object> parameters,
            @Nullable Double minScore, PostgresVectorTopK top) throws SQLException {
        int bytes = dimensions * Float.BYTES;
        List<Object> all = new ArrayList<>(parameters.size() + 1);
        all.add(quoted);
        all.addAll(parameters);
        try (PreparedStatement ps = PostgresVectorSql.binary(PostgresSessions.prepare(c, "SELECT x.ids, x.vecs"
                + " FROM generate_series(0, CAST(pg_relation_size(CAST(? AS regclass))"
                + " / current_setting('block_size')::bigint AS integer), " + CHUNK_BLOCKS + ") AS b(start)"
                + " CROSS JOIN LATERAL (SELECT array_agg(id) AS ids, string_agg(vec, ''::bytea) AS vecs FROM " + quoted
                + " WHERE ctid >= CAST('(' || b.start || ',0)' AS tid)"
                + " AND ctid < CAST('(' || (b.start + " + CHUNK_BLOCKS + ") || ',0)' AS tid)"
                + " AND " + condition + ") AS x"
                + " WHERE x.ids IS NOT NULL", all.toArray()))) {
            ps.setFetchSize(4);
            float[] v = new float[dimensions];
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] ids = (Object[]) rs.getArray(1).getArray();
                    byte[] vectors = rs.getBytes(2);
                    if (vectors.length != ids.length * bytes) {
                        throw new StoreConfigurationException("vector collection \"" + name + "\" holds vectors that are not "
                                + dimensions + " float32 components; was its table changed?", null);
                    }
                    FloatBuffer buffer = ByteBuffer.wrap(vectors).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    for (Object id : ids) {
                        buffer.get(v);
                        double score = VectorScores.score(metric, q, v);
                        if ((minScore != null && score < minScore) || !top.mayAccept(score)
                                || !top.accepts((String) id, score)) {
                            continue;
                        }
                        top.add(new PostgresVectorTopK.Candidate((String) id, score, v.clone(), null));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    private Row validate(@Nullable VectorRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("records must not be null");
        }
        float[] vector = record.vector();
        VectorScores.requireVector(vector, dimensions, metric,
                "vector of record \"" + FieldPaths.printable(record.id()) + "\" in collection \"" + name + "\"");
        PostgresVectorCodec.requireStorable(record.id(), record.metadata());
        return new Row(record.id(), PostgresVectorCodec.encode(vector), JsonbValues.write(record.metadata()));
    }

    private VectorRecord record(ResultSet rs) throws SQLException {
        return new VectorRecord(rs.getString(1), PostgresVectorCodec.decode(rs.getBytes(2), dimensions, name),
                JsonbValues.readDocument(rs.getString(3)));
    }

    /** Fails with StoreConfigurationException unless the catalog holds this collection with these settings. */
    private void checkCatalog(Connection c, boolean lock) throws SQLException {
        Optional<PostgresVectorSql.Settings> settings = PostgresVectorSql.settings(c, table, lock);
        if (settings.isEmpty() || !settings.get().name().equals(name)) {
            throw new StoreConfigurationException("vector collection \"" + name + "\" does not exist; it was dropped", null);
        }
        require(settings.get());
    }

    /** A write: one READ COMMITTED transaction holding the catalog row, so a drop waits for it. */
    private <T> T write(String what, PostgresSessions.Work<T> work) {
        return store.sessions().inTransaction(what + " \"" + name + "\"", TransactionIsolationLevel.UNKNOWN, false, c -> {
            checkCatalog(c, true);
            return work.run(c);
        });
    }

    /** A read: one REPEATABLE READ, READ ONLY transaction, so all its statements see one snapshot. */
    private <T> T read(String what, PostgresSessions.Work<T> work) {
        return store.sessions().inTransaction(what + " \"" + name + "\"", TransactionIsolationLevel.REPEATABLE_READ, true,
                c -> {
            checkCatalog(c, false);
            return work.run(c);
        });
    }
}
