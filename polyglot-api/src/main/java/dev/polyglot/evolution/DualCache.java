package dev.polyglot.evolution;

import dev.polyglot.cache.Cache;
import dev.polyglot.codec.Codec;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A namespace of a {@link DualCacheStore}. Puts and deletes are applied to both stores; changes
 * whose result depends on the stored state (increment, touch, a loaded getOrLoad) are mirrored by
 * copying the old store's value and remaining TTL to the new one.
 */
final class DualCache<V> implements Cache<V> {
    private final CutOver cutOver;
    private final String collection;
    private final Cache<V> oldCache;
    private final Cache<V> newCache;
    private final Cache<Object> oldRaw;
    private final Cache<Object> newRaw;
    private final Codec<V> codec;

    DualCache(CutOver cutOver, Cache<V> oldCache, Cache<V> newCache, Cache<Object> oldRaw, Cache<Object> newRaw,
            Codec<V> codec) {
        this.cutOver = cutOver;
        this.collection = CacheCopy.collectionKey(oldCache.namespace());
        this.oldCache = oldCache;
        this.newCache = newCache;
        this.oldRaw = oldRaw;
        this.newRaw = newRaw;
        this.codec = codec;
    }

    private Cache<V> writeFirst(CutOverPhase at) {
        return at == CutOverPhase.DONE ? newCache : oldCache;
    }

    private Cache<V> reads(CutOverPhase at) {
        return at.readsNew() ? newCache : oldCache;
    }

    private Cache<V> other(CutOverPhase at) {
        return at.readsNew() ? oldCache : newCache;
    }

    /** Copies the old store's value and remaining TTL of a key to the new store (the caller holds the lock). */
    void sync(String key) {
        Optional<Object> value = oldRaw.get(key);
        Optional<Duration> ttl = oldRaw.ttl(key);
        if (value.isEmpty() || ttl.isEmpty()) {
            cutOver.coordinator().tombstone(collection, key);
            newRaw.delete(key);
        } else if (ttl.get().equals(NO_EXPIRY)) {
            newRaw.put(key, value.get());
        } else {
            newRaw.put(key, value.get(), ttl.get());
        }
    }

    void syncWithLock(String key) {
        cutOver.coordinator().withKey(collection, key, () -> {
            sync(key);
            return null;
        });
    }

    private Runnable resync(String key) {
        return () -> syncWithLock(key);
    }

    @Override
    public String namespace() {
        return oldCache.namespace();
    }

    @Override
    public Optional<V> get(String key) {
        CutOverPhase at = cutOver.phase();
        Optional<V> served = reads(at).get(key);
        if (cutOver.sampleShadow(at)) {
            cutOver.shadow(at, collection, key, checksum(served), () -> checksum(other(at).get(key)));
        }
        return served;
    }

    private @Nullable String checksum(Optional<V> value) {
        // Through JSON, the form in which a model-storing and a JSON-storing adapter agree.
        return CutOver.checksumOf(value, v -> ModelCodec.INSTANCE.canonical(codec.encode(v)));
    }

    @Override
    public void put(String key, V value, Duration ttl) {
        CutOverPhase at = cutOver.phase();
        cutOver.write(at, collection, Ids.requireKey(key), "put", () -> {
            writeFirst(at).put(key, value, ttl);
            return null;
        }, r -> newCache.put(key, value, ttl), resync(key));
    }

    @Override
    public void put(String key, V value) {
        CutOverPhase at = cutOver.phase();
        cutOver.write(at, collection, Ids.requireKey(key), "put", () -> {
            writeFirst(at).put(key, value);
            return null;
        }, r -> newCache.put(key, value), resync(key));
    }

    @Override
    public boolean putIfAbsent(String key, V value, Duration ttl) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireKey(key), "putIfAbsent",
                () -> writeFirst(at).putIfAbsent(key, value, ttl), written -> {
                    if (written) {
                        newCache.put(key, value, ttl);
                    }
                }, resync(key));
    }

    @Override
    public boolean delete(String key) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireKey(key), "delete", () -> writeFirst(at).delete(key), r -> {
            cutOver.coordinator().tombstone(collection, key);
            newCache.delete(key);
        }, resync(key));
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys) {
        return reads(cutOver.phase()).getAll(keys);
    }

    @Override
    public void putAll(Map<String, ? extends V> entries, Duration ttl) {
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        CutOverPhase at = cutOver.phase();
        List<String> keys = new ArrayList<>(entries.keySet());
        cutOver.writeAll(at, collection, keys, () -> {
            writeFirst(at).putAll(entries, ttl);
            return null;
        }, () -> {
            try {
                newCache.putAll(entries, ttl);
            } catch (RuntimeException e) {
                for (String key : keys) {
                    cutOver.mirror(collection, key, "putAll", () -> {
                        throw e;
                    }, resync(key));
                }
            }
        });
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireKey(key), "increment",
                () -> writeFirst(at).increment(key, delta, ttl), r -> sync(key), resync(key));
    }

    @Override
    public V getOrLoad(String key, Duration ttl, Supplier<? extends V> loader) {
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        CutOverPhase at = cutOver.phase();
        if (!at.dualWrites()) {
            return writeFirst(at).getOrLoad(key, ttl, loader);
        }
        if (at.readsNew()) {
            // CUT_OVER serves reads from the new store; only a miss there loads (into the old store first).
            Optional<V> cached = newCache.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        boolean[] loaded = new boolean[1];
        // Loads and stores in the old store (single-flight there), then mirrors what it stored.
        V value = oldCache.getOrLoad(key, ttl, () -> {
            V v = loader.get();
            loaded[0] = true;
            return v;
        });
        if (loaded[0]) {
            cutOver.coordinator().withKey(collection, key, () -> {
                cutOver.mirror(collection, key, "getOrLoad", () -> sync(key), resync(key));
                return null;
            });
        }
        return value;
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireKey(key), "touch", () -> writeFirst(at).touch(key, ttl),
                r -> sync(key), resync(key));
    }

    @Override
    public Optional<Duration> ttl(String key) {
        return reads(cutOver.phase()).ttl(key);
    }

    @Override
    public Page<String> keys(PageRequest page) {
        return reads(cutOver.phase()).keys(page);
    }

    @Override
    public String toString() {
        return "DualCache[" + namespace() + ", " + cutOver + "]";
    }
}
