package dev.polyglot.postgres;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.transactional.ColumnType;
import dev.polyglot.transactional.TableSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The table a {@link TableSpec} needs, as PostgreSQL's catalog describes it: DDL to create it and
 * a comparison with what exists, naming each mismatch. Also the shared audit log table.
 */
final class PostgresTableSchema {

    /** The append-only audit log of every audited table. */
    static final String AUDIT_TABLE = "polyglot_audit";

    /** A column as the catalog shows it. */
    record ColumnShape(String type, boolean notNull) {
    }

    /** The shape of a table: columns, primary key and unique keys (as column sets). */
    record Shape(Map<String, ColumnShape> columns, List<String> primaryKey, Set<Set<String>> uniqueKeys) {
    }

    private PostgresTableSchema() {
    }

    /** The unquoted physical name of a spec's table. */
    static String tableName(TableSpec<?, ?> spec) {
        return PostgresNames.identifier("", spec.table(), "table name");
    }

    /** The quoted physical name of a spec's table. */
    static String quotedTable(TableSpec<?, ?> spec) {
        return "\"" + tableName(spec) + "\"";
    }

    /** The shape a spec needs. */
    static Shape expected(TableSpec<?, ?> spec) {
        Map<String, ColumnShape> columns = new LinkedHashMap<>();
        for (TableSpec.Column column : spec.columns()) {
            columns.put(column.name(), new ColumnShape(catalogType(column.type()), !column.nullable()));
        }
        Set<Set<String>> keys = new HashSet<>();
        for (List<String> key : spec.uniqueKeys()) {
            keys.add(Set.copyOf(key));
        }
        return new Shape(columns, List.of(spec.idColumn()), keys);
    }

    /** The type name {@code format_type} reports for a column type. */
    private static String catalogType(ColumnType type) {
        return type == ColumnType.INSTANT ? "timestamp with time zone" : PostgresTxSql.sqlType(type);
    }

