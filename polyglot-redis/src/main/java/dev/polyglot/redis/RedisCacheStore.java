package dev.polyglot.redis;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.codec.Codec;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.SingleFlight;
import dev.polyglot.spi.StoreUri;
import dev.polyglot.spi.Ttls;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Cache port on Redis through Lettuce: one shared, thread-safe connection per store, to a
 * single node, a Sentinel-managed master or a Redis Cluster.
 *
 * <pre>{@code
 * try (CacheStore store = RedisCacheStore.connect("redis://cache:6379")) {
 *     Cache<Session> sessions = store.cache("sessions", Session.class);
 *     sessions.put("s-42", session, Duration.ofMinutes(30));
 *     RateLimitDecision d = store.rateLimiter("api", 100, Duration.ofMinutes(1)).tryAcquire(userId);
 * }
 * }</pre>
 *
 * <p><b>URIs.</b> {@code redis://[user:password@]host[:port][/database]}, {@code rediss://} (TLS),
 * {@code redis-sentinel://host:26379[,host2:26379]/database#masterId} and
 * {@code redis-cluster://host1:port1,host2:port2} (or {@code rediss-cluster://}); Lettuce's
 * parameters such as {@code timeout=500ms} apply (default 2 s, for commands and for connecting),
 * plus {@code prefix} (the first part of every key, default {@code polyglot}) and
 * {@code hashTags=false} (spread each namespace over the cluster instead of one slot).
 *
 * <p><b>Keys</b> are {@code <prefix>:c:{<namespace>}:<key>} with the key's bytes as WTF-8 (UTF-8
 * that keeps unpaired surrogates distinct), so any string is a key and {@code redis-cli} shows
 * ordinary keys as written. Rate-limiter records are {@code <prefix>:r:{<name>}:<key>}.
 *
 * <p><b>Time.</b> Expiry is Redis's own ({@code PX}, {@code PEXPIRE}), and the rate limiter reads
 * the server's clock ({@code TIME}) inside its script, so every application instance sees the
 * same windows whatever its own clock says.
 *
 * <p><b>Failures.</b> When Redis cannot be reached, operations throw
 * {@link dev.polyglot.StoreUnavailableException} (a timeout or a busy, loading or failing-over
 * server: {@link dev.polyglot.TransientStoreException}) at once rather than queueing, with
 * Lettuce's exception as the cause; {@code getOrLoad} fails open instead: it runs the loader
 * (single-flight as ever) and returns its value without caching it, logs a warning once per outage
 * and counts such values in {@link #failOpenLoads()}. The store reconnects by itself when Redis is
 * back; it also opens when Redis is down at start and connects on first use.
 */
public final class RedisCacheStore implements CacheStore {
    private final RedisSettings settings;
    private final RedisConnector connector;
    private final RedisOutage outage;
    private final SingleFlight<String, byte[]> flights = new SingleFlight<>();
    private volatile boolean closed;

    private RedisCacheStore(RedisSettings settings) {
        this.settings = settings;
        this.connector = new RedisConnector(settings);
        this.outage = new RedisOutage(settings.target());
    }

    /**
     * Opens a store on the Redis a URI names, such as {@code redis://localhost:6379} or
     * {@code redis-cluster://10.0.0.1:7000,10.0.0.2:7000}.
     *
     * @param uri the Redis URI (see the class documentation)
     * @return the store; close it when done
     * @throws IllegalArgumentException if the text is blank or not a Redis URI
     * @throws dev.polyglot.StoreConfigurationException if the URI's settings are invalid
     */
    public static RedisCacheStore connect(String uri) {
        return connect(StoreUri.parse(uri));
    }

    /**
     * Opens a store on the Redis a parsed URI names.
     *
     * @param uri the parsed Redis URI
     * @return the store; close it when done
     * @throws IllegalArgumentException if the URI is null or not a Redis URI
     * @throws dev.polyglot.StoreConfigurationException if the URI's settings are invalid
     */
    public static RedisCacheStore connect(StoreUri uri) {
        if (uri == null) {
            throw new IllegalArgumentException("uri must not be null");
        }
        RedisCacheStore store = new RedisCacheStore(RedisSettings.parse(uri));
        store.connector.connectEagerly();
        return store;
    }

    @Override
    public <V> Cache<V> cache(String namespace, Codec<V> codec) {
        Ids.requireName(namespace, "cache namespace");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        checkOpen();
        return new RedisCache<>(this, namespace, codec);
    }

    @Override
    public RateLimiter rateLimiter(String name, long limit, Duration window) {
        Ids.requireName(name, "rate limiter name");
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
        }
        long windowMillis = Math.min(Ttls.toMillis(window, "rate limit window"), RedisCache.MAX_TTL_MILLIS);
        checkOpen();
        return new RedisRateLimiter(this, name, limit, windowMillis);
    }

    /**
     * Returns how many values {@code getOrLoad} has returned without caching them because Redis
     * could not be reached (fail-open), since the store was opened.
     *
     * @return the count
     */
    public long failOpenLoads() {
        return outage.servedUncached();
    }

    /**
     * Returns the Lettuce client ({@code RedisClient} or {@code RedisClusterClient}, or their
     * supertype {@code AbstractRedisClient}), the store's connection ({@code StatefulConnection},
     * {@code StatefulRedisConnection} or {@code StatefulRedisClusterConnection}, with
     * {@code byte[]} keys and values), or this store.
     *
     * @throws IllegalArgumentException for any other type
     * @throws dev.polyglot.StoreUnavailableException if the connection is asked for and Redis
     *     cannot be reached
     */
    @Override
    public <U> U unwrap(Class<U> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        checkOpen();
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type.isInstance(connector.client())) {
            return type.cast(connector.client());
        }
        if (io.lettuce.core.api.StatefulConnection.class.isAssignableFrom(type)) {
            Object connection = connector.link().connection();
            if (type.isInstance(connection)) {
                return type.cast(connection);
            }
        }
        throw new IllegalArgumentException("RedisCacheStore has no " + type.getName()
                + " to unwrap; it has its Lettuce client, its StatefulConnection and itself");
    }

    /** Closes the connection and the client's threads; later calls throw. Idempotent. */
    @Override
    public void close() {
        closed = true;
        connector.close();
    }

    /** Describes the store by the server it talks to. */
    @Override
    public String toString() {
        return "RedisCacheStore[" + settings.target() + ", prefix " + settings.keys().prefix()
                + (settings.keys().hashTags() ? "" : ", no hash tags") + "]";
    }

    /**
     * Runs one operation on the connection and translates Lettuce's failures; a success ends a
     * fail-open outage. The description is built only for a failure: it is on every call's path.
     */
    <T> T call(Supplier<String> what, Function<RedisLink, T> operation) {
        checkOpen();
        RedisLink link = connector.link();
        try {
            T result = operation.apply(link);
            outage.reachable();
            return result;
        } catch (RedisException | CancellationException e) {
            if (closed) {
                throw new IllegalStateException("the Redis cache store for " + settings.target() + " was closed during "
                        + what.get(), e);
            }
            throw RedisErrors.translate(e, what.get(), settings.target());
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Redis cache store for " + settings.target() + " is closed");
        }
    }

    RedisKeys keys() {
        return settings.keys();
    }

    SingleFlight<String, byte[]> flights() {
        return flights;
    }

    RedisOutage outage() {
        return outage;
    }

    Duration timeout() {
        return settings.timeout();
    }

    String target() {
        return settings.target();
    }
}
