package dev.polyglot.postgres;

import dev.polyglot.OptimisticLockException;
import dev.polyglot.RecordNotFoundException;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.DocumentSorts;
import dev.polyglot.spi.KeysetCursors;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.ColumnType;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** One table as seen by one PostgreSQL transaction: converts rows with the spec and runs SQL on its columns. */
final class PostgresTxTable<T, ID> implements Table<T, ID> {

    private final PostgresTxTransaction tx;
    private final TableSpec<T, ID> spec;
    private final String table;
    private final String auditName;
    private final List<TableSpec.Column> columns;
    private final String selectList;
    private final PostgresTxFilters filters;
    private final TableSpec.Column idColumn;
    private final String id;

    PostgresTxTable(PostgresTxTransaction tx, TableSpec<T, ID> spec) {
        this.tx = tx;
        this.spec = spec;
        this.table = PostgresTableSchema.quotedTable(spec);
        this.auditName = PostgresTableSchema.tableName(spec);
        this.columns = spec.columns();
        StringBuilder select = new StringBuilder();
        for (TableSpec.Column c : columns) {
            select.append(select.length() == 0 ? "" : ", ").append("t.").append(PostgresTxSql.column(c.name()));
        }
        this.selectList = select.toString();
        this.filters = new PostgresTxFilters(spec);
        this.idColumn = spec.column(spec.idColumn()).orElseThrow();
        this.id = "t." + PostgresTxSql.column(spec.idColumn());
    }

    @Override
    public TableSpec<T, ID> spec() {
        return spec;
    }

    // ------------------------------------------------------------ writes

    @Override
    public T insert(T row) {
        Map<String, @Nullable Object> doc = prepare(row);
        tx.checkUsable();
        Instant now = tx.store.now();
        Map<String, @Nullable Object> stored = inserted(doc, now);
        tx.run("insert into " + spec.table(), connection -> {
            insertRows(connection, List.of(stored));
            audit(connection, List.of(stored), AuditEntry.Operation.INSERT, now);
            return null;
        });
        return decode(stored);
    }

