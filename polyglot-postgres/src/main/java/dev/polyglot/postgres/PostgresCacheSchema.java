package dev.polyglot.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;

/**
 * The tables and functions of the PostgreSQL cache, created idempotently on a store's first
 * operation.
 *
 * <p>One UNLOGGED table holds every namespace's entries: UNLOGGED skips the write-ahead log, which
 * is what a cache wants (fast writes; after a crash PostgreSQL empties the table, and nothing is
 * replicated). Keys are stored as the UTF-16BE bytes of the Java string, which is exact for every
 * string, NUL and unpaired surrogates included; the primary key is on their SHA-256, because a key
 * of 4096 characters is too long for a B-tree entry. Expiry is a {@code bigint} of epoch
 * milliseconds by the database clock, {@link Long#MAX_VALUE} for "never".
 *
 * <p>Rate-limiter grants live in a second UNLOGGED table, one row per grant instant; a PL/pgSQL
 * function decides under a transaction-scoped advisory lock on the (name, key) pair, so every
 * decision is one atomic statement.
 */
final class PostgresCacheSchema {

    /** The entries table. */
    static final String ENTRIES = "pgcache_entries";
    /** The rate-limiter grants table. */
    static final String GRANTS = "pgcache_rate_grants";
    /** SQLState raised by {@code pgcache_add} for a value that is not an integer. */
    static final String NOT_AN_INTEGER = "PY001";
    /** SQLState raised by {@code pgcache_add} when the sum overflows a bigint. */
    static final String OVERFLOW = "PY002";

    /** Serializes creators across sessions, so concurrent first uses never collide in the catalog. */
    private static final long DDL_LOCK = 0x7067636163686531L; // "pgcache1"

    private static final String EXISTS = """
            SELECT to_regclass('pgcache_entries') IS NOT NULL
               AND to_regclass('pgcache_rate_grants') IS NOT NULL
               AND to_regprocedure('pgcache_now_ms()') IS NOT NULL
               AND to_regprocedure('pgcache_expiry(bigint)') IS NOT NULL
               AND to_regprocedure('pgcache_add(bytea,bigint)') IS NOT NULL
               AND to_regprocedure('pgcache_rate_acquire(text,bytea,bigint,bigint,bigint)') IS NOT NULL
            """;

