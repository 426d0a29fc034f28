package dev.polyglot.cache;

import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The entries of one namespace of a {@link CacheStore}: values of one type under string keys, each
 * with an optional time to live.
 *
 * <p><b>Keys.</b> Any string of at most {@value dev.polyglot.spi.Ids#MAX_KEY_LENGTH} characters is a
 * valid key, including the empty string and strings with spaces, colons, NUL, control characters or
 * any Unicode; distinct strings are always distinct entries.
 *
 * <p><b>Values</b> go through the cache's {@link dev.polyglot.codec.Codec}; every read returns a fresh
 * object, so changing a returned object (or one that was put) never changes the cache. A cache
 * cannot hold null. Two caches of the same namespace see the same entries even when their value
 * types differ; a value that does not decode to the reading cache's type is reported with
 * {@link IllegalArgumentException}.
 *
 * <p><b>Expiry.</b> TTLs must be positive and have millisecond precision (a fraction of a
 * millisecond is rounded up). An entry written at instant {@code t} with TTL {@code d} is live while
 * the store's clock is before {@code t + d}; an expired entry is never returned, counted, touched or
 * incremented. Writing an entry with {@link #put(String, Object)} gives it no expiry.
 *
 * <p>All operations are atomic per key and safe to call from any thread.
 *
 * @param <V> the value type
 */
public interface Cache<V> {

    /**
     * What {@link #ttl(String)} reports for a live entry that never expires: the longest
     * {@link Duration}, so {@code ttl.compareTo(limit) > 0} reads naturally; compare with
     * {@code equals}, and do not convert it with {@code toMillis()}, which overflows.
     */
    Duration NO_EXPIRY = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999L);

    /**
     * Returns the namespace this cache reads and writes.
     *
     * @return the namespace name
     */
    String namespace();

    /**
     * Reads the live value under a key.
     *
     * @param key the key
     * @return the value, or empty when the key is missing or expired
     * @throws IllegalArgumentException if the key is null or too long, or the stored value does not
     *     decode to this cache's type
     */
    Optional<V> get(String key);

    /**
     * Writes a value that expires after a TTL, replacing any value and TTL the key had.
     *
     * @param key the key
     * @param value the value
     * @param ttl how long the entry lives; positive
     * @throws IllegalArgumentException if the key is invalid, the value is null or cannot be encoded,
     *     or the TTL is null, zero or negative
     */
    void put(String key, V value, Duration ttl);

    /**
     * Writes a value that never expires, replacing any value and TTL the key had.
     *
     * @param key the key
     * @param value the value
     * @throws IllegalArgumentException if the key is invalid or the value is null or cannot be
     *     encoded
     */
    void put(String key, V value);

    /**
     * Writes a value only when the key has no live entry, atomically (exactly one of several
     * concurrent callers wins).
     *
     * @param key the key
     * @param value the value
     * @param ttl how long the entry lives; positive
     * @return true if the value was written, false if the key already had a live entry
     * @throws IllegalArgumentException if the key is invalid, the value is null or cannot be encoded,
     *     or the TTL is null, zero or negative
     */
    boolean putIfAbsent(String key, V value, Duration ttl);

    /**
     * Removes the entry under a key.
     *
     * @param key the key
     * @return true if a live entry was removed, false if the key was missing or expired
     * @throws IllegalArgumentException if the key is invalid
     */
    boolean delete(String key);

    /**
     * Reads several keys at once (adapters do it in one round trip).
     *
     * @param keys the keys; duplicates are allowed
     * @return the live entries among the keys, in the order of {@code keys}; missing and expired keys
     *     are left out
     * @throws IllegalArgumentException if the collection or one of its keys is null or a key is too
     *     long, or a stored value does not decode to this cache's type
     */
    Map<String, V> getAll(Collection<String> keys);

    /**
     * Writes several entries at once with one TTL (adapters do it in one round trip); each entry
     * replaces what its key had.
     *
     * @param entries the keys and values
     * @param ttl how long each entry lives; positive
     * @throws IllegalArgumentException if the map, a key or a value is null, a key is too long, a
     *     value cannot be encoded, or the TTL is null, zero or negative; then nothing is written
     */
    void putAll(Map<String, ? extends V> entries, Duration ttl);

    /**
     * Adds to the integer counter under a key atomically; a missing key starts at 0 and gets the TTL,
     * an existing key keeps the TTL (or absence of one) it had.
     *
     * <p>Counters read back through {@link #get} on a {@code Cache<Long>} of the same namespace.
     *
     * @param key the key
     * @param delta the amount to add; may be zero or negative
     * @param ttl the TTL for a key this call creates; positive
     * @return the counter's new value
     * @throws IllegalArgumentException if the key is invalid, the TTL is null, zero or negative, the
     *     key holds a value that is not an integer, or the sum overflows a {@code long}; the message
     *     names the key
     */
    long increment(String key, long delta, Duration ttl);

    /**
     * Returns the live value under a key, or loads, stores (with {@link #put(String, Object, Duration)}
     * semantics) and returns it when there is none.
     *
     * <p>Loading is single-flight per key within this JVM: while one caller runs the loader, other
     * callers of the same namespace and key wait and get the same result, so 100 concurrent callers
     * run the loader once (see {@link dev.polyglot.spi.SingleFlight}). Several JVMs may each load
     * once. When the loader throws, every waiting caller gets that exception and nothing is stored.
     * An adapter may serve the loaded value without storing it while its server is unreachable
     * (fail-open); see the adapter's documentation.
     *
     * @param key the key
     * @param ttl how long a loaded entry lives; positive
     * @param loader computes the value when the key has no live entry; it must not return null
     * @return the cached or loaded value
     * @throws IllegalArgumentException if the key is invalid, the TTL is null, zero or negative, the
     *     loader is null, or the loaded value cannot be encoded
     * @throws IllegalStateException if the loader returns null (the message names the key; nothing
     *     is stored), or it calls {@code getOrLoad} for the same key in the same thread
     */
    V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader);

    /**
     * Restarts the TTL of a live entry (sliding expiry, for sessions); an entry without expiry gets
     * the TTL.
     *
     * @param key the key
     * @param ttl the new time to live, counted from now; positive
     * @return true if the key had a live entry, false if it was missing or expired
     * @throws IllegalArgumentException if the key is invalid or the TTL is null, zero or negative
     */
    boolean touch(String key, Duration ttl);

    /**
     * Returns how long the entry under a key still lives, in milliseconds.
     *
     * @param key the key
     * @return the remaining time (positive), {@link #NO_EXPIRY} for an entry without expiry, or empty
     *     when the key is missing or expired
     * @throws IllegalArgumentException if the key is invalid
     */
    Optional<Duration> ttl(String key);

    /**
     * Returns one page of the live keys of this namespace, for migrations, exports and
     * administration.
     *
     * <p>Keys come in an order the adapter chooses and keeps from one call to the next, so the
     * cursor of {@link Page#next()} resumes where a page ended, even in another process (the
     * in-memory adapter orders by UTF-16 code unit, PostgreSQL by key hash). A key that is live during
     * the whole iteration is returned at least once; a key written or deleted meanwhile may or may
     * not be. Adapters whose native enumeration may repeat a key (Redis {@code SCAN} while the
     * keyspace resizes) say so; consumers should be idempotent. A page may hold fewer keys than its
     * size even when more follow; the last page has no next page. Offset requests
     * ({@link PageRequest#atOffset}) skip that many keys of the same order.
     *
     * @param page the first page, a page at an offset, or the page after a cursor this cache issued
     * @return the keys and the request for the following page
     * @throws IllegalArgumentException if the page request is null or its cursor was not issued by
     *     a {@code keys} call of this adapter
     */
    Page<String> keys(PageRequest page);
}
