package dev.polyglot.postgres;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.transactional.ColumnType;
import dev.polyglot.transactional.TableSpec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A SQL statement under construction: text with {@code ?} placeholders and the values bound to
 * them, in order. Values are bound as text (or text arrays) and every placeholder carries an
 * explicit cast, so nothing a user supplies ever becomes SQL text.
 */
final class PostgresTxSql {

    private final StringBuilder sql = new StringBuilder();
    private final List<@Nullable Object> params = new ArrayList<>();

    PostgresTxSql add(String text) {
        sql.append(text);
        return this;
    }

    /** Appends a placeholder for a text value cast to a SQL type. */
    PostgresTxSql bind(@Nullable String value, String cast) {
        sql.append("CAST(? AS ").append(cast).append(')');
        params.add(value);
        return this;
    }

    /** Appends a placeholder for a text array cast to an array of a SQL type. */
    PostgresTxSql bindArray(@Nullable String[] values, String elementCast) {
        sql.append("CAST(CAST(? AS text[]) AS ").append(elementCast).append("[])");
        params.add(values);
        return this;
    }

    String text() {
        return sql.toString();
    }

    @Override
    public String toString() {
        return sql.toString();
    }

    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else if (p instanceof String[] array) {
                    ps.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    // ------------------------------------------------------------ column values

    /** The PostgreSQL type of a portable column type. */
    static String sqlType(ColumnType type) {
        return switch (type) {
            case STRING, ENUM -> "text";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "boolean";
            case UUID -> "uuid";
            case INSTANT -> "timestamptz";
            case DATE -> "date";
            case BINARY -> "bytea";
            case JSON -> "jsonb";
        };
    }

    /** The family the model values of a column type belong to (JSON columns hold any). */
    static DocumentValues.@Nullable Family family(ColumnType type) {
        return switch (type) {
            case STRING, ENUM, DATE -> DocumentValues.Family.STRING;
            case INTEGER, LONG, DOUBLE, DECIMAL -> DocumentValues.Family.NUMBER;
            case BOOLEAN -> DocumentValues.Family.BOOLEAN;
            case UUID -> DocumentValues.Family.UUID;
            case INSTANT -> DocumentValues.Family.INSTANT;
            case BINARY -> DocumentValues.Family.BINARY;
            case JSON -> null;
        };
    }

    /**
     * The text form of a model value for a column of a type, as PostgreSQL's input function of
     * that type reads it; null for null.
     */
    static @Nullable String text(ColumnType type, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case STRING, ENUM, DATE -> checkText((String) value);
            case INTEGER, LONG -> Long.toString(((Number) value).longValue());
            case DOUBLE -> Double.toString(((Number) value).doubleValue());
            case DECIMAL -> DocumentValues.toBigDecimal((Number) value).toPlainString();
            case BOOLEAN -> value.toString();
            case UUID -> value.toString();
            case INSTANT -> ((Instant) value).toString();
            case BINARY -> "\\x" + HexFormat.of().formatHex((byte[]) value);
            case JSON -> {
                checkNoNul(value);
                yield PostgresJson.write(value);
            }
        };
    }

    /**
     * Appends one field of a COPY text-format row: null as {@code \N}; backslash, tab, newline
     * and carriage return escaped, so no value can end its field or row early. (NUL never gets
     * here: {@link #checkText} rejects it.)
     */
    static void appendCopyField(StringBuilder out, @Nullable String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** The exact text of a number, for {@code numeric} comparisons. */
    static String numberText(Number n) {
        BigDecimal exact = DocumentValues.toBigDecimal(n);
        return exact.toPlainString();
    }

    /** PostgreSQL text cannot hold NUL: reject it before anything is sent. */
    static String checkText(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PostgreSQL cannot store the NUL character (U+0000) in text: \""
                    + dev.polyglot.spi.FieldPaths.printable(s) + "\"");
        }
        return s;
    }

    static void checkNoNul(@Nullable Object value) {
        if (value instanceof String s) {
            checkText(s);
        } else if (value instanceof java.util.Map<?, ?> map) {
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                checkText((String) e.getKey());
                checkNoNul(e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                checkNoNul(element);
            }
        }
    }

    /** Reads a column of a result set as a model value. */
    static @Nullable Object read(ResultSet rs, int index, TableSpec.Column column) throws SQLException {
        switch (column.type()) {
            case STRING:
            case ENUM:
                return rs.getString(index);
            case INTEGER: {
                int v = rs.getInt(index);
                return rs.wasNull() ? null : (Object) v;
            }
            case LONG: {
                long v = rs.getLong(index);
                return rs.wasNull() ? null : (Object) v;
            }
            case DOUBLE: {
                double v = rs.getDouble(index);
                return rs.wasNull() ? null : (Object) v;
            }
            case DECIMAL:
                return rs.getBigDecimal(index);
            case BOOLEAN: {
                boolean v = rs.getBoolean(index);
                return rs.wasNull() ? null : (Object) v;
            }
            case UUID:
                return rs.getObject(index, UUID.class);
            case INSTANT: {
                OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
                return v == null ? null : v.toInstant();
            }
            case DATE: {
                LocalDate v = rs.getObject(index, LocalDate.class);
                return v == null ? null : v.toString();
            }
            case BINARY:
                return rs.getBytes(index);
            case JSON: {
                String json = rs.getString(index);
                return json == null ? null : PostgresJson.read(json);
            }
            default:
                throw new AssertionError(column.type());
        }
    }

    /** A double-quoted column identifier; column names are validated by the TableSpec. */
    static String column(String name) {
        if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe column name \"" + dev.polyglot.spi.FieldPaths.printable(name) + "\"");
        }
        return "\"" + name + "\"";
    }
}
