package dev.polyglot.spi;

import org.jspecify.annotations.Nullable;

/**
 * Validation of record ids and cache keys, shared by every port and adapter so each accepts
 * exactly the same ids.
 */
public final class Ids {
    /** The longest id a record may have, in characters. */
    public static final int MAX_ID_LENGTH = 512;
    /** The longest cache key, in characters. */
    public static final int MAX_KEY_LENGTH = 4096;

    private Ids() {
    }

    /**
     * Checks a document or vector id: not null, not blank, at most {@value #MAX_ID_LENGTH}
     * characters, no NUL.
     *
     * @param id the id
     * @param what what the id names, for the message (such as {@code "document id"})
     * @return the same id
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireId(@Nullable String id, String what) {
        if (id == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " \"" + FieldPaths.printable(id) + "\" contains a NUL character");
        }
        return id;
    }

    /**
     * Checks a cache key: not null, at most {@value #MAX_KEY_LENGTH} characters; any other string,
     * including the empty one and ones with spaces, colons or NUL, is a valid key.
     *
     * @param key the key
     * @return the same key
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireKey(@Nullable String key) {
        if (key == null) {
            throw new IllegalArgumentException("cache key must not be null");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("cache key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    /**
     * Checks a collection, namespace or table name: 1 to 63 characters, letters, digits and
     * underscore, starting with a letter, so it is a safe identifier in every store.
     *
     * @param name the name
     * @param what what the name names, for the message (such as {@code "collection name"})
     * @return the same name
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireName(@Nullable String name, String what) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(what + " \"" + (name == null ? "null" : FieldPaths.printable(name))
                    + "\" is not allowed: use 1 to 63 letters, digits or '_', starting with a letter");
        }
        return name;
    }
}
