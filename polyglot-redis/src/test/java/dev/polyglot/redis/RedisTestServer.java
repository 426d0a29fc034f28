package dev.polyglot.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Returns the shared server's URI, starting the embedded server on first use. */
    static String uri() {
        String u = uri;
        if (u == null) {
            synchronized (RedisTestServer.class) {
                u = uri;
                if (u == null) {
                    String configured = System.getenv(URI_VARIABLE);
                    if (configured != null && !configured.isBlank()) {
                        u = configured.trim();
                    } else {
                        Embedded server = startOwn();
                        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-redis-stop"));
                        u = server.uri();
                    }
                    uri = u;
                }
            }
        }
        return u;
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
            return new Embedded(server, port);
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

    /** A running embedded redis-server on a loopback port. */
    record Embedded(RedisServer server, int port) {

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

        void start() {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