    private static final String[] DDL = {
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS pgcache_entries (
            namespace  text COLLATE "C" NOT NULL,
            key_hash   bytea NOT NULL,
            key        bytea NOT NULL,
            value      bytea NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (namespace, key_hash)
        ) WITH (fillfactor = 80)
        """,
        "CREATE INDEX IF NOT EXISTS pgcache_entries_expiry ON pgcache_entries (expires_at)",
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS pgcache_rate_grants (
            name       text COLLATE "C" NOT NULL,
            key_hash   bytea NOT NULL,
            granted_at bigint NOT NULL,
            permits    bigint NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (name, key_hash, granted_at)
        )
        """,
        "CREATE INDEX IF NOT EXISTS pgcache_rate_grants_expiry ON pgcache_rate_grants (expires_at)",
        // The statement's start by the database clock, in epoch milliseconds: one value per statement.
        """
        CREATE OR REPLACE FUNCTION pgcache_now_ms() RETURNS bigint
        LANGUAGE sql STABLE PARALLEL SAFE
        AS $$ SELECT floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint $$
        """,
        // A TTL too long to represent saturates at "never".
        """
        CREATE OR REPLACE FUNCTION pgcache_expiry(ttl_ms bigint) RETURNS bigint
        LANGUAGE sql STABLE PARALLEL SAFE
        AS $$ SELECT pgcache_now_ms() + LEAST(ttl_ms, 9223372036854775807 - pgcache_now_ms()) $$
        """,
        // Adds to a JSON integer held as bytes; anything else raises, so the statement changes nothing.
        """
        CREATE OR REPLACE FUNCTION pgcache_add(current_value bytea, delta bigint) RETURNS bytea
        LANGUAGE plpgsql IMMUTABLE
        AS $$
        DECLARE
            digits text := btrim(encode(current_value, 'escape'), E' \\t\\r\\n');
            total numeric;
        BEGIN
            IF digits !~ '^-?[0-9]+$' THEN
                RAISE EXCEPTION 'the value is not an integer' USING ERRCODE = 'PY001';
            END IF;
            total := digits::numeric + delta;
            IF total < -9223372036854775808 OR total > 9223372036854775807 THEN
                RAISE EXCEPTION 'the sum overflows a bigint (current value %)', digits USING ERRCODE = 'PY002';
            END IF;
            RETURN convert_to(total::text, 'UTF8');
        END
        $$
        """,
        // One sliding-window-log decision, serialized per (name, key) by an advisory lock held to commit.
        """
        CREATE OR REPLACE FUNCTION pgcache_rate_acquire(p_name text, p_key bytea, p_permits bigint,
                p_limit bigint, p_window bigint)
        RETURNS TABLE (out_allowed boolean, out_remaining bigint, out_retry_ms bigint)
        LANGUAGE plpgsql VOLATILE
        AS $$
        DECLARE
            v_hash bytea := sha256(p_key);
            v_now bigint;
            v_last bigint;
            v_used numeric;
            v_free_at bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtextextended(p_name || ':' || encode(v_hash, 'hex'), 0));
            -- Read the clock after the lock, and never let it step back behind a recorded grant.
            v_now := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
            SELECT max(g.granted_at) INTO v_last
              FROM pgcache_rate_grants g WHERE g.name = p_name AND g.key_hash = v_hash;
            IF v_last IS NOT NULL AND v_last > v_now THEN
                v_now := v_last;
            END IF;
            DELETE FROM pgcache_rate_grants g
             WHERE g.name = p_name AND g.key_hash = v_hash AND g.granted_at <= v_now - p_window;
            SELECT coalesce(sum(g.permits), 0) INTO v_used
              FROM pgcache_rate_grants g WHERE g.name = p_name AND g.key_hash = v_hash;
            IF v_used + p_permits <= p_limit THEN
                INSERT INTO pgcache_rate_grants AS g (name, key_hash, granted_at, permits, expires_at)
                VALUES (p_name, v_hash, v_now, p_permits, v_now + LEAST(p_window, 9223372036854775807 - v_now))
                ON CONFLICT (name, key_hash, granted_at)
                DO UPDATE SET permits = g.permits + excluded.permits,
                              expires_at = GREATEST(g.expires_at, excluded.expires_at);
                RETURN QUERY SELECT true, (p_limit - v_used - p_permits)::bigint, 0::bigint;
            ELSE
                -- Denied, consuming nothing: the oldest grant whose expiry frees enough permits.
                SELECT s.granted_at INTO v_free_at
                  FROM (SELECT g.granted_at, sum(g.permits) OVER (ORDER BY g.granted_at) AS freed
                          FROM pgcache_rate_grants g WHERE g.name = p_name AND g.key_hash = v_hash) s
                 WHERE s.freed >= v_used + p_permits - p_limit
                 ORDER BY s.granted_at LIMIT 1;
                RETURN QUERY SELECT false, GREATEST(p_limit - v_used, 0)::bigint,
                    CASE WHEN v_free_at IS NULL THEN p_window ELSE p_window - (v_now - v_free_at) END;
            END IF;
        END
        $$
        """,
    };

    private PostgresCacheSchema() {
    }

    /**
     * Creates the tables and functions unless they all exist, under an advisory lock so concurrent
     * creators (threads, stores, JVMs) wait for each other instead of failing.
     */
    static void ensure(Handle handle) throws SQLException {
        if (exists(handle.getConnection())) {
            return;
        }
        PostgresSessions.inTransaction(handle, c -> {
            try (Statement statement = c.createStatement()) {
                // A plain Statement: the function bodies contain '?', which is no parameter here.
                statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                if (!exists(c)) {
                    for (String ddl : DDL) {
                        statement.execute(ddl);
                    }
                }
            }
            return null;
        });
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(EXISTS)) {
            return rows.next() && rows.getBoolean(1);
        }
    }
}
