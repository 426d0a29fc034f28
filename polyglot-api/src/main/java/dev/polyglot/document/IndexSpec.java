package dev.polyglot.document;

import dev.polyglot.spi.DocumentFilters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An index of a document collection: one or more field paths, optionally unique, or a TTL index
 * that expires documents.
 *
 * <p><b>Unique</b> indexes follow MongoDB: the key of a document is the tuple of the values at the
 * index paths, a missing field counts as null (so two documents both without the field clash),
 * and numbers compare by value ({@code 1} and {@code 1.0} clash). A write that would create a
 * second document with the same key fails with {@link dev.polyglot.DuplicateKeyException} naming
 * the index, and writes nothing; creating a unique index over documents that already clash fails
 * the same way and creates no index. Unique indexes are meant for scalar fields: how array values
 * are compared differs between stores (MongoDB indexes each element).
 *
 * <p><b>TTL</b> indexes follow MongoDB too: a document whose field holds an {@link Instant} (or an
 * array of instants: the earliest counts) expires once that instant plus the duration is not in
 * the future. An expired document is gone for every read, count, scan and find, it may be
 * replaced by an insert with its id, and the store purges it. A document whose field is missing
 * or not an instant never expires.
 *
 * <pre>{@code
 * orders.createIndex(IndexSpec.on("customer.id", "createdAt"));
 * users.createIndex(IndexSpec.on("email").unique());
 * sessions.createIndex(IndexSpec.ttl("lastSeen", Duration.ofMinutes(30)));
 * }</pre>
 *
 * @param paths the indexed field paths, most significant first
 * @param isUnique whether no two documents may share a key
 * @param ttl for a TTL index, how long after the instant in its single path a document expires;
 *     null otherwise
 */
public record IndexSpec(List<String> paths, boolean isUnique, @Nullable Duration ttl) {

    /**
     * Validates the paths and the TTL. * @throws IllegalArgumentException for no paths, a bad or repeated path, a negative TTL or a TTL index on more than one path
     *
     * @param paths the indexed field paths, most significant first
     * @param isUnique whether no two documents may share a key
     * @param ttl for a TTL index, how long after the instant in its single path a document expires; null otherwise
     */
    public IndexSpec {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one field path");
        }
        List<String> copy = new ArrayList<>(paths.size());
        Set<String> seen = new HashSet<>();
        for (String path : paths) {
            DocumentKeys.validatePath(path);
            if (!seen.add(path)) {
                throw new IllegalArgumentException("index path \"" + path + "\" is used twice");
            }
            copy.add(path);
        }
        paths = List.copyOf(copy);
        if (ttl != null) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("a TTL must not be negative, got " + ttl);
            }
            if (paths.size() != 1) {
                throw new IllegalArgumentException("a TTL index has exactly one field path, got " + paths);
            }
        }
    }

    /**
     * Creates a non-unique index on one or more paths.
     *
     * @param paths the field paths, most significant first
     * @return the spec
     * @throws IllegalArgumentException for no paths or a bad or repeated path
     */
    public static IndexSpec on(String... paths) {
        if (paths == null) {
            throw new IllegalArgumentException("an index needs at least one field path");
        }
        return new IndexSpec(Arrays.asList(paths), false, null);
    }

    /**
     * Creates a TTL index: documents expire {@code ttl} after the instant their field holds.
     *
     * @param path the field holding an {@link Instant}
     * @param ttl how long after that instant the document expires; zero expires at the instant
     * @return the spec
     * @throws IllegalArgumentException for a bad path or a null or negative TTL
     */
    public static IndexSpec ttl(String path, Duration ttl) {
        if (ttl == null) {
            throw new IllegalArgumentException("a TTL index needs a duration");
        }
        return new IndexSpec(List.of(path), false, ttl);
    }

    /**
     * Returns the same index, unique.
     *
     * @return a unique copy of this spec
     */
    public IndexSpec unique() {
        return new IndexSpec(paths, true, ttl);
    }

    /**
     * Tells whether this is a TTL index.
     *
     * @return whether {@link #ttl()} is set
     */
    public boolean isTtl() {
        return ttl != null;
    }

    /**
     * Returns the index name every adapter uses, MongoDB style: each path followed by {@code _1},
     * joined by {@code _} (such as {@code customer.id_1_createdAt_1}).
     *
     * @return the name
     */
    public String name() {
        StringBuilder sb = new StringBuilder();
        for (String path : paths) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(path).append("_1");
        }
        return sb.toString();
    }

    /**
     * Returns when a document expires under this TTL index: the earliest instant its field holds
     * plus the TTL; empty for a non-TTL index or a document without an instant there.
     *
     * @param document a stored document of the model
     * @return the expiry instant
     */
    public Optional<Instant> expiryOf(Map<String, ? extends @Nullable Object> document) {
        if (ttl == null) {
            return Optional.empty();
        }
        Object value = DocumentFilters.valueAt(document, paths.get(0));
        Instant earliest = null;
        if (value instanceof Instant instant) {
            earliest = instant;
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof Instant instant && (earliest == null || instant.isBefore(earliest))) {
                    earliest = instant;
                }
            }
        }
        if (earliest == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(earliest.plus(ttl));
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Optional.of(Instant.MAX);
        }
    }
}
