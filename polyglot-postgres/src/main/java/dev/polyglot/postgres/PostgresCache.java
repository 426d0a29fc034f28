package dev.polyglot.postgres;

import dev.polyglot.NonTransientStoreException;
import dev.polyglot.cache.Cache;
import dev.polyglot.codec.Codec;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.CacheKeyCursors;
import dev.polyglot.spi.CacheValues;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.Ttls;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A view of one namespace of a {@link PostgresCacheStore}. Values are stored as the codec's JSON
 * bytes, so a read decodes a fresh object; every operation is one SQL statement.
 */
final class PostgresCache<V> implements Cache<V> {
    /** What the store keeps for an entry without expiry. */
    static final long NEVER = Long.MAX_VALUE;
    private static final HexFormat HEX = HexFormat.of();

    private final PostgresCacheStore store;
    private final String namespace;
    private final Codec<V> codec;

    PostgresCache(PostgresCacheStore store, String namespace, Codec<V> codec) {
        this.store = store;
        this.namespace = namespace;
        this.codec = codec;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<V> get(String key) {
        byte[] k = keyBytes(key);
        return read(key, k).map(json -> decode(key, json));
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        byte[] k = keyBytes(key);
        byte[] json = encode(key, value);
        write(key, k, json, Ttls.toMillis(ttl, "ttl"));
    }

    @Override
    public void put(String key, V value) {
        byte[] k = keyBytes(key);
        byte[] json = encode(key, value);
        write(key, k, json, NEVER);
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        byte[] k = keyBytes(key);
        byte[] json = encode(key, value);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        return store.withConnection("putIfAbsent of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.PUT_IF_ABSENT,
                    namespace, k, k, json, ttlMillis); ResultSet rows = st.executeQuery()) {
                return rows.next();
            }
        });
    }

    @Override
    public boolean delete(String key) {
        byte[] k = keyBytes(key);
        return store.withConnection("delete of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.DELETE, namespace, k);
                    ResultSet rows = st.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        });
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
        if (distinct.isEmpty()) {
            store.checkOpen();
            return new LinkedHashMap<>();
        }
        String[] hexKeys = new String[distinct.size()];
        int i = 0;
        for (String key : distinct) {
            hexKeys[i++] = HEX.formatHex(keyBytes(key));
        }
        Map<String, byte[]> found = store.withConnection("getAll in namespace \"" + namespace + "\"", c -> {
            Map<String, byte[]> rows = new HashMap<>();
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.GET_ALL, namespace, (Object) hexKeys);
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.put(keyString(rs.getBytes(1)), rs.getBytes(2));
                }
            }
            return rows;
        });
        Map<String, V> result = new LinkedHashMap<>();
        for (String key : distinct) {
            byte[] json = found.get(key);
            if (json != null) {
                result.put(key, decode(key, json));
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
        List<String> hexKeys = new ArrayList<>(entries.size());
        List<String> hexValues = new ArrayList<>(entries.size());
        for (Map.Entry<String, ? extends V> e : entries.entrySet()) {
            String key = Ids.requireKey(e.getKey());
            hexKeys.add(HEX.formatHex(keyBytes(key)));
            hexValues.add(HEX.formatHex(encode(key, e.getValue())));
        }
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        if (hexKeys.isEmpty()) {
            store.checkOpen();
            return;
        }
        String[] keyArray = hexKeys.toArray(new String[0]);
        String[] valueArray = hexValues.toArray(new String[0]);
        store.withConnection("putAll in namespace \"" + namespace + "\"", c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.PUT_ALL,
                    namespace, ttlMillis, keyArray, valueArray)) {
                return st.executeUpdate();
            }
        });
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        byte[] k = keyBytes(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        try {
            return store.withConnection("increment of " + describe(key), c -> PostgresCacheStore.queryLong(c,
                    PostgresCacheSql.INCREMENT, namespace, k, k, delta, ttlMillis, delta));
        } catch (NonTransientStoreException e) {
            String state = PostgresErrors.sqlState(e);
            if (PostgresCacheSchema.NOT_AN_INTEGER.equals(state)) {
                throw new IllegalArgumentException("cannot increment " + describe(key)
                        + ": it holds a value that is not an integer", e);
            }
            if (PostgresCacheSchema.OVERFLOW.equals(state)) {
                throw new IllegalArgumentException("incrementing " + describe(key) + " by " + delta
                        + " would overflow a long", e);
            }
            throw e;
        }
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        byte[] k = keyBytes(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        Optional<byte[]> cached = read(key, k);
        if (cached.isPresent()) {
            return decode(key, cached.get());
        }
        // The flight carries the JSON bytes, so every waiter decodes its own fresh object.
        byte[] json = store.flights().run(namespace + ':' + key, () -> {
            Optional<byte[]> again = read(key, k);
            if (again.isPresent()) {
                return again.get();
            }
            V loaded = loader.get();
            if (loaded == null) {
                throw new IllegalStateException("the loader for " + describe(key)
                        + " returned null; a cache cannot hold null, so nothing was stored");
            }
            byte[] encoded = encode(key, loaded);
            write(key, k, encoded, ttlMillis);
            return encoded;
        });
        return decode(key, json);
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        byte[] k = keyBytes(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        return store.withConnection("touch of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.TOUCH, ttlMillis, namespace, k)) {
                return st.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Duration> ttl(String key) {
        byte[] k = keyBytes(key);
        Optional<long[]> row = store.withConnection("ttl of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.TTL, namespace, k);
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.<long[]>empty();
            }
        });
        return row.map(r -> r[0] == NEVER ? NO_EXPIRY : Duration.ofMillis(r[0] - r[1]));
    }

    @Override
    public Page<String> keys(PageRequest page) {
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        String cursor = page.cursor();
        byte[] after = cursor == null ? null : keyBytes(CacheKeyCursors.lastKey(cursor));
        // One row more than the page tells whether another page follows.
        int limit = page.size() + 1;
        List<String> keys = store.withConnection("keys of namespace \"" + namespace + "\"", c -> {
            List<String> rows = new ArrayList<>(limit);
            try (PreparedStatement st = after == null
                    ? PostgresSessions.prepare(c, PostgresCacheSql.KEYS, namespace, limit, page.offset())
                    : PostgresSessions.prepare(c, PostgresCacheSql.KEYS_AFTER, namespace, after, limit);
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(keyString(rs.getBytes(1)));
                }
            }
            return rows;
        });
        if (keys.size() <= page.size()) {
            return new Page<>(keys, null);
        }
        List<String> items = keys.subList(0, page.size());
        PageRequest next = page.offsetPaging()
                ? PageRequest.atOffset(page.offset() + page.size(), page.size())
                : PageRequest.after(CacheKeyCursors.after(items.get(items.size() - 1)), page.size());
        return new Page<>(items, next);
    }

    @Override
    public String toString() {
        return "Cache[" + namespace + ", " + codec + "]";
    }

    private Optional<byte[]> read(String key, byte[] k) {
        return store.withConnection("get of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.GET, namespace, k);
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
            }
        });
    }

    private void write(String key, byte[] k, byte[] json, long ttlMillis) {
        store.withConnection("put of " + describe(key), c -> {
            try (PreparedStatement st = PostgresSessions.prepare(c, PostgresCacheSql.PUT, namespace, k, k, json, ttlMillis)) {
                return st.executeUpdate();
            }
        });
    }

    private byte[] encode(String key, @Nullable V value) {
        return CacheValues.toJson(codec, namespace, key, value);
    }

    private V decode(String key, byte[] json) {
        return CacheValues.fromJson(codec, namespace, key, json);
    }

    /**
     * The key's UTF-16BE code units, written by hand: a charset encoder would replace unpaired
     * surrogates, merging distinct keys.
     */
    static byte[] keyBytes(@Nullable String key) {
        Ids.requireKey(key);
        byte[] bytes = new byte[key.length() * 2];
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            bytes[2 * i] = (byte) (c >>> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        return bytes;
    }

    static String keyString(byte[] bytes) {
        char[] chars = new char[bytes.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }

    private String describe(String key) {
        return CacheValues.describe(namespace, key);
    }
}
