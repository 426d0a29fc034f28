package dev.polyglot.memory;

import dev.polyglot.spi.Ttls;
import dev.polyglot.cache.Cache;
import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.CacheKeyCursors;
import dev.polyglot.spi.CacheValues;
import dev.polyglot.spi.Ids;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A view of one namespace of an {@link InMemoryCacheStore}. Every single-key operation runs inside
 * {@code ConcurrentHashMap.compute} (or a plain read), so it is atomic per key; an expired entry is
 * treated exactly like a missing one and removed when met.
 */
final class MemoryCache<V> implements Cache<V> {
    private final InMemoryCacheStore store;
    private final String namespace;
    private final Codec<V> codec;
    private final ConcurrentHashMap<String, MemoryCacheEntry> entries;

    MemoryCache(InMemoryCacheStore store, String namespace, Codec<V> codec,
            ConcurrentHashMap<String, MemoryCacheEntry> entries) {
        this.store = store;
        this.namespace = namespace;
        this.codec = codec;
        this.entries = entries;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<V> get(String key) {
        Ids.requireKey(key);
        long now = store.enter();
        Object model = live(key, now);
        return model == null ? Optional.empty() : Optional.of(decode(key, model));
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        Ids.requireKey(key);
        Object model = encode(key, value);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        long now = store.enter();
        entries.put(key, new MemoryCacheEntry(model, MemoryCacheTtl.expiresAt(now, ttlMillis)));
    }

    @Override
    public void put(String key, V value) {
        Ids.requireKey(key);
        Object model = encode(key, value);
        store.enter();
        entries.put(key, new MemoryCacheEntry(model, MemoryCacheEntry.NEVER));
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        Ids.requireKey(key);
        Object model = encode(key, value);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        long now = store.enter();
        boolean[] written = new boolean[1];
        entries.compute(key, (k, existing) -> {
            if (existing != null && existing.liveAt(now)) {
                return existing;
            }
            written[0] = true;
            return new MemoryCacheEntry(model, MemoryCacheTtl.expiresAt(now, ttlMillis));
        });
        return written[0];
    }

    @Override
    public boolean delete(String key) {
        Ids.requireKey(key);
        long now = store.enter();
        boolean[] deleted = new boolean[1];
        entries.computeIfPresent(key, (k, existing) -> {
            deleted[0] = existing.liveAt(now);
            return null;
        });
        return deleted[0];
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys) {
        List<String> checked = checkKeys(keys);
        long now = store.enter();
        Map<String, V> found = new LinkedHashMap<>();
        for (String key : checked) {
            if (!found.containsKey(key)) {
                Object model = live(key, now);
                if (model != null) {
                    found.put(key, decode(key, model));
                }
            }
        }
        return found;
    }

    @Override
    public void putAll(Map<String, ? extends V> values, Duration ttl) {
        if (values == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        // Validate and encode everything first, so a bad entry means nothing is written.
        Map<String, Object> models = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends V> e : values.entrySet()) {
            String key = Ids.requireKey(e.getKey());
            models.put(key, encode(key, e.getValue()));
        }
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        long now = store.enter();
        long expiresAt = MemoryCacheTtl.expiresAt(now, ttlMillis);
        models.forEach((key, model) -> entries.put(key, new MemoryCacheEntry(model, expiresAt)));
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        Ids.requireKey(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        long now = store.enter();
        long[] result = new long[1];
        entries.compute(key, (k, existing) -> {
            if (existing == null || !existing.liveAt(now)) {
                result[0] = delta;
                return new MemoryCacheEntry(delta, MemoryCacheTtl.expiresAt(now, ttlMillis));
            }
            long current = integer(key, existing.value());
            try {
                result[0] = Math.addExact(current, delta);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("incrementing " + describe(key) + " by " + delta
                        + " would overflow a long (current value " + current + ")", overflow);
            }
            // The TTL is only set when the counter is created; an existing key keeps its expiry.
            return new MemoryCacheEntry(result[0], existing.expiresAt());
        });
        return result[0];
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        Ids.requireKey(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        Object cached = live(key, store.enter());
        if (cached != null) {
            return decode(key, cached);
        }
        // The flight carries the encoded model, so every waiter decodes its own fresh copy.
        Object model = store.flights().run(namespace + ':' + key, () -> {
            Object again = live(key, store.enter());
            if (again != null) {
                return again;
            }
            V loaded = loader.get();
            if (loaded == null) {
                throw new IllegalStateException("the loader for " + describe(key)
                        + " returned null; a cache cannot hold null, so nothing was stored");
            }
            Object encoded = encode(key, loaded);
            long now = store.enter();
            entries.put(key, new MemoryCacheEntry(encoded, MemoryCacheTtl.expiresAt(now, ttlMillis)));
            return encoded;
        });
        return decode(key, model);
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        Ids.requireKey(key);
        long ttlMillis = Ttls.toMillis(ttl, "ttl");
        long now = store.enter();
        boolean[] touched = new boolean[1];
        entries.computeIfPresent(key, (k, existing) -> {
            if (!existing.liveAt(now)) {
                return null;
            }
            touched[0] = true;
            return existing.withExpiry(MemoryCacheTtl.expiresAt(now, ttlMillis));
        });
        return touched[0];
    }

    @Override
    public Optional<Duration> ttl(String key) {
        Ids.requireKey(key);
        long now = store.enter();
        MemoryCacheEntry entry = entries.get(key);
        if (entry == null || !entry.liveAt(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.expiresAt() == MemoryCacheEntry.NEVER
                ? NO_EXPIRY : Duration.ofMillis(entry.expiresAt() - now));
    }

    @Override
    public Page<String> keys(PageRequest page) {
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        String after = page.cursor() == null ? null : CacheKeyCursors.lastKey(page.cursor());
        long now = store.enter();
        // UTF-16 code unit order (String.compareTo): total, and stable between calls.
        List<String> live = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (entry.liveAt(now) && (after == null || key.compareTo(after) > 0)) {
                live.add(key);
            }
        });
        live.sort(null);
        int from = (int) Math.min(live.size(), page.offset());
        int to = (int) Math.min(live.size(), (long) from + page.size());
        List<String> items = live.subList(from, to);
        PageRequest next = null;
        if (to < live.size()) {
            next = page.offsetPaging()
                    ? PageRequest.atOffset(page.offset() + page.size(), page.size())
                    : PageRequest.after(CacheKeyCursors.after(items.get(items.size() - 1)), page.size());
        }
        return new Page<>(items, next);
    }

    @Override
    public String toString() {
        return "Cache[" + namespace + ", " + codec + "]";
    }

    /** Returns the stored model of a live entry, purging the entry if it has expired. */
    private @Nullable Object live(String key, long now) {
        MemoryCacheEntry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!entry.liveAt(now)) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    private Object encode(String key, @Nullable V value) {
        if (value == null) {
            throw new IllegalArgumentException("the value for " + describe(key) + " must not be null");
        }
        Object model;
        try {
            // normalize copies deeply, so the stored model never aliases the caller's object.
            model = DocumentValues.normalize(codec.encode(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot store the value for " + describe(key) + ": " + e.getMessage(), e);
        }
        if (model == null) {
            throw new IllegalArgumentException("the value for " + describe(key)
                    + " encodes to null, which a cache cannot hold");
        }
        return model;
    }

    private V decode(String key, Object model) {
        try {
            return codec.decode(DocumentValues.deepCopy(model));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the value under " + describe(key) + " does not decode to "
                    + codec.type().getName() + ": " + e.getMessage(), e);
        }
    }

    private long integer(String key, Object model) {
        if (model instanceof Long l) {
            return l;
        }
        if (model instanceof Integer i) {
            return i;
        }
        if (model instanceof BigDecimal bd && bd.scale() <= 0) {
            try {
                return bd.longValueExact();
            } catch (ArithmeticException tooBig) {
                // falls through to the error below, like Redis' "out of range"
            }
        }
        throw new IllegalArgumentException("cannot increment " + describe(key)
                + ": it holds a value that is not an integer (a " + DocumentValues.family(model) + ")");
    }

    private static List<String> checkKeys(@Nullable Collection<String> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        List<String> checked = new ArrayList<>(keys.size());
        for (String key : keys) {
            checked.add(Ids.requireKey(key));
        }
        return checked;
    }

    private String describe(String key) {
        return CacheValues.describe(namespace, key);
    }
}
