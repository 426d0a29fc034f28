package dev.polyglot.redis;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens {@link RedisCacheStore}s for {@code redis://}, {@code rediss://}, {@code redis-sentinel://},
 * {@code rediss-sentinel://}, {@code redis-cluster://} and {@code rediss-cluster://} URIs (the
 * Cache port only); registered with {@link java.util.ServiceLoader}.
 */
public final class RedisStoreProvider implements StoreProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        Set<String> schemes = new HashSet<>(RedisSettings.SINGLE_SCHEMES);
        schemes.addAll(RedisSettings.CLUSTER_SCHEMES);
        return Set.copyOf(schemes);
    }

    @Override
    public Set<Port> ports() {
        return Set.of(Port.CACHE);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-redis";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (port == null || uri == null) {
            throw new IllegalArgumentException("port and uri must not be null");
        }
        if (port != Port.CACHE) {
            throw new IllegalArgumentException("the Redis provider opens the Cache port only, not " + port
                    + "; use polyglot-postgres, polyglot-mongo or polyglot-vector for it");
        }
        if (!schemes().contains(uri.scheme())) {
            throw new IllegalArgumentException("the Redis provider opens redis://, rediss://, redis-sentinel:// and "
                    + "redis-cluster:// URIs, not " + uri);
        }
        return RedisCacheStore.connect(uri);
    }

    @Override
    public String toString() {
        return "RedisStoreProvider[redis://, redis-cluster://]";
    }
}
