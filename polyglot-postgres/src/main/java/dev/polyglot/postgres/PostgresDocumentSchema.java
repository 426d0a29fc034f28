package dev.polyglot.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQL functions and the index catalog the Document adapter keeps in the database, and the DDL of
 * one collection table.
 *
 * <p>The functions implement the reference semantics of {@link dev.polyglot.spi.DocumentFilters},
 * {@link dev.polyglot.spi.DocumentUpdates} and {@link dev.polyglot.codec.DocumentValues#compare} on
 * {@code jsonb} holding {@link PostgresJson} text. Every user-supplied path and value reaches them
 * as a bound argument. A missing field is SQL {@code NULL}, a JSON null is {@code 'null'::jsonb}.
 * Family numbers follow {@link dev.polyglot.codec.DocumentValues.Family} order: null 0, number 1,
 * string 2, document 3, array 4, binary 5, uuid 6, boolean 7, instant 8.
 *
 * <p>All DDL is sent through plain JDBC statements (no Jdbi parameter parsing, no JDBC escape
 * processing) under one transaction-scoped advisory lock, so concurrent creators never clash.
 */
final class PostgresDocumentSchema {

    /** The advisory lock every Document DDL takes. */
    static final long DDL_LOCK = 0x706f6c79646f6331L;

    /** Table of the indexes every collection has, read by the expiry trigger and index lookups. */
    static final String CATALOG = "polyglot_doc_indexes";

    /** SQLSTATE the update function raises for a change that does not fit the stored document. */
    static final String UPDATE_MISFIT = "PX001";

    private static final List<String> FUNCTIONS = List.of(
            "CREATE TABLE IF NOT EXISTS " + CATALOG + " ("
                    + " table_name text COLLATE \"C\" NOT NULL, index_name text COLLATE \"C\" NOT NULL,"
                    + " paths jsonb NOT NULL, is_unique boolean NOT NULL, ttl_micros bigint, ttl_path text[],"
                    + " pg_index text, PRIMARY KEY (table_name, index_name))",

            // Every value a path reaches, walking into arrays of documents; NULL where it stops short.
            "CREATE OR REPLACE FUNCTION polyglot_doc_leaves(node jsonb, path text[], i int) RETURNS SETOF jsonb"
                    + " LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "DECLARE e jsonb;\n"
                    + "BEGIN\n"
                    + "  IF i > coalesce(array_length(path, 1), 0) THEN RETURN NEXT node; RETURN; END IF;\n"
                    + "  IF jsonb_typeof(node) = 'object' THEN\n"
                    + "    IF node ? path[i] THEN RETURN QUERY SELECT * FROM polyglot_doc_leaves(node -> path[i], path, i + 1);\n"
                    + "    ELSE RETURN NEXT NULL; END IF;\n"
                    + "  ELSIF jsonb_typeof(node) = 'array' AND i > 1 THEN\n"
                    + "    IF jsonb_array_length(node) = 0 THEN RETURN NEXT NULL; END IF;\n"
                    + "    FOR e IN SELECT x FROM jsonb_array_elements(node) AS x LOOP\n"
                    + "      IF jsonb_typeof(e) = 'object' THEN RETURN QUERY SELECT * FROM polyglot_doc_leaves(e, path, i);\n"
                    + "      ELSE RETURN NEXT NULL; END IF;\n"
                    + "    END LOOP;\n"
                    + "  ELSE RETURN NEXT NULL;\n"
                    + "  END IF;\n"
                    + "  RETURN;\n"
                    + "END $f$",

            // The scalars a comparison looks at: each present leaf, and the elements of each array leaf.
            "CREATE OR REPLACE FUNCTION polyglot_doc_candidates(doc jsonb, path text[]) RETURNS SETOF jsonb"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT x.c FROM polyglot_doc_leaves(doc, path, 1) AS l(v)\n"
                    + "  CROSS JOIN LATERAL (SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(l.v) = 'array' THEN l.v END) AS e\n"
                    + "                      UNION ALL SELECT l.v WHERE jsonb_typeof(l.v) <> 'array') AS x(c)\n"
                    + "  WHERE l.v IS NOT NULL\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_family(v jsonb) RETURNS int"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE jsonb_typeof(v) WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'array' THEN 4"
                    + " WHEN 'boolean' THEN 7 WHEN 'object' THEN CASE WHEN v ? '$binary' THEN 5 WHEN v ? '$uuid' THEN 6"
                    + " WHEN v ? '$date' THEN 8 ELSE 3 END ELSE 0 END\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_family_name(v jsonb) RETURNS text"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT (ARRAY['NULL','NUMBER','STRING','DOCUMENT','ARRAY','BINARY','UUID','BOOLEAN','INSTANT'])"
                    + "[polyglot_doc_family(v) + 1]\n"
                    + "$f$",

            // Second sort key within a family: the number, or the length of binary values.
            "CREATE OR REPLACE FUNCTION polyglot_doc_num(v jsonb) RETURNS numeric"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN v::numeric"
                    + " WHEN jsonb_typeof(v) = 'object' AND v ? '$binary' THEN length(decode(v ->> '$binary', 'base64'))::numeric"
                    + " ELSE 0 END\n"
                    + "$f$",

            // Third sort key within a family, compared with COLLATE "C" (code point order).
            "CREATE OR REPLACE FUNCTION polyglot_doc_txt(v jsonb) RETURNS text"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE jsonb_typeof(v) WHEN 'string' THEN v #>> '{}' WHEN 'boolean' THEN v #>> '{}'"
                    + " WHEN 'array' THEN v::text"
                    + " WHEN 'object' THEN CASE WHEN v ? '$binary' THEN encode(decode(v ->> '$binary', 'base64'), 'hex')"
                    + " WHEN v ? '$uuid' THEN v ->> '$uuid' WHEN v ? '$date' THEN v ->> '$date' ELSE v::text END"
                    + " ELSE '' END\n"
                    + "$f$",

            // The first value a path reaches, 'null' when none: sort keys, unique keys, TTL instants.
            "CREATE OR REPLACE FUNCTION polyglot_doc_value_at(doc jsonb, path text[]) RETURNS jsonb"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT coalesce((SELECT l.v FROM polyglot_doc_leaves(doc, path, 1) WITH ORDINALITY AS l(v, n)"
                    + " WHERE l.v IS NOT NULL ORDER BY l.n LIMIT 1), 'null'::jsonb)\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_eq(doc jsonb, path text[], val jsonb) RETURNS boolean"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE WHEN val = 'null'::jsonb THEN EXISTS (SELECT 1 FROM polyglot_doc_leaves(doc, path, 1) AS l(v)"
                    + " WHERE l.v IS NULL OR l.v = 'null'::jsonb OR (jsonb_typeof(l.v) = 'array'"
                    + " AND EXISTS (SELECT 1 FROM jsonb_array_elements(l.v) AS e WHERE e = 'null'::jsonb)))"
                    + " ELSE EXISTS (SELECT 1 FROM polyglot_doc_candidates(doc, path) AS c WHERE c = val) END\n"
                    + "$f$",

            // op: -2 lt, -1 lte, 1 gte, 2 gt; only values of the same family compare.
            "CREATE OR REPLACE FUNCTION polyglot_doc_cmp(doc jsonb, path text[], val jsonb, op int) RETURNS boolean"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT EXISTS (SELECT 1 FROM polyglot_doc_candidates(doc, path) AS c"
                    + " WHERE polyglot_doc_family(c) = polyglot_doc_family(val) AND CASE op"
                    + " WHEN -2 THEN (polyglot_doc_num(c), polyglot_doc_txt(c) COLLATE \"C\") < (polyglot_doc_num(val), polyglot_doc_txt(val) COLLATE \"C\")"
                    + " WHEN -1 THEN (polyglot_doc_num(c), polyglot_doc_txt(c) COLLATE \"C\") <= (polyglot_doc_num(val), polyglot_doc_txt(val) COLLATE \"C\")"
                    + " WHEN 1 THEN (polyglot_doc_num(c), polyglot_doc_txt(c) COLLATE \"C\") >= (polyglot_doc_num(val), polyglot_doc_txt(val) COLLATE \"C\")"
                    + " ELSE (polyglot_doc_num(c), polyglot_doc_txt(c) COLLATE \"C\") > (polyglot_doc_num(val), polyglot_doc_txt(val) COLLATE \"C\") END)\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_exists(doc jsonb, path text[]) RETURNS boolean"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT EXISTS (SELECT 1 FROM polyglot_doc_leaves(doc, path, 1) AS l(v) WHERE l.v IS NOT NULL)\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_contains(doc jsonb, path text[], val jsonb) RETURNS boolean"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT EXISTS (SELECT 1 FROM polyglot_doc_leaves(doc, path, 1) AS l(v)"
                    + " CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(l.v) = 'array' THEN l.v END) AS e"
                    + " WHERE e = val)\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_starts_with(doc jsonb, path text[], prefix text) RETURNS boolean"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT EXISTS (SELECT 1 FROM polyglot_doc_candidates(doc, path) AS c"
                    + " WHERE jsonb_typeof(c) = 'string' AND left(c #>> '{}', length(prefix)) = prefix)\n"
                    + "$f$",

            // The earliest instant a TTL field holds (the value itself or the instants of an array).
            "CREATE OR REPLACE FUNCTION polyglot_doc_instant(v jsonb) RETURNS timestamptz"
                    + " LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "DECLARE t text; best timestamptz; cur timestamptz; e jsonb;\n"
                    + "BEGIN\n"
                    + "  IF jsonb_typeof(v) = 'object' AND v ? '$date' THEN\n"
                    + "    t := v ->> '$date';\n"
                    + "    BEGIN RETURN t::timestamptz;\n"
                    + "    EXCEPTION WHEN OTHERS THEN RETURN CASE WHEN left(t, 1) = '-' THEN '-infinity'::timestamptz"
                    + " ELSE 'infinity'::timestamptz END;\n"
                    + "    END;\n"
                    + "  ELSIF jsonb_typeof(v) = 'array' THEN\n"
                    + "    FOR e IN SELECT x FROM jsonb_array_elements(v) AS x LOOP\n"
                    + "      IF jsonb_typeof(e) = 'object' AND e ? '$date' THEN\n"
                    + "        cur := polyglot_doc_instant(e);\n"
                    + "        IF best IS NULL OR cur < best THEN best := cur; END IF;\n"
                    + "      END IF;\n"
                    + "    END LOOP;\n"
                    + "    RETURN best;\n"
                    + "  END IF;\n"
                    + "  RETURN NULL;\n"
                    + "END $f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_expiry(doc jsonb, tbl text) RETURNS timestamptz"
                    + " LANGUAGE plpgsql STABLE AS $f$\n"
                    + "DECLARE r record; t timestamptz; best timestamptz;\n"
                    + "BEGIN\n"
                    + "  FOR r IN SELECT ttl_path, ttl_micros FROM " + CATALOG + " WHERE table_name = tbl AND ttl_micros IS NOT NULL LOOP\n"
                    + "    t := polyglot_doc_instant(polyglot_doc_value_at(doc, r.ttl_path));\n"
                    + "    IF t IS NOT NULL THEN\n"
                    + "      BEGIN t := t + r.ttl_micros * interval '1 microsecond';\n"
                    + "      EXCEPTION WHEN OTHERS THEN t := 'infinity'::timestamptz;\n"
                    + "      END;\n"
                    + "      IF best IS NULL OR t < best THEN best := t; END IF;\n"
                    + "    END IF;\n"
                    + "  END LOOP;\n"
                    + "  RETURN best;\n"
                    + "END $f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_stamp() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
                    + "BEGIN NEW.expires_at := polyglot_doc_expiry(NEW.doc, TG_TABLE_NAME); RETURN NEW; END $f$",

            // Sets a key of an object, appending it to the kept key order when it is new.
            "CREATE OR REPLACE FUNCTION polyglot_doc_put(node jsonb, k text, val jsonb) RETURNS jsonb"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE WHEN node ? k THEN node || jsonb_build_object(k, val)"
                    + " ELSE node || jsonb_build_object(k, val) || jsonb_build_object('$keys',"
                    + " coalesce(node -> '$keys', (SELECT coalesce(jsonb_agg(x), '[]'::jsonb) FROM jsonb_object_keys(node) AS x))"
                    + " || jsonb_build_array(k)) END\n"
                    + "$f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_remove(node jsonb, k text) RETURNS jsonb"
                    + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$\n"
                    + "  SELECT CASE WHEN node ? '$keys' THEN (node - k) || jsonb_build_object('$keys', (node -> '$keys') - k)"
                    + " ELSE node - k END\n"
                    + "$f$",

            // One update operation {"o": set|unset|inc|push, "p": path text, "s": segments, "v": value, "k": delta type}.
            "CREATE OR REPLACE FUNCTION polyglot_doc_apply_op(node jsonb, op jsonb, path text[], i int) RETURNS jsonb"
                    + " LANGUAGE plpgsql IMMUTABLE AS $f$\n"
                    + "DECLARE k text := path[i]; kind text := op ->> 'o'; child jsonb; cur jsonb; val jsonb := op -> 'v';\n"
                    + "  n int := array_length(path, 1); res numeric; dk text := op ->> 'k';\n"
                    + "BEGIN\n"
                    + "  IF i < n THEN\n"
                    + "    child := node -> k;\n"
                    + "    IF child IS NULL THEN\n"
                    + "      IF kind = 'unset' THEN RETURN node; END IF;\n"
                    + "      child := '{}'::jsonb;\n"
                    + "    ELSIF polyglot_doc_family(child) <> 3 THEN\n"
                    + "      IF kind = 'unset' THEN RETURN node; END IF;\n"
                    + "      RAISE EXCEPTION USING ERRCODE = '" + UPDATE_MISFIT + "', MESSAGE = format('cannot change \"%s\": \"%s\" holds %s, not an object',"
                    + " op ->> 'p', array_to_string(path[1:i], '.'), polyglot_doc_family_name(child));\n"
                    + "    END IF;\n"
                    + "    RETURN polyglot_doc_put(node, k, polyglot_doc_apply_op(child, op, path, i + 1));\n"
                    + "  END IF;\n"
                    + "  IF kind = 'set' THEN RETURN polyglot_doc_put(node, k, val);\n"
                    + "  ELSIF kind = 'unset' THEN RETURN polyglot_doc_remove(node, k);\n"
                    + "  END IF;\n"
                    + "  cur := node -> k;\n"
                    + "  IF kind = 'push' THEN\n"
                    + "    IF cur IS NULL THEN RETURN polyglot_doc_put(node, k, jsonb_build_array(val)); END IF;\n"
                    + "    IF jsonb_typeof(cur) = 'array' THEN RETURN polyglot_doc_put(node, k, cur || jsonb_build_array(val)); END IF;\n"
                    + "    RAISE EXCEPTION USING ERRCODE = '" + UPDATE_MISFIT + "', MESSAGE = format('cannot push to \"%s\": it holds %s, not an array',"
                    + " op ->> 'p', polyglot_doc_family_name(cur));\n"
                    + "  END IF;\n"
                    + "  IF cur IS NULL THEN RETURN polyglot_doc_put(node, k, val); END IF;\n"
                    + "  IF jsonb_typeof(cur) <> 'number' THEN\n"
                    + "    RAISE EXCEPTION USING ERRCODE = '" + UPDATE_MISFIT + "', MESSAGE = format('cannot inc \"%s\": it holds %s, not a number',"
                    + " op ->> 'p', polyglot_doc_family_name(cur));\n"
                    + "  END IF;\n"
                    + "  IF dk = 'double' THEN\n"
                    + "    RETURN polyglot_doc_put(node, k, to_jsonb(cur::numeric::float8 + val::numeric::float8));\n"
                    + "  END IF;\n"
                    + "  res := cur::numeric + val::numeric;\n"
                    + "  IF dk <> 'decimal' AND cur::text !~ '[.eE]'"
                    + " AND cur::numeric BETWEEN -9223372036854775808 AND 9223372036854775807"
                    + " AND res NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN\n"
                    + "    RAISE EXCEPTION USING ERRCODE = '" + UPDATE_MISFIT + "', MESSAGE = format('inc of \"%s\" overflows a long', op ->> 'p');\n"
                    + "  END IF;\n"
                    + "  RETURN polyglot_doc_put(node, k, to_jsonb(res));\n"
                    + "END $f$",

            "CREATE OR REPLACE FUNCTION polyglot_doc_apply(doc jsonb, ops jsonb) RETURNS jsonb"
                    + " LANGUAGE plpgsql IMMUTABLE AS $f$\n"
                    + "DECLARE op jsonb;\n"
                    + "BEGIN\n"
                    + "  FOR op IN SELECT x FROM jsonb_array_elements(ops) AS x LOOP\n"
                    + "    doc := polyglot_doc_apply_op(doc, op, ARRAY(SELECT jsonb_array_elements_text(op -> 's')), 1);\n"
                    + "  END LOOP;\n"
                    + "  RETURN doc;\n"
                    + "END $f$",

            // Creates a unique index on the first value of each path; paths arrive as bound arguments
            // and reach the DDL text only through format('%L'), quoted by the server.
            "CREATE OR REPLACE FUNCTION polyglot_doc_create_unique(tbl text, idx text, paths jsonb) RETURNS void"
                    + " LANGUAGE plpgsql AS $f$\n"
                    + "DECLARE exprs text;\n"
                    + "BEGIN\n"
                    + "  SELECT string_agg(format('polyglot_doc_value_at(doc, %L::text[])',"
                    + " ARRAY(SELECT jsonb_array_elements_text(p))::text), ', ' ORDER BY n) INTO exprs"
                    + " FROM jsonb_array_elements(paths) WITH ORDINALITY AS a(p, n);\n"
                    + "  EXECUTE format('CREATE UNIQUE INDEX %I ON %I (%s)', idx, tbl, exprs);\n"
                    + "END $f$");

    private PostgresDocumentSchema() {
    }

    /** Creates or replaces the functions and the index catalog. */
    static void install(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            // PostgreSQL 17 runs index expressions with search_path = pg_catalog during maintenance
            // (CREATE INDEX, REINDEX, VACUUM), so the functions call each other schema-qualified.
            String schema;
            try (ResultSet rs = statement.executeQuery("SELECT quote_ident(current_schema())")) {
                rs.next();
                schema = rs.getString(1);
            }
            for (String ddl : FUNCTIONS) {
                statement.execute(ddl.replace("polyglot_doc_", schema + ".polyglot_doc_"));
            }
        }
    }

    /** Creates a collection table, its expiry index and its expiry trigger if they do not exist. */
    static void createTable(Connection connection, String table, String expiryIndex) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id text COLLATE \"C\" PRIMARY KEY,"
                    + " doc jsonb NOT NULL, revision bigint NOT NULL, schema_version int NOT NULL, expires_at timestamptz)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + expiryIndex + " ON " + table
                    + " (expires_at) WHERE expires_at IS NOT NULL");
            statement.execute("CREATE OR REPLACE TRIGGER polyglot_doc_stamp BEFORE INSERT OR UPDATE OF doc ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION polyglot_doc_stamp()");
        }
    }

    /** Runs one DDL statement of an identifier-only text under the DDL lock. */
    static void ddl(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            statement.execute(sql);
        }
    }
}
