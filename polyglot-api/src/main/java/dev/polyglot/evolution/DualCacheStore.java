package dev.polyglot.evolution;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import java.time.Duration;

/** The Cache port of a {@link CutOver}: dual writes, phase-chosen reads. */
final class DualCacheStore extends DualStore<CacheStore> implements CacheStore {

    DualCacheStore(CutOver cutOver, CacheStore oldStore, CacheStore newStore) {
        super(cutOver, oldStore, newStore);
    }

    @Override
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        DualCache<V> cache = new DualCache<>(cutOver, oldStore.cache(namespace, codec), newStore.cache(namespace, codec),
                oldStore.cache(namespace, ModelCodec.INSTANCE), newStore.cache(namespace, ModelCodec.INSTANCE), codec);
        cutOver.registerSyncer(CacheCopy.collectionKey(namespace), cache::syncWithLock);
        return cache;
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        // Grants live one window; the limiter simply follows the reads.
        RateLimiter onOld = oldStore.rateLimiter(name, limit, window);
        RateLimiter onNew = newStore.rateLimiter(name, limit, window);
        return new RateLimiter() {
            private RateLimiter current() {
                return cutOver.phase().readsNew() ? onNew : onOld;
            }

            @Override
            public String name() {
                return onOld.name();
            }

            @Override
            public long limit() {
                return onOld.limit();
            }

            @Override
            public Duration window() {
                return onOld.window();
            }

            @Override
            public RateLimitDecision tryAcquire(String key, int permits) {
                return current().tryAcquire(key, permits);
            }
        };
    }
}
