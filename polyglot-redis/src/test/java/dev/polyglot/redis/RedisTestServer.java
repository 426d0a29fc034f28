package dev.polyglot.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.embedded.RedisServer;

/**
 * The Redis server the tests of this module share: the one in {@code POLYGLOT_TEST_REDIS_URI}
 * (such as {@code redis://127.0.0.1:6379}) when set, otherwise a real redis-server (the binary in
 * {@code com.github.codemonstur:embedded-redis}) started once per test JVM on a free loopback port.
 *
 * <p>Test classes share the server and isolate themselves by unique namespaces and limiter names,
 * as the compatibility kit does. Tests that stop a server start their own with {@link #startOwn()}.
 */
final class RedisTestServer {
    static final String URI_VARIABLE = "POLYGLOT_TEST_REDIS_URI";
    private static volatile String uri;

    private RedisTestServer() {
    }

    /**
     * The key prefix of every test store: on a server of your own, the tests' keys are then all
     * under {@code polyglot_test:}, and they are deleted when the test JVM exits.
     */
    static final String TEST_PREFIX = "polyglot_test";

    /**
     * Returns the URI test stores use: the shared server, with the tests' key prefix and a command
     * timeout of 10 s rather than the default 2 s, because the build machine may be shared by
     * several builds (a guard against a starved JVM, not a speed assumption).
     */
    static String uri() {
        return withParameter(withParameter(baseUri(), "prefix=" + TEST_PREFIX), "timeout=10s");
    }

    /** Adds a query parameter to a URI that may already have some. */
    static String withParameter(String uri, String parameter) {
        return uri + (uri.contains("?") ? "&" : "?") + parameter;
    }

    /** Returns the shared server's URI without parameters, starting the embedded server on first use. */
    static String baseUri() {
        String u = uri;
        if (u == null) {
            synchronized (RedisTestServer.class) {
                u = uri;
                if (u == null) {
                    String configured = System.getenv(URI_VARIABLE);
                    if (configured != null && !configured.isBlank()) {
                        u = configured.trim();
                        String external = u;
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTestKeys(external),
                                "polyglot-test-key-cleanup"));
                    } else {
                        Embedded server = startOwn();
                        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-redis-stop"));
                        u = server.uri();
                    }
                    uri = u;
                }
            }
        }
        return u;
    }

    /** Deletes what the tests left on a server of your own (entries without TTL stay otherwise). */
    private static void deleteTestKeys(String serverUri) {
        RedisClient client = RedisClient.create(RedisURI.create(serverUri));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs match = ScanArgs.Builder.matches(TEST_PREFIX + ":*").limit(1000);
            do {
                KeyScanCursor<String> page = commands.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    commands.unlink(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            System.err.println("could not delete the test keys " + TEST_PREFIX + ":* from " + serverUri + ": " + e);
        } finally {
            client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** True when the tests run against the server in {@code POLYGLOT_TEST_REDIS_URI}. */
    static boolean external() {
        String configured = System.getenv(URI_VARIABLE);
        return configured != null && !configured.isBlank();
    }

    /** Starts a private embedded redis-server (no persistence) that the caller stops. */
    static Embedded startOwn(String... settings) {
        return startOwn(freePort(), settings);
    }

    /** Starts a private embedded redis-server on a given port. */
    static Embedded startOwn(int port, String... settings) {
        try {
            Path dir = Files.createTempDirectory("polyglot-redis-" + port);
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir.toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly no");
            for (String setting : settings) {
                builder.setting(setting);
            }
            RedisServer server = builder.build();
            server.start();
            return new Embedded(server, port, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server (com.github.codemonstur:"
                    + "embedded-redis); set " + URI_VARIABLE + " to use a running Redis instead", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running embedded redis-server on a loopback port, with its working directory. */
    record Embedded(RedisServer server, int port, Path dir) {

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        void stop() {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops the server for good and deletes its working directory. */
        void close() {
            stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }

        void start() {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
