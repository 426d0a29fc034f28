package dev.polyglot.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Validation of dotted field paths and document keys, shared by filters, sorts, updates and every
 * adapter that writes documents.
 */
public final class FieldPaths {
    /** Long enough for any real schema, short enough to keep index names and SQL sane. */
    public static final int MAX_LENGTH = 1024;

    private FieldPaths() {
    }

    /**
     * Checks a dotted path: non-empty segments, none starting with {@code $}, no NUL.
     *
     * @param path the path
     * @return the same path
     * @throws IllegalArgumentException naming the problem
     */
    public static String validate(@Nullable String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("field path must not be null or empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("field path is longer than " + MAX_LENGTH + " characters");
        }
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            int end = dot < 0 ? path.length() : dot;
            if (end == start) {
                throw new IllegalArgumentException("field path \"" + printable(path) + "\" has an empty segment");
            }
            if (path.charAt(start) == '$') {
                throw new IllegalArgumentException("field path \"" + printable(path) + "\" has a segment starting with '$'");
            }
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("field path \"" + printable(path) + "\" contains a NUL character");
        }
        return path;
    }

    /**
     * Splits a validated path into its segments.
     *
     * @param path a path accepted by {@link #validate}
     * @return the segments, in order
     */
    public static List<String> segments(String path) {
        return List.of(validate(path).split("\\.", -1));
    }

    /**
     * Checks one key of a stored document: non-empty, no dot, not starting with {@code $}, no NUL.
     *
     * @param key the key
     * @return the same key
     * @throws IllegalArgumentException naming the problem
     */
    public static String validateKey(@Nullable String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("document keys must not be null or empty");
        }
        if (key.indexOf('.') >= 0 || key.charAt(0) == '$' || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("document key \"" + printable(key)
                    + "\" is not allowed: keys must not contain '.' or NUL and must not start with '$'");
        }
        return key;
    }

    /**
     * Shortens a user string for an exception message and makes NUL visible.
     *
     * @param s the string
     * @return a printable form of at most about 80 characters
     */
    public static String printable(String s) {
        String shown = s.replace("\0", "\\0");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }
}
