package dev.polyglot.postgres;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentKeys;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.DocumentSorts;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.KeysetCursors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.StreamSupport;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;

/** A handle on one collection table, typed by a codec and versioned by options. */
final class PostgresDocumentCollection<T> implements DocumentCollection<T> {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String VISIBLE = "(expires_at IS NULL OR expires_at > now())";
    private static final String COLUMNS = "id, doc::text AS doc, revision, schema_version";
    private static final int SCAN_FETCH_SIZE = 256;

    private final PostgresDocumentStore store;
    private final String name;
    private final String tableId;
    private final String table;
    private final Codec<T> codec;
    private final CollectionOptions options;

    /** A row as stored: the document in its stored (not upcast) form. */
    private record Row(String id, long revision, int schemaVersion, Map<String, @Nullable Object> document) {
    }

    PostgresDocumentCollection(PostgresDocumentStore store, String name, Codec<T> codec, CollectionOptions options) {
        this.store = store;
        this.name = name;
        this.tableId = PostgresNames.identifier(PostgresDocumentStore.TABLE_PREFIX, name, "collection name");
        this.table = "\"" + tableId + "\"";
        this.codec = codec;
        this.options = options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String insert(T document) {
        String id = UUID.randomUUID().toString();
        insert(id, document);
        return id;
    }

    @Override
    public void insert(String id, T document) {
        Ids.requireId(id, "document id");
        String json = encode(document);
        store.checkOpen();
        write("insert into " + name, c -> PostgresSessions.update(c, purging() + "INSERT INTO " + table
                + " (id, doc, revision, schema_version) SELECT ?, CAST(? AS jsonb), 1, ? FROM gate",
                List.of(id, json, options.schemaVersion())), id);
    }

    @Override
    public long put(String id, T document) {
        Ids.requireId(id, "document id");
        String json = encode(document);
        store.checkOpen();
        return write("put into " + name, c -> PostgresSessions.queryOne(c, purging() + "INSERT INTO " + table
                + " AS t (id, doc, revision, schema_version) SELECT ?, CAST(? AS jsonb), 1, ? FROM gate"
                + " ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, revision = t.revision + 1,"
                + " schema_version = EXCLUDED.schema_version RETURNING revision",
                List.of(id, json, options.schemaVersion()), rs -> rs.getLong(1)), id);
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        Ids.requireId(id, "document id");
        requireRevision(expectedRevision);
        String json = encode(document);
        store.checkOpen();
        return write("put into " + name, c -> {
            Long revision = PostgresSessions.queryOne(c, purging() + "UPDATE " + table + " SET doc = CAST(? AS jsonb),"
                    + " revision = revision + 1, schema_version = ? FROM gate WHERE id = ? AND revision = ? AND " + VISIBLE
                    + " RETURNING revision",
                    List.of(json, options.schemaVersion(), id, expectedRevision), rs -> rs.getLong(1));
            if (revision == null) {
                throw stale(c, id, expectedRevision);
            }
            return revision;
        }, id);
    }

    @Override
    public Optional<T> get(String id) {
        return getDocument(id).map(StoredDocument::value);
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        Ids.requireId(id, "document id");
        store.checkOpen();
        Optional<Row> row = read("get from " + name, Optional.empty(), c -> Optional.ofNullable(PostgresSessions.queryOne(c,
                "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ? AND " + VISIBLE, List.of(id),
                PostgresDocumentCollection::row)));
        return row.map(this::stored);
    }

    @Override
    public boolean delete(String id) {
        Ids.requireId(id, "document id");
        store.checkOpen();
        return modify("delete from " + name, false, c -> PostgresSessions.update(c, "DELETE FROM " + table
                + " WHERE id = ? AND " + VISIBLE, List.of(id)) > 0, id);
    }

    @Override
    public List<T> find(Filter filter) {
        DocumentKeys.validate(filter);
        store.checkOpen();
        List<Object> params = new ArrayList<>();
        String where = new JsonbFilterSql("doc", params).translate(filter);
        List<Row> rows = read("find in " + name, List.of(), c -> PostgresSessions.query(c, "SELECT " + COLUMNS + " FROM "
                + table + " WHERE " + VISIBLE + " AND " + where + " ORDER BY id", params, PostgresDocumentCollection::row));
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(decode(r)));
        return out;
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        DocumentKeys.validate(filter);
        DocumentKeys.validate(sort);
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        KeysetCursors.Position after = page.cursor() == null ? null : KeysetCursors.decode(sort, page.cursor());
        if (after != null && !(after.id() instanceof String)) {
            throw new IllegalArgumentException("malformed page cursor");
        }
        store.checkOpen();
        List<Object> params = new ArrayList<>();
        List<Sort.Order> orders = sort.orders();
        StringBuilder inner = new StringBuilder("SELECT id, doc, revision, schema_version");
        for (int i = 0; i < orders.size(); i++) {
            params.add(FieldPaths.segments(orders.get(i).path()).toArray(new String[0]));
            inner.append(", polyglot_doc_value_at(doc, CAST(? AS text[])) AS k").append(i);
        }
        String where = new JsonbFilterSql("doc", params).translate(filter);
        inner.append(" FROM ").append(table).append(" WHERE ").append(VISIBLE).append(" AND ").append(where);
        StringBuilder query = new StringBuilder("SELECT id, doc::text AS doc, revision, schema_version FROM (")
                .append(inner).append(") AS q");
        if (after != null) {
            // The cursor's values, bound once each, after the parameters of the inner query.
            query.append(" CROSS JOIN (SELECT ");
            for (int i = 0; i < orders.size(); i++) {
                query.append("CAST(? AS jsonb) AS c").append(i).append(", ");
                params.add(JsonbValues.write(after.sortValues().get(i)));
            }
            query.append("CAST(? AS text) AS cid) AS cur");
            params.add(after.id());
            List<String> alternatives = new ArrayList<>();
            List<String> equal = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                String key = sortKey("q.k" + i);
                String cursor = sortKey("cur.c" + i);
                String op = orders.get(i).direction() == Sort.Direction.ASC ? " > " : " < ";
                List<String> parts = new ArrayList<>(equal);
                parts.add("ROW(" + key + ")" + op + "ROW(" + cursor + ")");
                alternatives.add("(" + String.join(" AND ", parts) + ")");
                equal.add("ROW(" + key + ") = ROW(" + cursor + ")");
            }
            List<String> last = new ArrayList<>(equal);
            last.add("q.id > cur.cid COLLATE \"C\"");
            alternatives.add("(" + String.join(" AND ", last) + ")");
            query.append(" WHERE ").append(String.join(" OR ", alternatives));
        }
        query.append(" ORDER BY ");
        for (int i = 0; i < orders.size(); i++) {
            String dir = orders.get(i).direction() == Sort.Direction.ASC ? " ASC" : " DESC";
            String k = "q.k" + i;
            query.append("polyglot_doc_family(").append(k).append(")").append(dir)
                    .append(", polyglot_doc_num(").append(k).append(")").append(dir)
                    .append(", polyglot_doc_txt(").append(k).append(") COLLATE \"C\"").append(dir).append(", ");
        }
        query.append("q.id ASC LIMIT ").append(page.size() + 1);
        if (page.offsetPaging() && page.offset() > 0) {
            query.append(" OFFSET ").append(page.offset());
        }
        List<Row> rows = read("find in " + name, List.of(), c -> PostgresSessions.query(c, query.toString(), params,
                PostgresDocumentCollection::row));
        boolean more = rows.size() > page.size();
        List<Row> items = more ? rows.subList(0, page.size()) : rows;
        PageRequest next = null;
        if (more) {
            if (page.offsetPaging()) {
                next = PageRequest.atOffset(page.offset() + page.size(), page.size());
            } else {
                Row lastRow = items.get(items.size() - 1);
                next = PageRequest.after(KeysetCursors.encode(sort, DocumentSorts.sortValues(sort, lastRow.document()),
                        lastRow.id()), page.size());
            }
        }
        List<T> out = new ArrayList<>(items.size());
        items.forEach(r -> out.add(decode(r)));
        return new Page<>(out, next);
    }

    private static String sortKey(String value) {
        return "polyglot_doc_family(" + value + "), polyglot_doc_num(" + value + "), polyglot_doc_txt(" + value
                + ") COLLATE \"C\"";
    }

    @Override
    public long count(Filter filter) {
        DocumentKeys.validate(filter);
        store.checkOpen();
        List<Object> params = new ArrayList<>();
        String where = new JsonbFilterSql("doc", params).translate(filter);
        Long count = read("count in " + name, 0L, c -> PostgresSessions.queryOne(c, "SELECT count(*) FROM " + table
                + " WHERE " + VISIBLE + " AND " + where, params, rs -> rs.getLong(1)));
        return count == null ? 0 : count;
    }

    @Override
    public Optional<T> update(String id, Update update) {
        return update(id, update, 0, false);
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        return update(id, update, expectedRevision, true);
    }

    private Optional<T> update(String id, Update update, long expectedRevision, boolean compareAndSet) {
        Ids.requireId(id, "document id");
        DocumentKeys.validate(update);
        if (compareAndSet) {
            requireRevision(expectedRevision);
        }
        String ops = operations(update);
        store.checkOpen();
        Optional<Row> row = modify("update in " + name, Optional.empty(), c -> {
                Row updated = PostgresSessions.queryOne(c, purging() + "UPDATE " + table
                        + " SET doc = polyglot_doc_apply(doc, CAST(? AS jsonb)), revision = revision + 1 FROM gate"
                        + " WHERE id = ? AND " + VISIBLE + (compareAndSet ? " AND revision = ?" : "") + " RETURNING " + COLUMNS,
                        compareAndSet ? List.of(ops, id, expectedRevision) : List.of(ops, id), PostgresDocumentCollection::row);
                if (updated == null && compareAndSet && exists(c, id)) {
                    throw stale(c, id, expectedRevision);
                }
                return Optional.ofNullable(updated);
        }, id);
        return row.map(this::decode);
    }

    /** The update as a jsonb array of {o: kind, p: path, s: segments, v: value, k: delta type}. */
    private static String operations(Update update) {
        List<Object> ops = new ArrayList<>();
        for (Update.Operation op : update.operations()) {
            Map<String, @Nullable Object> o = new LinkedHashMap<>();
            o.put("p", JsonbValues.escape(op.path()));
            o.put("s", FieldPaths.segments(op.path()));
            if (op instanceof Update.Set set) {
                o.put("o", "set");
                o.put("v", storable(set.value()));
            } else if (op instanceof Update.Unset) {
                o.put("o", "unset");
            } else if (op instanceof Update.Inc inc) {
                o.put("o", "inc");
                o.put("v", inc.delta());
                Number d = inc.delta();
                o.put("k", d instanceof BigDecimal ? "decimal" : d instanceof Double || d instanceof Float ? "double" : "integer");
            } else if (op instanceof Update.Push push) {
                o.put("o", "push");
                o.put("v", storable(push.value()));
            }
            ops.add(o);
        }
        return PostgresJson.write(ops);
    }

    /** Validates the keys of a value an update writes, and escapes it for jsonb. */
    private static @Nullable Object storable(@Nullable Object value) {
        Object normalized = DocumentValues.normalize(value);
        DocumentKeys.validate(Collections.singletonMap("value", normalized));
        return JsonbValues.escapeValue(normalized);
    }

    @Override
    public void createIndex(IndexSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("index spec must not be null");
        }
        store.checkOpen();
        List<List<String>> paths = new ArrayList<>();
        spec.paths().forEach(p -> paths.add(FieldPaths.segments(p)));
        String pathsJson = PostgresJson.write(paths);
        Long ttlMicros = spec.isTtl() ? micros(spec.ttl()) : null;
        String pgIndex = spec.isUnique() ? PostgresNames.identifier("pgdocu_",
                name.substring(0, Math.min(name.length(), 40)) + "_" + hash(name + "\n" + spec.name()), "index name") : null;
        store.call("create index " + spec.name() + " on " + name, handle -> {
            store.ensureTable(handle, name, false);
            try {
                PostgresSessions.inTransaction(handle, tx -> createIndex(tx, spec, pathsJson, ttlMicros, pgIndex));
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
                    store.ensureTable(handle, name, true);
                    PostgresSessions.inTransaction(handle, tx -> createIndex(tx, spec, pathsJson, ttlMicros, pgIndex));
                } else if (PostgresErrors.UNIQUE_VIOLATION.equals(PostgresErrors.sqlState(e))) {
                    throw new DuplicateKeyException("cannot create unique index \"" + spec.name() + "\" on collection \""
                            + name + "\": existing documents share a key", e);
                } else {
                    throw e;
                }
            }
            return null;
        });
    }

    private @Nullable Void createIndex(Connection c, IndexSpec spec, String pathsJson, @Nullable Long ttlMicros,
            @Nullable String pgIndex) throws SQLException {
        List<@Nullable Object> params = new ArrayList<>();
        params.add(tableId);
        params.add(spec.name());
        params.add(pathsJson);
        params.add(spec.isUnique());
        params.add(ttlMicros);
        params.add(spec.isTtl() ? FieldPaths.segments(spec.paths().get(0)).toArray(new String[0]) : null);
        params.add(pgIndex);
        int inserted = PostgresSessions.update(c, "INSERT INTO " + PostgresDocumentSchema.CATALOG
                + " (table_name, index_name, paths, is_unique, ttl_micros, ttl_path, pg_index)"
                + " VALUES (?, ?, CAST(? AS jsonb), ?, CAST(? AS bigint), CAST(? AS text[]), ?) ON CONFLICT DO NOTHING", params);
        if (inserted == 0) {
            Boolean same = PostgresSessions.queryOne(c, "SELECT paths = CAST(? AS jsonb) AND is_unique = ?"
                    + " AND ttl_micros IS NOT DISTINCT FROM CAST(? AS bigint) FROM " + PostgresDocumentSchema.CATALOG
                    + " WHERE table_name = ? AND index_name = ?",
                    java.util.Arrays.asList(pathsJson, spec.isUnique(), ttlMicros, tableId, spec.name()), rs -> rs.getBoolean(1));
            if (!Boolean.TRUE.equals(same)) {
                throw new StoreConfigurationException("collection \"" + name + "\" already has index \"" + spec.name()
                        + "\" with other options (requested " + (spec.isUnique() ? "unique" : "not unique")
                        + (spec.isTtl() ? ", TTL " + spec.ttl() : "") + ")", null);
            }
            return null;
        }
        if (spec.isUnique()) {
            PostgresSessions.query(c, "SELECT polyglot_doc_create_unique(?, ?, CAST(? AS jsonb))::text",
                    List.of(tableId, pgIndex, pathsJson), rs -> rs.getString(1));
        } else if (spec.isTtl()) {
            PostgresSessions.update(c, "UPDATE " + table + " SET doc = doc", List.of());
        } else {
            PostgresDocumentSchema.ddl(c, "CREATE INDEX IF NOT EXISTS " + PostgresNames.quoted("pgdocg_", name, "collection name")
                    + " ON " + table + " USING gin (doc jsonb_path_ops)");
        }
        return null;
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        store.checkOpen();
        Handle handle = null;
        PreparedStatement statement = null;
        ResultSet rs = null;
        try {
            // a server-side cursor needs a transaction
            handle = store.sessions().begin("scan " + name, TransactionIsolationLevel.UNKNOWN, false);
            statement = handle.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE " + VISIBLE + " ORDER BY id");
            statement.setFetchSize(SCAN_FETCH_SIZE);
            rs = statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(rs, statement, handle);
            if (UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
                return Stream.empty();
            }
            throw translate("scan " + name, e);
        }
        ResultSet rows = rs;
        PreparedStatement query = statement;
        Handle open = handle;
        Spliterator<Row> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(java.util.function.Consumer<? super Row> action) {
                try {
                    if (!rows.next()) {
                        return false;
                    }
                    action.accept(row(rows));
                    return true;
                } catch (SQLException e) {
                    throw translate("scan " + name, e);
                }
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(() -> closeQuietly(rows, query, open)).map(this::stored);
    }

    private static void closeQuietly(@Nullable ResultSet rs, @Nullable PreparedStatement statement, @Nullable Handle handle) {
        try {
            if (rs != null) {
                rs.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // the connection is released below either way
        } finally {
            PostgresSessions.release(handle);
        }
    }

    @Override
    public String toString() {
        return "PostgresDocumentCollection[" + name + ", " + codec + "]";
    }

    // ---------------------------------------------------------------- execution

    /** Runs a read; a collection whose table does not exist reads as empty. */
    private <R> R read(String what, R absent, PostgresSessions.Work<R> work) {
        return store.call(what, handle -> {
            try {
                return work.run(handle.getConnection());
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
                    return absent;
                }
                throw e;
            }
        });
    }

    /** Runs a change of existing documents; no table means nothing to change. */
    private <R> R modify(String what, R absent, PostgresSessions.Work<R> work, String id) {
        return store.call(what, handle -> {
            Connection c = handle.getConnection();
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
                    return absent;
                }
                throw duplicate(c, e, id);
            }
        });
    }

    /** Runs a write that may create the table. */
    private <R> R write(String what, PostgresSessions.Work<R> work, String id) {
        return store.call(what, handle -> {
            Connection c = handle.getConnection();
            store.ensureTable(handle, name, false);
            try {
                try {
                    return work.run(c);
                } catch (SQLException e) {
                    if (!UNDEFINED_TABLE.equals(PostgresErrors.sqlState(e))) {
                        throw e;
                    }
                    store.ensureTable(handle, name, true);
                    return work.run(c);
                }
            } catch (SQLException e) {
                throw duplicate(c, e, id);
            }
        });
    }

    /**
     * The head of a write statement that first purges expired documents, so they free their ids and
     * unique keys: the write selects from {@code gate}, which cannot produce its row before the
     * purge has run to completion.
     */
    private String purging() {
        return "WITH purged AS (DELETE FROM " + table + " WHERE expires_at <= now() RETURNING 1),"
                + " gate AS (SELECT count(*) AS purged FROM purged) ";
    }

    /** Names the unique index (or the id) a unique violation is about; other failures pass through. */
    private SQLException duplicate(Connection c, SQLException e, String id) {
        if (!PostgresErrors.UNIQUE_VIOLATION.equals(PostgresErrors.sqlState(e))) {
            return e;
        }
        String constraint = constraint(e);
        if (constraint == null || constraint.endsWith("_pkey")) {
            throw new DuplicateKeyException("a document with id \"" + id + "\" already exists in collection \"" + name + "\"", e);
        }
        String index = constraint;
        try {
            String found = PostgresSessions.queryOne(c, "SELECT index_name FROM " + PostgresDocumentSchema.CATALOG
                    + " WHERE pg_index = ?", List.of(constraint), rs -> rs.getString(1));
            index = found == null ? constraint : found;
        } catch (SQLException lookup) {
            e.addSuppressed(lookup);
        }
        throw new DuplicateKeyException("unique index \"" + index + "\" of collection \"" + name
                + "\" already holds the key of document \"" + id + "\"", e);
    }

    private static @Nullable String constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage().getConstraint();
            }
        }
        return null;
    }

    private boolean exists(Connection c, String id) throws SQLException {
        return PostgresSessions.queryOne(c, "SELECT 1 FROM " + table + " WHERE id = ? AND " + VISIBLE, List.of(id),
                rs -> 1) != null;
    }

    private OptimisticLockException stale(Connection c, String id, long expectedRevision) throws SQLException {
        Long current = PostgresSessions.queryOne(c, "SELECT revision FROM " + table + " WHERE id = ? AND " + VISIBLE,
                List.of(id),
                rs -> rs.getLong(1));
        if (current == null) {
            return new OptimisticLockException("document \"" + id + "\" in collection \"" + name
                    + "\" does not exist (expected revision " + expectedRevision + ")", null);
        }
        return new OptimisticLockException("document \"" + id + "\" in collection \"" + name + "\" is at revision "
                + current + ", not the expected " + expectedRevision, null);
    }

    /** Translates a failure: update misfits and unstorable text are the caller's errors. */
    static RuntimeException translate(String what, Throwable failure) {
        if (failure instanceof PolyglotException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException) {
            return (RuntimeException) failure;
        }
        String state = PostgresErrors.sqlState(failure);
        if (PostgresDocumentSchema.UPDATE_MISFIT.equals(state)) {
            return new IllegalArgumentException(serverMessage(failure), failure);
        }
        if ("22P05".equals(state) || "54000".equals(state) || "22021".equals(state)) {
            return new IllegalArgumentException(what + ": the value cannot be stored: " + serverMessage(failure), failure);
        }
        return PostgresErrors.translate(what, failure);
    }

    private static String serverMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return String.valueOf(p.getServerErrorMessage().getMessage());
            }
        }
        return String.valueOf(failure.getMessage());
    }

    // ---------------------------------------------------------------- conversion

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getLong("revision"), rs.getInt("schema_version"),
                JsonbValues.readDocument(rs.getString("doc")));
    }

    private String encode(T document) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        @SuppressWarnings("unchecked") // normalize keeps a map a map
        Map<String, @Nullable Object> copy = (Map<String, @Nullable Object>) DocumentValues.normalize(codec.toDocument(document));
        return JsonbValues.write(DocumentKeys.validate(copy));
    }

    private T decode(Row row) {
        return codec.decode(options.upcast(row.document(), row.schemaVersion()));
    }

    private StoredDocument<T> stored(Row row) {
        return new StoredDocument<>(row.id(), row.revision(), decode(row));
    }

    private static void requireRevision(long expectedRevision) {
        if (expectedRevision < 1) {
            throw new IllegalArgumentException("expected revision must be at least 1, got " + expectedRevision);
        }
    }

    private static long micros(@Nullable Duration ttl) {
        if (ttl == null) {
            return 0;
        }
        try {
            return Math.addExact(Math.multiplyExact(ttl.getSeconds(), 1_000_000L), ttl.getNano() / 1000);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