    /** Reads the shape of an existing table, or null when there is no such table. */
    static @Nullable Shape read(Connection connection, TableSpec<?, ?> spec) throws SQLException {
        String regclass = quotedTable(spec);
        Map<String, ColumnShape> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, regclass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new ColumnShape(rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        if (columns.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, regclass);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
        }
        List<String> primaryKey = new ArrayList<>();
        Set<Set<String>> uniqueKeys = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT i.indisprimary, ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n)"
                        + " FROM pg_index i WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indpred IS NULL"
                        + " AND i.indexprs IS NULL")) {
            ps.setString(1, regclass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = List.of((String[]) rs.getArray(2).getArray());
                    if (rs.getBoolean(1)) {
                        primaryKey.addAll(cols);
                    } else {
                        uniqueKeys.add(Set.copyOf(cols));
                    }
                }
            }
        }
        return new Shape(columns, primaryKey, uniqueKeys);
    }

    /** What differs between an existing table and the shape a spec needs. */
    static List<String> mismatches(String table, Shape actual, Shape expected) {
        List<String> out = new ArrayList<>();
        expected.columns().forEach((name, need) -> {
            ColumnShape have = actual.columns().get(name);
            if (have == null) {
                out.add("table " + table + " has no column " + name + " (" + need.type() + ")");
            } else if (!typeMatches(have.type(), need.type())) {
                out.add("column " + table + "." + name + " is " + have.type() + " but the spec needs " + need.type());
            } else if (have.notNull() != need.notNull()) {
                out.add("column " + table + "." + name + " is " + (have.notNull() ? "not null" : "nullable")
                        + " but the spec needs it " + (need.notNull() ? "not null" : "nullable"));
            }
        });
        actual.columns().forEach((name, have) -> {
            if (!expected.columns().containsKey(name) && have.notNull()) {
                out.add("table " + table + " has a not-null column " + name + " the spec does not declare");
            }
        });
        if (!actual.primaryKey().equals(expected.primaryKey())) {
            out.add("table " + table + " has primary key " + actual.primaryKey() + " but the spec needs " + expected.primaryKey());
        }
        for (Set<String> key : expected.uniqueKeys()) {
            if (!actual.uniqueKeys().contains(key)) {
                out.add("table " + table + " has no unique constraint on " + key);
            }
        }
        return out;
    }

    /** Accepts the spellings a migration may reasonably use for a type (varchar for text, numeric(p,s)). */
    private static boolean typeMatches(String have, String need) {
        if (have.equals(need)) {
            return true;
        }
        if (need.equals("text")) {
            return have.startsWith("character varying");
        }
        if (need.equals("numeric")) {
            return have.startsWith("numeric(");
        }
        if (need.equals("timestamp with time zone")) {
            return have.startsWith("timestamp(") && have.endsWith("with time zone");
        }
        return false;
    }

    /** Creates a spec's table. */
    static void create(Connection connection, TableSpec<?, ?> spec) throws SQLException {
        String table = tableName(spec);
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quotedTable(spec)).append(" (");
        for (TableSpec.Column column : spec.columns()) {
            ddl.append(PostgresTxSql.column(column.name())).append(' ').append(PostgresTxSql.sqlType(column.type()));
            if (!column.nullable()) {
                ddl.append(" NOT NULL");
            }
            ddl.append(", ");
        }
        ddl.append("PRIMARY KEY (").append(PostgresTxSql.column(spec.idColumn())).append(')');
        int n = 0;
        for (List<String> key : spec.uniqueKeys()) {
            n++;
            String name = (table.length() > 40 ? table.substring(0, 40) : table) + "_uq" + n + "_" + hash(table + key);
            ddl.append(", CONSTRAINT \"").append(name).append("\" UNIQUE (");
            for (int i = 0; i < key.size(); i++) {
                ddl.append(i == 0 ? "" : ", ").append(PostgresTxSql.column(key.get(i)));
            }
            ddl.append(')');
        }
        ddl.append(')');
        try (Statement st = connection.createStatement()) {
            st.execute(ddl.toString());
        }
    }

    /** Creates the shared audit log table when it does not exist. */
    static void createAudit(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + AUDIT_TABLE + " (seq bigserial PRIMARY KEY, table_name text NOT NULL,"
                    + " row_id text NOT NULL, operation text NOT NULL, at timestamptz NOT NULL, row jsonb NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS " + AUDIT_TABLE + "_row ON " + AUDIT_TABLE + " (table_name, row_id, seq)");
        }
    }

    /** The problems of the audit table, empty when it is usable. */
    static List<String> auditMismatches(Connection connection) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, AUDIT_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (columns.isEmpty()) {
            return List.of("audit table " + AUDIT_TABLE + " does not exist; call TransactionalStore.createTables(spec) in"
                    + " development and tests, or create it with your migrations");
        }
        List<String> out = new ArrayList<>();
        Map<String, String> need = Map.of("seq", "bigint", "table_name", "text", "row_id", "text", "operation", "text",
                "at", "timestamp with time zone", "row", "jsonb");
        need.forEach((name, type) -> {
            String have = columns.get(name);
            if (have == null) {
                out.add("audit table " + AUDIT_TABLE + " has no column " + name + " (" + type + ")");
            } else if (!typeMatches(have, type)) {
                out.add("column " + AUDIT_TABLE + "." + name + " is " + have + " but needs to be " + type);
            }
        });
        return out;
    }

    static String missing(TableSpec<?, ?> spec) {
        return "table " + spec.table() + " does not exist; call TransactionalStore.createTables(spec) in development "
                + "and tests, or create it with your migrations";
    }

    /** Checks one spec against the database; throws naming every mismatch. */
    static void check(Connection connection, TableSpec<?, ?> spec) throws SQLException {
        Shape actual = read(connection, spec);
        if (actual == null) {
            throw new StoreConfigurationException(missing(spec), null);
        }
        List<String> problems = new ArrayList<>(mismatches(spec.table(), actual, expected(spec)));
        if (spec.audited()) {
            problems.addAll(auditMismatches(connection));
        }
        if (!problems.isEmpty()) {
            throw new StoreConfigurationException("table " + spec.table() + " does not match its spec: "
                    + String.join("; ", problems), null);
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
