package dev.polyglot.redis;

import dev.polyglot.NonTransientStoreException;
import dev.polyglot.TransientStoreException;
import dev.polyglot.cache.Cache;
import dev.polyglot.codec.Codec;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.CacheValues;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.Ttls;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A view of one namespace of a {@link RedisCacheStore}. Values are the codec's JSON bytes, so a
 * read decodes a fresh object and counters ({@code 42}) are plain Redis integers. Each operation is
 * one command (or one script); {@code getAll} is one {@code MGET} and {@code putAll} one pipelined
 * batch of {@code SET PX}.
 */
final class RedisCache<V> implements Cache<V> {
    /**
     * The longest expiry sent to Redis, about 142,000 years: Redis refuses a {@code PX} whose end
     * overflows its clock, and {@link Ttls} saturates long durations at {@code Long.MAX_VALUE}.
     */
    static final long MAX_TTL_MILLIS = 1L << 52;

    private final RedisCacheStore store;
    private final String namespace;
    private final Codec<V> codec;
    private final byte[] prefix;
    private final RedisKeyScan scan;

    RedisCache(RedisCacheStore store, String namespace, Codec<V> codec) {
        this.store = store;
        this.namespace = namespace;
        this.codec = codec;
        this.prefix = store.keys().cachePrefix(namespace);
        this.scan = new RedisKeyScan(prefix);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<V> get(String key) {
        byte[] k = redisKey(key);
        return Optional.ofNullable(read(key, k)).map(json -> decode(key, json));
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        byte[] k = redisKey(key);
        byte[] json = encode(key, value);
        long px = px(ttl);
        store.call(() -> "put of " + describe(key), link -> link.sync().set(k, json, SetArgs.Builder.px(px)));
    }

    @Override
    public void put(String key, V value) {
        byte[] k = redisKey(key);
        byte[] json = encode(key, value);
        // A plain SET also drops any TTL the key had.
        store.call(() -> "put of " + describe(key), link -> link.sync().set(k, json));
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        byte[] k = redisKey(key);
        byte[] json = encode(key, value);
        long px = px(ttl);
        String reply = store.call(() -> "putIfAbsent of " + describe(key),
                link -> link.sync().set(k, json, SetArgs.Builder.nx().px(px)));
        return "OK".equals(reply);
    }

    @Override
    public boolean delete(String key) {
        byte[] k = redisKey(key);
        Long deleted = store.call(() -> "delete of " + describe(key), link -> link.sync().del(k));
        return deleted != null && deleted > 0;
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String key : keys) {
            distinct.add(Ids.requireKey(key));
        }
        store.checkOpen();
        Map<String, V> result = new LinkedHashMap<>();
        if (distinct.isEmpty()) {
            return result;
        }
        List<String> asked = new ArrayList<>(distinct);
        byte[][] redisKeys = new byte[asked.size()][];
        for (int i = 0; i < redisKeys.length; i++) {
            redisKeys[i] = RedisKeys.join(prefix, asked.get(i));
        }
        // One MGET; on a cluster Lettuce splits it by slot and runs the parts in parallel.
        List<KeyValue<byte[], byte[]>> found = store.call(() -> "getAll in namespace \"" + namespace + "\"",
                link -> link.sync().mget(redisKeys));
        for (int i = 0; i < asked.size(); i++) {
            KeyValue<byte[], byte[]> kv = found.get(i);
            if (kv.hasValue()) {
                result.put(asked.get(i), decode(asked.get(i), kv.getValue()));
            }
        }
        return result;
    }

