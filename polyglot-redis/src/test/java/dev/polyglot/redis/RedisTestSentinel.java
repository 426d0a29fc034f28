package dev.polyglot.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisSentinel;

/**
 * A Sentinel-monitored Redis master the tests of this module share, started once per test JVM on
 * free loopback ports: one embedded redis-server (see {@link RedisTestServer#startOwn(String...)})
 * and two Sentinels, the same binary run with {@code --sentinel} by embedded-redis's
 * {@link RedisSentinel} with a generated {@code sentinel.conf} ({@code sentinel monitor
 * polyglot-master 127.0.0.1 <port> 1}). No replicas: the tests are about finding the master through
 * Sentinel, not failover. Always embedded, also when {@code POLYGLOT_TEST_REDIS_URI} is set.
 */
final class RedisTestSentinel {
    /** The name the Sentinels monitor the master under. */
    static final String MASTER_NAME = "polyglot-master";
    private static final int SENTINELS = 2;
    private static volatile Started started;

    private RedisTestSentinel() {
    }

    /** The master and the Sentinels that monitor it. */
    record Started(RedisTestServer.Embedded master, List<RedisSentinel> sentinels, List<Integer> sentinelPorts) {
    }

    /**
     * Returns the {@code redis-sentinel://} URI listing both Sentinels, with the master's name, the
     * tests' key prefix and a 10 s command timeout (see {@link RedisTestServer#uri()}).
     */
    static String uri() {
        StringJoiner hosts = new StringJoiner(",", "redis-sentinel://", "/0?sentinelMasterId=" + MASTER_NAME
                + "&prefix=" + RedisTestServer.TEST_PREFIX + "&timeout=10s");
        for (int port : started().sentinelPorts()) {
            hosts.add("127.0.0.1:" + port);
        }
        return hosts.toString();
    }

    static Started started() {
        Started s = started;
        if (s == null) {
            synchronized (RedisTestSentinel.class) {
                s = started;
                if (s == null) {
                    s = start();
                    started = s;
                }
            }
        }
        return s;
    }

    private static Started start() {
        long startedAt = System.nanoTime();
        RedisTestServer.Embedded master = RedisTestServer.startOwn();
        List<RedisSentinel> sentinels = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sentinels.forEach(RedisTestSentinel::stop);
            master.close();
        }, "embedded-redis-sentinel-stop"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < SENTINELS; i++) {
            int port = RedisTestServer.freePort();
            RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                    .bind("127.0.0.1")
                    .port(port)
                    .masterName(MASTER_NAME)
                    .masterPort(master.port())
                    .quorumSize(1)
                    .build();
            try {
                sentinel.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start an embedded Redis Sentinel", e);
            }
            sentinels.add(sentinel);
            ports.add(port);
        }
        System.err.println("[RedisTestSentinel] master on " + master.port() + " and Sentinels on " + ports
                + " ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms");
        return new Started(master, List.copyOf(sentinels), List.copyOf(ports));
    }

    private static void stop(RedisSentinel sentinel) {
        try {
            sentinel.stop();
        } catch (IOException e) {
            System.err.println("could not stop an embedded Redis Sentinel: " + e);
        }
    }
}