    @Override
    public void insertAll(List<T> rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows of table " + spec.table() + " must not be null");
        }
        List<Map<String, @Nullable Object>> docs = new ArrayList<>(rows.size());
        for (T row : rows) {
            docs.add(prepare(row));
        }
        if (docs.isEmpty()) {
            tx.checkUsable();
            return;
        }
        tx.checkUsable();
        Instant now = tx.store.now();
        List<Map<String, @Nullable Object>> stored = new ArrayList<>(docs.size());
        docs.forEach(d -> stored.add(inserted(d, now)));
        tx.run("insert into " + spec.table(), connection -> {
            insertRows(connection, stored);
            audit(connection, stored, AuditEntry.Operation.INSERT, now);
            return null;
        });
    }

    @Override
    public T update(T row) {
        Map<String, @Nullable Object> doc = prepare(row);
        tx.checkUsable();
        Instant now = tx.store.now();
        return tx.run("update " + spec.table(), connection -> decode(update(connection, doc, now)));
    }

    private Map<String, @Nullable Object> update(Connection connection, Map<String, @Nullable Object> doc, Instant now)
            throws SQLException {
        Map<String, @Nullable Object> stored = new LinkedHashMap<>(doc);
        PostgresTxSql sql = new PostgresTxSql().add("UPDATE " + table + " AS t SET ");
        boolean first = true;
        for (TableSpec.Column c : columns) {
            String name = c.name();
            if (name.equals(spec.idColumn()) || spec.createdAtColumn().filter(name::equals).isPresent()) {
                continue;
            }
            sql.add(first ? "" : ", ").add(PostgresTxSql.column(name)).add(" = ");
            first = false;
            if (spec.versionColumn().filter(name::equals).isPresent()) {
                sql.add("t." + PostgresTxSql.column(name) + " + 1");
            } else if (spec.updatedAtColumn().filter(name::equals).isPresent()) {
                stored.put(name, now);
                sql.bind(PostgresTxSql.text(c.type(), now), "timestamptz");
            } else {
                sql.bind(PostgresTxSql.text(c.type(), doc.get(name)), PostgresTxSql.sqlType(c.type()));
            }
        }
        if (first) {
            sql.add(PostgresTxSql.column(spec.idColumn()) + " = " + id);
        }
        sql.add(" WHERE " + id + " = ");
        bindId(sql, doc.get(spec.idColumn()));
        Optional<String> version = spec.versionColumn();
        if (version.isPresent()) {
            sql.add(" AND t." + PostgresTxSql.column(version.get()) + " = ");
            sql.bind(versionText(doc.get(version.get())), "bigint");
        }
        sql.add(" RETURNING " + (returning().isEmpty() ? "1" : returning()));
        boolean found = false;
        try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                found = true;
                readReturning(rs, stored);
            }
        }
        if (!found) {
            throw missingOrStale(connection, doc);
        }
        audit(connection, List.of(stored), AuditEntry.Operation.UPDATE, now);
        return stored;
    }

    @Override
    public T upsert(T row) {
        Map<String, @Nullable Object> doc = prepare(row);
        tx.checkUsable();
        Instant now = tx.store.now();
        Map<String, @Nullable Object> insert = inserted(doc, now);
        return tx.run("upsert into " + spec.table(), connection -> {
            PostgresTxSql sql = new PostgresTxSql().add("INSERT INTO " + table + " AS t (" + columnList() + ") VALUES (");
            for (int i = 0; i < columns.size(); i++) {
                TableSpec.Column c = columns.get(i);
                sql.add(i == 0 ? "" : ", ").bind(PostgresTxSql.text(c.type(), insert.get(c.name())), PostgresTxSql.sqlType(c.type()));
            }
            sql.add(") ON CONFLICT (" + PostgresTxSql.column(spec.idColumn()) + ") DO UPDATE SET ");
            boolean first = true;
            for (TableSpec.Column c : columns) {
                String name = c.name();
                if (name.equals(spec.idColumn()) || spec.createdAtColumn().filter(name::equals).isPresent()) {
                    continue;
                }
                String q = PostgresTxSql.column(name);
                sql.add(first ? "" : ", ").add(q + " = ");
                first = false;
                sql.add(spec.versionColumn().filter(name::equals).isPresent() ? "t." + q + " + 1" : "EXCLUDED." + q);
            }
            if (first) {
                sql.add(PostgresTxSql.column(spec.idColumn()) + " = EXCLUDED." + PostgresTxSql.column(spec.idColumn()));
            }
            Optional<String> version = spec.versionColumn();
            if (version.isPresent()) {
                sql.add(" WHERE t." + PostgresTxSql.column(version.get()) + " = ");
                sql.bind(versionText(doc.get(version.get())), "bigint");
            }
            sql.add(" RETURNING (t.xmax = 0) AS inserted" + (returning().isEmpty() ? "" : ", " + returning()));
            Map<String, @Nullable Object> stored = null;
            boolean inserted = false;
            try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    inserted = rs.getBoolean(1);
                    stored = inserted ? insert : new LinkedHashMap<>(doc);
                    if (!inserted) {
                        readReturningFrom(rs, 2, stored);
                        Map<String, @Nullable Object> s = stored;
                        spec.updatedAtColumn().ifPresent(c -> s.put(c, now));
                    }
                }
            }
            if (stored == null) {
                throw missingOrStale(connection, doc);
            }
            audit(connection, List.of(stored), inserted ? AuditEntry.Operation.INSERT : AuditEntry.Operation.UPDATE, now);
            return decode(stored);
        });
    }

    @Override
    public boolean delete(ID rowId) {
        Object modelId = spec.idValue(rowId);
        tx.checkUsable();
        Instant now = tx.store.now();
        return tx.run("delete from " + spec.table(), connection -> {
            PostgresTxSql sql = new PostgresTxSql().add("DELETE FROM " + table + " AS t WHERE " + id + " = ");
            bindId(sql, modelId);
            sql.add(" RETURNING " + selectList);
            Map<String, @Nullable Object> before = null;
            try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    before = readRow(rs);
                }
            }
            if (before == null) {
                return false;
            }
            audit(connection, List.of(before), AuditEntry.Operation.DELETE, now);
            return true;
        });
    }

    // ------------------------------------------------------------ reads

    @Override
    public Optional<T> find(ID rowId) {
        Object modelId = spec.idValue(rowId);
        return tx.run("find in " + spec.table(), connection -> {
            PostgresTxSql sql = new PostgresTxSql().add("SELECT " + selectList + " FROM " + table + " AS t WHERE " + id + " = ");
            bindId(sql, modelId);
            List<Map<String, @Nullable Object>> rows = select(connection, sql);
            return rows.isEmpty() ? Optional.<T>empty() : Optional.of(decode(rows.get(0)));
        });
    }

    @Override
    public List<T> query(Filter filter) {
        spec.checkFilter(filter);
        PostgresTxSql sql = new PostgresTxSql().add("SELECT " + selectList + " FROM " + table + " AS t WHERE ");
        filters.where(filter, sql);
        sql.add(" ORDER BY " + idOrder());
        return tx.run("query " + spec.table(), connection -> {
            List<T> out = new ArrayList<>();
            for (Map<String, @Nullable Object> doc : select(connection, sql)) {
                out.add(decode(doc));
            }
            return out;
        });
    }

    @Override
    public Page<T> query(Filter filter, Sort sort, PageRequest page) {
        spec.checkFilter(filter);
        spec.checkSort(sort);
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null; use PageRequest.first(size)");
        }
        KeysetCursors.Position after = page.cursor() == null ? null : KeysetCursors.decode(sort, page.cursor());
        PostgresTxSql lateral = new PostgresTxSql();
        List<PostgresTxFilters.SortKey> keys = filters.sortKeys(sort, lateral);
        PostgresTxSql sql = new PostgresTxSql().add("SELECT " + selectList + " FROM " + table + " AS t");
        if (!lateral.text().isEmpty()) {
            // The lateral subquery holds bound keys: rebuild it in the statement, in order.
            sql = new PostgresTxSql().add("SELECT " + selectList + " FROM " + table + " AS t CROSS JOIN LATERAL (SELECT ");
            filters.sortKeys(sort, sql);
            sql.add(") AS k");
        }
        sql.add(" WHERE ");
        filters.where(filter, sql);
        if (after != null) {
            sql.add(" AND ");
            keyset(sql, keys, after, 0);
        }
        sql.add(" ORDER BY ");
        for (PostgresTxFilters.SortKey key : keys) {
            sql.add(key.expression() + (key.descending() ? " DESC" : " ASC") + ", ");
        }
        sql.add(idOrder());
        if (page.offsetPaging()) {
            sql.add(" OFFSET ").bind(Long.toString(page.offset()), "bigint");
        }
        sql.add(" LIMIT ").bind(Long.toString(page.size() + 1L), "bigint");
        PostgresTxSql statement = sql;
        List<Map<String, @Nullable Object>> docs = tx.run("query " + spec.table(), connection -> select(connection, statement));
        boolean more = docs.size() > page.size();
        List<Map<String, @Nullable Object>> items = more ? docs.subList(0, page.size()) : docs;
        PageRequest next = null;
        if (more) {
            if (page.offsetPaging()) {
                next = PageRequest.atOffset(page.offset() + page.size(), page.size());
            } else {
                Map<String, @Nullable Object> last = items.get(items.size() - 1);
                next = PageRequest.after(KeysetCursors.encode(sort, DocumentSorts.sortValues(sort, last),
                        Objects.requireNonNull(last.get(spec.idColumn()))), page.size());
            }
        }
        List<T> out = new ArrayList<>(items.size());
        items.forEach(d -> out.add(decode(d)));
        return new Page<>(out, next);
    }

    /** Appends "(key, ..., id) comes after the cursor" for keys from index i on, each in its direction. */
    private void keyset(PostgresTxSql sql, List<PostgresTxFilters.SortKey> keys, KeysetCursors.Position after, int i) {
        if (i == keys.size()) {
            sql.add("(" + idExpression() + " > ");
            bindId(sql, PostgresTxFilters.cursorValue(idColumn.type(), after.id()));
            sql.add(")");
            return;
        }
        PostgresTxFilters.SortKey key = keys.get(i);
        Object value = after.sortValues().get(key.order());
        sql.add("(" + key.expression() + (key.descending() ? " < " : " > "));
        key.binder().bind(sql, value);
        sql.add(" OR (" + key.expression() + " = ");
        key.binder().bind(sql, value);
        sql.add(" AND ");
        keyset(sql, keys, after, i + 1);
        sql.add("))");
    }

    @Override
    public long count(Filter filter) {
        spec.checkFilter(filter);
        PostgresTxSql sql = new PostgresTxSql().add("SELECT count(*) FROM " + table + " AS t WHERE ");
        filters.where(filter, sql);
        return tx.run("count " + spec.table(), connection -> {
            try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<AuditEntry<ID>> history(ID rowId) {
        Object modelId = spec.idValue(rowId);
        if (!spec.audited()) {
            throw new IllegalStateException("table " + spec.table() + " is not audited; declare audited() in its TableSpec");
        }
        return tx.run("history of " + spec.table(), connection -> {
            List<AuditEntry<ID>> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT operation, at, row FROM "
                    + PostgresTableSchema.AUDIT_TABLE + " WHERE table_name = ? AND row_id = ? ORDER BY seq")) {
                ps.setString(1, auditName);
                ps.setString(2, modelId.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry<>(spec.table(), rowId, AuditEntry.Operation.valueOf(rs.getString(1)),
                                rs.getObject(2, OffsetDateTime.class).toInstant(), PostgresJson.readDocument(rs.getString(3))));
                    }
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------ helpers

    private Map<String, @Nullable Object> prepare(@Nullable T row) {
        Map<String, @Nullable Object> doc = spec.toDocument(row);
        Object modelId = spec.idValue(spec.idOf(doc));
        doc.put(spec.idColumn(), modelId);
        for (TableSpec.Column c : columns) {
            PostgresTxSql.checkNoNul(doc.get(c.name()));
        }
        return doc;
    }

    private Map<String, @Nullable Object> inserted(Map<String, @Nullable Object> doc, Instant now) {
        Map<String, @Nullable Object> stored = new LinkedHashMap<>(doc);
        spec.versionColumn().ifPresent(c -> stored.put(c, version(c, 1)));
        spec.createdAtColumn().ifPresent(c -> stored.put(c, now));
        spec.updatedAtColumn().ifPresent(c -> stored.put(c, now));
        return stored;
    }

    private Object version(String column, long value) {
        return spec.column(column).orElseThrow().type() == ColumnType.INTEGER ? (Object) (int) value : (Object) value;
    }

    private static String versionText(@Nullable Object version) {
        return version instanceof Number n ? Long.toString(n.longValue()) : "0";
    }

    private String columnList() {
        StringBuilder out = new StringBuilder();
        for (TableSpec.Column c : columns) {
            out.append(out.length() == 0 ? "" : ", ").append(PostgresTxSql.column(c.name()));
        }
        return out.toString();
    }

    /**
     * Inserts rows: one row as INSERT ... VALUES, more as COPY FROM STDIN (the fastest bulk path,
     * see the README's benchmarks), or, on a connection that is not pgjdbc's, as one INSERT ...
     * SELECT FROM unnest(one text array per column).
     */
    private void insertRows(Connection connection, List<Map<String, @Nullable Object>> rows) throws SQLException {
        if (rows.size() == 1) {
            // One row: a plain VALUES list plans cheaper than unnest over one-element arrays.
            PostgresTxSql sql = new PostgresTxSql().add("INSERT INTO " + table + " (" + columnList() + ") VALUES (");
            for (int i = 0; i < columns.size(); i++) {
                TableSpec.Column c = columns.get(i);
                sql.add(i == 0 ? "" : ", ").bind(PostgresTxSql.text(c.type(), rows.get(0).get(c.name())),
                        PostgresTxSql.sqlType(c.type()));
            }
            sql.add(")");
            try (PreparedStatement ps = sql.prepare(connection)) {
                ps.executeUpdate();
            }
            return;
        }
        if (connection.isWrapperFor(PGConnection.class)) {
            copyRows(connection.unwrap(PGConnection.class), rows);
            return;
        }
        PostgresTxSql sql = new PostgresTxSql().add("INSERT INTO " + table + " (" + columnList() + ") SELECT * FROM unnest(");
        for (int i = 0; i < columns.size(); i++) {
            TableSpec.Column c = columns.get(i);
            String[] values = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = PostgresTxSql.text(c.type(), rows.get(r).get(c.name()));
            }
            sql.add(i == 0 ? "" : ", ").bindArray(values, PostgresTxSql.sqlType(c.type()));
        }
        sql.add(")");
        try (PreparedStatement ps = sql.prepare(connection)) {
            ps.executeUpdate();
        }
    }

    /**
     * COPY FROM STDIN in text format; each value is the same text the type's input function reads
     * everywhere else, escaped for COPY. Every row is encoded before the COPY starts, so a value
     * that cannot be stored fails before anything reaches the server.
     */
    private void copyRows(PGConnection connection, List<Map<String, @Nullable Object>> rows) throws SQLException {
        StringBuilder data = new StringBuilder(rows.size() * columns.size() * 16);
        for (Map<String, @Nullable Object> row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                TableSpec.Column c = columns.get(i);
                if (i > 0) {
                    data.append('\t');
                }
                PostgresTxSql.appendCopyField(data, PostgresTxSql.text(c.type(), row.get(c.name())));
            }
            data.append('\n');
        }
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.getCopyAPI().copyIn("COPY " + table + " (" + columnList() + ") FROM STDIN");
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void audit(Connection connection, List<Map<String, @Nullable Object>> rows, AuditEntry.Operation operation,
            Instant at) throws SQLException {
        if (!spec.audited() || rows.isEmpty()) {
            return;
        }
        String[] ids = new String[rows.size()];
        String[] docs = new String[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            ids[r] = Objects.requireNonNull(rows.get(r).get(spec.idColumn())).toString();
            docs[r] = PostgresJson.write(rows.get(r));
        }
        PostgresTxSql sql = new PostgresTxSql().add("INSERT INTO " + PostgresTableSchema.AUDIT_TABLE
                + " (table_name, row_id, operation, at, row) SELECT ").bind(auditName, "text").add(", r.id, ")
                .bind(operation.name(), "text").add(", ").bind(at.toString(), "timestamptz").add(", r.doc FROM unnest(")
                .bindArray(ids, "text").add(", ").bindArray(docs, "jsonb").add(") WITH ORDINALITY AS r(id, doc, n) ORDER BY r.n");
        try (PreparedStatement ps = sql.prepare(connection)) {
            ps.executeUpdate();
        }
    }

    private void bindId(PostgresTxSql sql, Object modelId) {
        sql.bind(PostgresTxSql.text(idColumn.type(), modelId), PostgresTxSql.sqlType(idColumn.type()));
    }

    private String idExpression() {
        return idColumn.type() == ColumnType.STRING ? id + " COLLATE \"C\"" : id;
    }

    private String idOrder() {
        return idExpression() + " ASC";
    }

    /** The RETURNING list of an update: the version and created-at columns the store maintains. */
    private String returning() {
        List<String> out = new ArrayList<>();
        spec.versionColumn().ifPresent(c -> out.add("t." + PostgresTxSql.column(c)));
        spec.createdAtColumn().ifPresent(c -> out.add("t." + PostgresTxSql.column(c)));
        return String.join(", ", out);
    }

    private void readReturning(ResultSet rs, Map<String, @Nullable Object> stored) throws SQLException {
        readReturningFrom(rs, 1, stored);
    }

    private void readReturningFrom(ResultSet rs, int index, Map<String, @Nullable Object> stored) throws SQLException {
        int i = index;
        if (spec.versionColumn().isPresent()) {
            String c = spec.versionColumn().get();
            stored.put(c, version(c, rs.getLong(i++)));
        }
        if (spec.createdAtColumn().isPresent()) {
            String c = spec.createdAtColumn().get();
            stored.put(c, PostgresTxSql.read(rs, i, spec.column(c).orElseThrow()));
        }
    }

    /** After an update matched no row: RecordNotFoundException, or OptimisticLockException naming both versions. */
    private RuntimeException missingOrStale(Connection connection, Map<String, @Nullable Object> doc) throws SQLException {
        Object modelId = Objects.requireNonNull(doc.get(spec.idColumn()));
        String version = spec.versionColumn().orElse(null);
        PostgresTxSql sql = new PostgresTxSql().add("SELECT " + (version == null ? "1" : "t." + PostgresTxSql.column(version))
                + " FROM " + table + " AS t WHERE " + id + " = ");
        bindId(sql, modelId);
        try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new RecordNotFoundException("table " + spec.table() + " has no row with id " + modelId, null);
            }
            return new OptimisticLockException("row " + modelId + " of table " + spec.table() + " is at version "
                    + rs.getLong(1) + ", but the write was based on version " + (version == null ? null : doc.get(version)), null);
        }
    }

    private List<Map<String, @Nullable Object>> select(Connection connection, PostgresTxSql sql) throws SQLException {
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(readRow(rs));
            }
        }
        return out;
    }

    private Map<String, @Nullable Object> readRow(ResultSet rs) throws SQLException {
        Map<String, @Nullable Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            TableSpec.Column c = columns.get(i);
            doc.put(c.name(), PostgresTxSql.read(rs, i + 1, c));
        }
        return doc;
    }

    private T decode(Map<String, @Nullable Object> document) {
        return spec.fromDocument(document);
    }
}
