package dev.polyglot.examples.assistant;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.polyglot.Port;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Properties;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * The servers and the {@code polyglot.*.uri} configuration of one stage. It starts what the stage
 * needs on this machine (PostgreSQL from Maven Central's binaries, a redis-server binary, an
 * in-JVM MongoDB wire-protocol server) and stops them on close; the application only ever sees the
 * resulting properties.
 */
final class StageEnvironment implements AutoCloseable {
    /** Replaced in every URI by a fresh temporary directory, which is deleted on close. */
    static final String TEMP_DIR = "${tempDir}";

    private final Properties properties = new Properties();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path tempDir;
    private final String description;

    private StageEnvironment(Path tempDir, String description) {
        this.tempDir = tempDir;
        this.description = description;
    }

    static StageEnvironment open(ExampleOptions options, PrintStream out) throws IOException {
        Path tempDir = Files.createTempDirectory("polyglot-example-");
        StageEnvironment env;
        if (options.config() != null) {
            env = new StageEnvironment(tempDir, "configuration from " + options.config());
            try (InputStream in = Files.newInputStream(options.config())) {
                env.properties.load(in);
            }
        } else {
            env = new StageEnvironment(tempDir, describe(options.stage()));
            try {
                env.startStage(options.stage(), out);
            } catch (IOException | RuntimeException e) {
                env.close();
                throw e;
            }
        }
        for (String key : env.properties.stringPropertyNames()) {
            env.properties.setProperty(key, env.properties.getProperty(key).replace(TEMP_DIR, tempDir.toString()));
        }
        return env;
    }

    Properties properties() {
        return properties;
    }

    String description() {
        return description;
    }

    private void startStage(int stage, PrintStream out) throws IOException {
        for (Port port : Port.values()) {
            properties.setProperty(port.uriProperty(), "memory:");
        }
        properties.setProperty(Port.VECTOR.uriProperty(), AssistantApp.DEFAULT_VECTOR_URI);
        if (stage >= 1) {
            out.println("Starting an embedded PostgreSQL 17 (its binaries are a Maven dependency) ...");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            started.push(postgres);
            String uri = "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
            for (Port port : Port.values()) {
                properties.setProperty(port.uriProperty(), uri);
            }
        }
        if (stage >= 2) {
            int port = freePort();
            out.println("Starting an embedded Redis on port " + port + " ...");
            RedisServer redis = new RedisServer(port);
            redis.start();
            started.push(redis::stop);
            properties.setProperty(Port.CACHE.uriProperty(), "redis://127.0.0.1:" + port);
        }
        if (stage >= 3) {
            MongoServer mongo = new MongoServer(new MemoryBackend());
            mongo.bind("127.0.0.1", 0);
            InetSocketAddress address = mongo.getLocalAddress();
            out.println("Started an in-JVM MongoDB wire-protocol server on port " + address.getPort());
            started.push(mongo::shutdownNow);
            properties.setProperty(Port.DOCUMENT.uriProperty(), "mongodb://127.0.0.1:" + address.getPort() + "/assistant");
        }
        if (stage >= 4) {
            properties.setProperty(Port.VECTOR.uriProperty(), AssistantApp.HNSW_IN_TEMP_DIR);
        }
    }

    private static String describe(int stage) {
        return switch (stage) {
            case 0 -> "embedded default: in-memory tables, documents and cache; vectors at " + AssistantApp.DEFAULT_VECTOR_URI;
            case 1 -> "stage 1: PostgreSQL for everything";
            case 2 -> "stage 2: PostgreSQL, with the cache on Redis";
            case 3 -> "stage 3: PostgreSQL for tables and vectors, Redis for the cache, MongoDB for documents";
            default -> "stage 4: PostgreSQL for tables, Redis for the cache, MongoDB for documents, HNSW for vectors";
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("could not stop a server cleanly: " + e);
            }
        }
        try (Stream<Path> files = Files.walk(tempDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + tempDir, e);
        }
    }
}
