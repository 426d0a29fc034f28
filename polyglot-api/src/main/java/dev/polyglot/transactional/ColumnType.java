package dev.polyglot.transactional;

/**
 * The portable type of a table column, derived from the Java type of its property; adapters map
 * each to a native column type (for PostgreSQL: text, integer, bigint, double precision, numeric,
 * boolean, uuid, timestamptz, date, text, bytea, jsonb).
 */
public enum ColumnType {
    /** {@code String}, {@code char}, {@code LocalDateTime}, {@code LocalTime} (ISO-8601 text). */
    STRING,
    /** {@code int}, {@code short}, {@code byte} and their boxes. */
    INTEGER,
    /** {@code long} and {@code Long}. */
    LONG,
    /** {@code double}, {@code float} and their boxes. */
    DOUBLE,
    /** {@code BigDecimal}, {@code BigInteger}. */
    DECIMAL,
    /** {@code boolean} and {@code Boolean}. */
    BOOLEAN,
    /** {@code UUID}. */
    UUID,
    /** {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime} (read back in UTC). */
    INSTANT,
    /** {@code LocalDate}. */
    DATE,
    /** Enums, stored as their name. */
    ENUM,
    /** {@code byte[]}. */
    BINARY,
    /** Nested records, POJOs, collections, maps and anything else, stored as a JSON document. */
    JSON
}
