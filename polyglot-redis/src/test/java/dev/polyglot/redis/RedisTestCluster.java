package dev.polyglot.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A three-master Redis Cluster the tests of this module share, started once per test JVM on free
 * loopback ports: three embedded redis-server processes with {@code cluster-enabled yes}, each
 * given a third of the 16,384 slots with {@code CLUSTER ADDSLOTS} and joined with
 * {@code CLUSTER MEET}; ready when every node reports {@code cluster_state:ok} and three known nodes.
 * No replicas: the tests are about routing and multi-slot operations, not failover.
 */
final class RedisTestCluster {
    private static final int SLOTS = 16_384;
    private static volatile List<RedisTestServer.Embedded> nodes;

    private RedisTestCluster() {
    }

    /**
     * Returns the cluster's {@code redis-cluster://} URI listing all three nodes, with the tests'
     * key prefix and a 10 s command timeout (see {@link RedisTestServer#uri()}).
     */
    static String uri() {
        StringJoiner hosts = new StringJoiner(",", "redis-cluster://", "?prefix=" + RedisTestServer.TEST_PREFIX
                + "&timeout=10s");
        for (RedisTestServer.Embedded node : nodes()) {
            hosts.add("127.0.0.1:" + node.port());
        }
        return hosts.toString();
    }

    static List<RedisTestServer.Embedded> nodes() {
        List<RedisTestServer.Embedded> n = nodes;
        if (n == null) {
            synchronized (RedisTestCluster.class) {
                n = nodes;
                if (n == null) {
                    n = start();
                    nodes = n;
                }
            }
        }
        return n;
    }

    private static List<RedisTestServer.Embedded> start() {
        long startedAt = System.nanoTime();
        List<RedisTestServer.Embedded> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(RedisTestServer.Embedded::close),
                "embedded-redis-cluster-stop"));
        for (int i = 0; i < 3; i++) {
            int port = RedisTestServer.freePort();
            started.add(RedisTestServer.startOwn(port, "cluster-enabled yes", "cluster-config-file nodes-" + port + ".conf",
                    "cluster-node-timeout 5000"));
        }
        RedisClient client = RedisClient.create();
        try {
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            for (RedisTestServer.Embedded node : started) {
                connections.add(client.connect(RedisURI.create("127.0.0.1", node.port())));
            }
            for (int i = 0; i < 3; i++) {
                int from = i * SLOTS / 3;
                int to = (i + 1) * SLOTS / 3;
                connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
            }
            // Every node meets every other, so none has to learn the third node by gossip first.
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i != j) {
                        connections.get(i).sync().clusterMeet("127.0.0.1", started.get(j).port());
                    }
                }
            }
            awaitReady(connections);
            connections.forEach(StatefulRedisConnection::close);
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        System.err.println("[RedisTestCluster] three masters ready in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms: " + started);
        return List.copyOf(started);
    }

    private static void awaitReady(List<StatefulRedisConnection<String, String>> connections) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean ready = true;
            for (StatefulRedisConnection<String, String> c : connections) {
                RedisCommands<String, String> sync = c.sync();
                String info = sync.clusterInfo();
                ready &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded Redis Cluster did not become ready: "
                        + connections.get(0).sync().clusterInfo());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
