package dev.polyglot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * The Redis server of one benchmark trial: the one in {@code POLYGLOT_BENCH_REDIS_URI} (such as
 * {@code redis://localhost:6379}) when set, otherwise an embedded redis-server (the binary in
 * {@code com.github.codemonstur:embedded-redis}) on a free loopback port, stopped after the trial.
 */
final class RedisBenchmarkServer implements AutoCloseable {
    static final String URI_VARIABLE = "POLYGLOT_BENCH_REDIS_URI";

    private final @Nullable RedisServer embedded;
    private final String uri;

    private RedisBenchmarkServer(@Nullable RedisServer embedded, String uri) {
        this.embedded = embedded;
        this.uri = uri;
        System.out.println("benchmark redis: " + uri + (embedded == null ? "" : " (embedded redis-server)"));
    }

    /** Starts (or names) the server. */
    static RedisBenchmarkServer start() {
        String configured = System.getenv(URI_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new RedisBenchmarkServer(null, configured.trim());
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + Files.createTempDirectory("polyglot-bench-redis").toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new RedisBenchmarkServer(server, "redis://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server; set " + URI_VARIABLE
                    + " to use a running Redis instead", e);
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
