package dev.polyglot.redis;

import dev.polyglot.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a store's Lettuce client and its one connection, opened lazily and reopened on demand.
 *
 * <p>The connection is opened when the store is created; if the server cannot be reached then,
 * the store still opens and the next operations try again (at most every
 * {@link #CONNECT_RETRY_MILLIS} ms, failing fast in between), so an application can start while
 * its cache is down. Once connected, Lettuce reconnects by itself after an outage (backing off from
 * 20 ms to 1 s). While it is disconnected, commands are rejected at once instead of being queued,
 * and commands that were in flight when the connection broke are failed rather than replayed:
 * a cache call either happens now or fails now, and an {@code increment} is never applied twice.
 */
final class RedisConnector {
    static final long CONNECT_RETRY_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private volatile @Nullable RedisLink link;
    private @Nullable StoreUnavailableException lastFailure;
    private long retryAtNanos;
    private volatile boolean closed;

    RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.timeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.timeout());
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, settings.uris());
            ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts);
            options.replayFilter(command -> true);
            cluster.setOptions(options.build());
            this.client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources);
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .replayFilter(command -> true)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .build());
            this.client = single;
        }
    }

    /** Tries to connect now; a failure is remembered and reported by the next {@link #link()}. */
    void connectEagerly() {
        try {
            link();
        } catch (StoreUnavailableException e) {
            LOG.warn("{} is not reachable yet; the cache store opened anyway and connects on first use: {}",
                    settings.target(), e.getMessage());
        }
    }

    /**
     * Returns the live connection, connecting first if there is none.
     *
     * @throws StoreUnavailableException if the server cannot be reached
     * @throws IllegalStateException if the connector is closed
     */
    RedisLink link() {
        RedisLink current = link;
        return current != null ? current : connect();
    }

    private synchronized RedisLink connect() {
        if (closed) {
            throw new IllegalStateException("the Redis cache store for " + settings.target() + " is closed");
        }
        RedisLink current = link;
        if (current != null) {
            return current;
        }
        StoreUnavailableException failed = lastFailure;
        if (failed != null && System.nanoTime() - retryAtNanos < 0) {
            // Fail fast between attempts: a blackholed host would otherwise cost a connect timeout per call.
            throw new StoreUnavailableException(failed.getMessage(), failed.getCause());
        }
        try {
            RedisLink opened = open();
            link = opened;
            lastFailure = null;
            return opened;
        } catch (RuntimeException e) {
            StoreUnavailableException unavailable = new StoreUnavailableException(
                    "cannot connect to " + settings.target() + ": " + RedisErrors.rootMessage(e), e);
            lastFailure = unavailable;
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_RETRY_MILLIS);
            throw unavailable;
        }
    }

    private RedisLink open() {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<byte[], byte[]> c = cluster.connect(ByteArrayCodec.INSTANCE);
            connectToEveryMaster(c);
            return new RedisLink(c, c.sync(), c.async());
        }
        RedisURI uri = settings.uris().get(0);
        StatefulRedisConnection<byte[], byte[]> c = ((RedisClient) client).connect(ByteArrayCodec.INSTANCE, uri);
        return new RedisLink(c, c.sync(), c.async());
    }

    /**
     * Opens the connection to every master now. Lettuce opens node connections lazily, and with
     * {@code REJECT_COMMANDS} a command whose node connection is still being opened is rejected
     * rather than made to wait, so without this the first commands to each node would fail.
     */
    private void connectToEveryMaster(StatefulRedisClusterConnection<byte[], byte[]> c) {
        for (RedisClusterNode node : c.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                try {
                    c.getConnection(node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE);
                } catch (RuntimeException e) {
                    // A master that is down now is reconnected to when its slots are used.
                    LOG.warn("cannot connect to cluster node {} of {} yet: {}", node.getUri(), settings.target(),
                            RedisErrors.rootMessage(e));
                }
            }
        }
    }

    AbstractRedisClient client() {
        return client;
    }

    /** Closes the connection, the client and its threads; idempotent. */
    void close() {
        RedisLink current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = link;
            link = null;
        }
        try {
            if (current != null) {
                current.connection().close();
            }
        } catch (RuntimeException e) {
            LOG.debug("closing the connection to {} failed", settings.target(), e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
        }
    }
}
