package dev.polyglot.postgres;

/**
 * The statements of the PostgreSQL cache. Every user value (namespace, key, value, TTL, delta) is a
 * bound parameter; a key is bound as its UTF-16BE bytes and found by {@code sha256(key)}, the
 * primary key. "Live" is always {@code expires_at > pgcache_now_ms()}, one clock reading per
 * statement. The comment on each statement lists its parameters in order.
 */
final class PostgresCacheSql {

    /** namespace, key. */
    static final String GET = """
            SELECT value FROM pgcache_entries
             WHERE namespace = ? AND key_hash = sha256(?) AND expires_at > pgcache_now_ms()
            """;

    /** namespace, key, key, value, TTL millis ({@link Long#MAX_VALUE}: never). */
    static final String PUT = """
            INSERT INTO pgcache_entries AS c (namespace, key_hash, key, value, expires_at)
            VALUES (?, sha256(?), ?, ?, pgcache_expiry(?))
            ON CONFLICT (namespace, key_hash)
            DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            """;

    /** Inserts, or replaces an expired row; a live row is left alone and nothing is returned. Parameters as {@link #PUT}. */
    static final String PUT_IF_ABSENT = """
            INSERT INTO pgcache_entries AS c (namespace, key_hash, key, value, expires_at)
            VALUES (?, sha256(?), ?, ?, pgcache_expiry(?))
            ON CONFLICT (namespace, key_hash)
            DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            WHERE c.expires_at <= pgcache_now_ms()
            RETURNING true
            """;

    /** Deletes the row, expired or not, and tells whether it was live. namespace, key. */
    static final String DELETE = """
            DELETE FROM pgcache_entries
             WHERE namespace = ? AND key_hash = sha256(?)
            RETURNING expires_at > pgcache_now_ms()
            """;

    /** namespace, keys as a text[] of hex-encoded UTF-16BE bytes (bytea arrays bind unevenly across drivers). */
    static final String GET_ALL = """
            SELECT c.key, c.value FROM pgcache_entries c
             WHERE c.namespace = ?
               AND c.key_hash = ANY (ARRAY(SELECT sha256(decode(k, 'hex')) FROM unnest(CAST(? AS text[])) AS k))
               AND c.expires_at > pgcache_now_ms()
            """;

    /**
     * namespace, TTL millis, hex keys, hex values. Rows go in key-hash order, so concurrent bulk writes
     * lock rows in one order and cannot deadlock.
     */
    static final String PUT_ALL = """
            INSERT INTO pgcache_entries AS c (namespace, key_hash, key, value, expires_at)
            SELECT ?, sha256(decode(u.k, 'hex')), decode(u.k, 'hex'), decode(u.v, 'hex'), pgcache_expiry(?)
              FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS u(k, v)
             ORDER BY 2
            ON CONFLICT (namespace, key_hash)
            DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            """;

    /**
     * Adds to a live counter keeping its expiry, or (re)creates a missing or expired one with the TTL;
     * {@code pgcache_add} raises for a non-integer or an overflow, so then nothing changes.
     * namespace, key, key, delta, TTL millis, delta.
     */
    static final String INCREMENT = """
            INSERT INTO pgcache_entries AS c (namespace, key_hash, key, value, expires_at)
            VALUES (?, sha256(?), ?, convert_to(CAST(? AS bigint)::text, 'UTF8'), pgcache_expiry(?))
            ON CONFLICT (namespace, key_hash)
            DO UPDATE SET
                value = CASE WHEN c.expires_at > pgcache_now_ms()
                             THEN pgcache_add(c.value, CAST(? AS bigint)) ELSE excluded.value END,
                expires_at = CASE WHEN c.expires_at > pgcache_now_ms() THEN c.expires_at ELSE excluded.expires_at END
            RETURNING convert_from(value, 'UTF8')::bigint
            """;

    /** TTL millis, namespace, key. */
    static final String TOUCH = """
            UPDATE pgcache_entries SET expires_at = pgcache_expiry(?)
             WHERE namespace = ? AND key_hash = sha256(?) AND expires_at > pgcache_now_ms()
            """;

    /** The expiry of a live row and the clock reading it was judged by. namespace, key. */
    static final String TTL = """
            SELECT expires_at, pgcache_now_ms()
              FROM pgcache_entries
             WHERE namespace = ? AND key_hash = sha256(?) AND expires_at > pgcache_now_ms()
            """;

    /** Live keys in key-hash order (the primary key's order). namespace, limit, offset. */
    static final String KEYS = """
            SELECT key FROM pgcache_entries
             WHERE namespace = ? AND expires_at > pgcache_now_ms()
             ORDER BY key_hash LIMIT ? OFFSET ?
            """;

    /** Live keys after a key, in key-hash order. namespace, last key, limit. */
    static final String KEYS_AFTER = """
            SELECT key FROM pgcache_entries
             WHERE namespace = ? AND key_hash > sha256(?) AND expires_at > pgcache_now_ms()
             ORDER BY key_hash LIMIT ?
            """;

    /** name, key, permits, limit, window millis. */
    static final String RATE_ACQUIRE = """
            SELECT out_allowed, out_remaining, out_retry_ms
              FROM pgcache_rate_acquire(?, ?, ?, ?, ?)
            """;

    /** No parameters; returns how many rows went. */
    static final String PURGE = """
            WITH entries AS (
                DELETE FROM pgcache_entries WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM pgcache_entries WHERE expires_at <= pgcache_now_ms()
                     LIMIT 10000 FOR UPDATE SKIP LOCKED))
                RETURNING 1
            ), grants AS (
                DELETE FROM pgcache_rate_grants WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM pgcache_rate_grants WHERE expires_at <= pgcache_now_ms()
                     LIMIT 10000 FOR UPDATE SKIP LOCKED))
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM grants)
            """;

    private PostgresCacheSql() {
    }
}