    @Override
    public void putAll(Map<String, ? extends V> entries, Duration ttl) {
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        // Validate and encode everything first, so a bad entry means nothing is written.
        List<byte[]> redisKeys = new ArrayList<>(entries.size());
        List<byte[]> values = new ArrayList<>(entries.size());
        for (Map.Entry<String, ? extends V> e : entries.entrySet()) {
            String key = Ids.requireKey(e.getKey());
            redisKeys.add(RedisKeys.join(prefix, key));
            values.add(encode(key, e.getValue()));
        }
        long px = px(ttl);
        store.checkOpen();
        if (redisKeys.isEmpty()) {
            return;
        }
        SetArgs args = SetArgs.Builder.px(px);
        store.call(() -> "putAll in namespace \"" + namespace + "\"", link -> {
            // Pipelined: every SET is written before any reply is awaited, so N entries cost one
            // round trip (one per node on a cluster), with each entry's TTL in its own command.
            RedisFuture<?>[] replies = new RedisFuture<?>[redisKeys.size()];
            for (int i = 0; i < replies.length; i++) {
                replies[i] = link.async().set(redisKeys.get(i), values.get(i), args);
            }
            LettuceFutures.awaitAll(store.timeout(), replies);
            for (RedisFuture<?> reply : replies) {
                String error = reply.getError();
                if (error != null) {
                    throw new NonTransientStoreException("putAll in namespace \"" + namespace + "\" failed on "
                            + store.target() + ": " + error, null);
                }
            }
            return replies.length;
        });
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        byte[] k = redisKey(key);
        long px = px(ttl);
        byte[] result;
        try {
            result = store.call(() -> "increment of " + describe(key), link -> RedisScript.INCREMENT.<byte[]>run(link.sync(),
                    ScriptOutputType.VALUE, new byte[][] {k}, ascii(delta), ascii(px)));
        } catch (NonTransientStoreException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("overflow")) {
                throw new IllegalArgumentException("incrementing " + describe(key) + " by " + delta
                        + " would overflow a long", e);
            }
            if (message.contains("not an integer") || message.contains("WRONGTYPE")) {
                throw new IllegalArgumentException("cannot increment " + describe(key)
                        + ": it holds a value that is not an integer", e);
            }
            throw e;
        }
        return Long.parseLong(new String(result, StandardCharsets.US_ASCII));
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        byte[] k = redisKey(key);
        long px = px(ttl);
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        store.checkOpen();
        byte[] cached = readOrFailOpen(key, k);
        if (cached != null) {
            return decode(key, cached);
        }
        // The flight carries the JSON bytes, so every waiter decodes its own fresh object.
        byte[] json = store.flights().run(namespace + ':' + key, () -> {
            byte[] again = readOrFailOpen(key, k);
            if (again != null) {
                return again;
            }
            V loaded = loader.get();
            if (loaded == null) {
                throw new IllegalStateException("the loader for " + describe(key)
                        + " returned null; a cache cannot hold null, so nothing was stored");
            }
            byte[] encoded = encode(key, loaded);
            try {
                store.call(() -> "getOrLoad of " + describe(key), link -> link.sync().set(k, encoded, SetArgs.Builder.px(px)));
            } catch (TransientStoreException e) {
                // Fail-open: the value is good even if it cannot be cached right now.
                store.outage().servedUncached(e);
            }
            return encoded;
        });
        return decode(key, json);
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        byte[] k = redisKey(key);
        long px = px(ttl);
        Boolean touched = store.call(() -> "touch of " + describe(key), link -> link.sync().pexpire(k, px));
        return Boolean.TRUE.equals(touched);
    }

    @Override
    public Optional<Duration> ttl(String key) {
        byte[] k = redisKey(key);
        Long millis = store.call(() -> "ttl of " + describe(key), link -> link.sync().pttl(k));
        if (millis == null || millis == -2 || millis == 0) {
            // -2: missing; 0: expires within this millisecond, which the port counts as expired.
            return Optional.empty();
        }
        return Optional.of(millis == -1 ? NO_EXPIRY : Duration.ofMillis(millis));
    }

    /**
     * {@inheritDoc}
     *
     * <p>On Redis this is {@code SCAN … MATCH}, node by node; see {@link RedisKeyScan} for the order
     * and for why a key may come twice while the server resizes its key table.
     */
    @Override
    public Page<String> keys(PageRequest page) {
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        return store.call(() -> "keys of namespace \"" + namespace + "\"", link -> scan.page(link, page));
    }

    @Override
    public String toString() {
        return "Cache[" + namespace + ", " + codec + "]";
    }

    private byte @Nullable [] read(String key, byte[] k) {
        return store.call(() -> "get of " + describe(key), link -> link.sync().get(k));
    }

    /** Reads for getOrLoad: a store that cannot be reached reads as a miss, so the loader runs. */
    private byte @Nullable [] readOrFailOpen(String key, byte[] k) {
        try {
            return read(key, k);
        } catch (TransientStoreException e) {
            return null;
        }
    }

    private byte[] redisKey(@Nullable String key) {
        return RedisKeys.join(prefix, Ids.requireKey(key));
    }

    private byte[] encode(String key, @Nullable V value) {
        return CacheValues.toJson(codec, namespace, key, value);
    }

    private V decode(String key, byte[] json) {
        return CacheValues.fromJson(codec, namespace, key, json);
    }

    static long px(@Nullable Duration ttl) {
        return Math.min(Ttls.toMillis(ttl, "ttl"), MAX_TTL_MILLIS);
    }

    static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private String describe(String key) {
        return CacheValues.describe(namespace, key);
    }
}
