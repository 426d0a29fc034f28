package dev.polyglot.postgres;

import dev.polyglot.spi.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives PostgreSQL identifiers from port-level names.
 *
 * <p>Identifiers cannot be bound as parameters, so this is the one place names reach SQL text: a
 * name is first validated with {@link Ids#requireName} (letters, digits, underscore), then
 * prefixed (its case kept), shortened with a hash when longer than PostgreSQL's 63-byte limit, and
 * double-quoted.
 */
final class PostgresNames {
    private static final int MAX_IDENTIFIER = 63;

    private PostgresNames() {
    }

    /**
     * Returns the quoted identifier of a port object, such as {@code "pg_doc_orders"}.
     *
     * @param prefix a fixed prefix of the adapter's, such as {@code "polyglot_doc_"}
     * @param name the user's collection, namespace or table name
     * @param what what the name names, for validation messages
     */
    static String quoted(String prefix, String name, String what) {
        return "\"" + identifier(prefix, name, what) + "\"";
    }

    /**
     * Returns the unquoted identifier of a port object (for catalog lookups).
     *
     * @param prefix a fixed prefix of the adapter's
     * @param name the user's name
     * @param what what the name names, for validation messages
     */
    static String identifier(String prefix, String name, String what) {
        // Case is kept: the identifier is always quoted, so "Orders" and "orders" stay two objects.
        String base = prefix + Ids.requireName(name, what);
        if (base.length() <= MAX_IDENTIFIER) {
            return base;
        }
        // Keep it readable and unique: the start of the name plus a hash of the whole name.
        String hash = sha256(name).substring(0, 10);
        return base.substring(0, MAX_IDENTIFIER - hash.length() - 1) + "_" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
