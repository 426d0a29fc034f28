package dev.polyglot.benchmarks;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import dev.polyglot.redis.RedisCacheStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code get} and {@code put} through {@link RedisCacheStore} against raw Lettuce sync commands
 * ({@code GET}, {@code SET PX}) on a second connection to the same server (goal: the port within
 * 1.05×); {@code getAll} of 100 keys (one {@code MGET}) against 100 sequential {@code get}s
 * (goal: at least 10× faster); and rate-limiter decisions per second (one Lua script each).
 *
 * <p>The port stores the codec's JSON, so its value is a 100-character string and the raw side
 * reads and writes the same 102 bytes under the same key; the port's extra work is the JSON
 * encode/decode and the exception translation around each call. 1,000 keys hold values before
 * the measurement; the single-key benchmarks cycle through them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisCacheBenchmark {
    private static final int KEYS = 1_000;
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final String VALUE = "v".repeat(100);

    private RedisBenchmarkServer server;
    private RedisCacheStore store;
    private Cache<String> cache;
    private RateLimiter limiter;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> rawConnection;
    private RedisCommands<byte[], byte[]> raw;
    private String[] keys;
    private byte[][] rawKeys;
    private byte[] rawValue;
    private List<List<String>> batches;
    private int next;
    private int nextBatch;

    /** Starts the server, opens the store and a raw connection, and writes the keys. */
    @Setup(Level.Trial)
    public void setUp() {
        server = RedisBenchmarkServer.start();
        store = RedisCacheStore.connect(server.uri());
        String namespace = "bench" + Long.toHexString(System.nanoTime());
        cache = store.cache(namespace, String.class);
        limiter = store.rateLimiter(namespace, 1_000_000, Duration.ofMinutes(1));
        rawClient = RedisClient.create(RedisURI.create(server.uri()));
        rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
        raw = rawConnection.sync();
        keys = new String[KEYS];
        rawKeys = new byte[KEYS][];
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
            // The key the port uses: <prefix>:c:{<namespace>}:<key>.
            rawKeys[i] = ("polyglot:c:{" + namespace + "}:" + keys[i]).getBytes(StandardCharsets.UTF_8);
            entries.put(keys[i], VALUE);
        }
        cache.putAll(entries, TTL);
        rawValue = raw.get(rawKeys[0]);
        if (rawValue == null || !cache.get(keys[0]).orElseThrow().equals(VALUE)) {
            throw new IllegalStateException("the raw key layout does not match the store's");
        }
        batches = new ArrayList<>();
        for (int b = 0; b < KEYS / 100; b++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(keys[b * 100 + i]);
            }
            batches.add(batch);
        }
    }

    /** Closes everything and stops an embedded server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        rawConnection.close();
        rawClient.shutdown(0, 2, TimeUnit.SECONDS);
        store.close();
        server.close();
    }

    private int nextKey() {
        int i = next;
        next = i + 1 == KEYS ? 0 : i + 1;
        return i;
    }

    /**
     * {@code Cache.get} of a live key.
     *
     * @return the value, so the JIT cannot drop the call
     */
    @Benchmark
    public Optional<String> portGet() {
        return cache.get(keys[nextKey()]);
    }

    /**
     * Lettuce {@code GET} of the same key.
     *
     * @return the bytes
     */
    @Benchmark
    public byte[] lettuceGet() {
        return raw.get(rawKeys[nextKey()]);
    }

    /** {@code Cache.put} with a TTL. */
    @Benchmark
    public void portPut() {
        cache.put(keys[nextKey()], VALUE, TTL);
    }

    /**
     * Lettuce {@code SET PX} of the same bytes.
     *
     * @return the reply
     */
    @Benchmark
    public String lettuceSet() {
        return raw.set(rawKeys[nextKey()], rawValue, SetArgs.Builder.px(TTL.toMillis()));
    }

    /**
     * {@code getAll} of 100 live keys: one {@code MGET}.
     *
     * @return the values
     */
    @Benchmark
    public Map<String, String> portGetAll100() {
        List<String> batch = batches.get(nextBatch);
        nextBatch = nextBatch + 1 == batches.size() ? 0 : nextBatch + 1;
        return cache.getAll(batch);
    }

    /**
     * The same 100 keys read with 100 sequential {@code get}s.
     *
     * @return how many were found
     */
    @Benchmark
    public int portSequentialGets100() {
        List<String> batch = batches.get(nextBatch);
        nextBatch = nextBatch + 1 == batches.size() ? 0 : nextBatch + 1;
        int found = 0;
        for (String key : batch) {
            if (cache.get(key).isPresent()) {
                found++;
            }
        }
        return found;
    }

    /**
     * One rate-limiter decision (a Lua script run), cycling over 1,000 keys; reported as decisions
     * per second.
     *
     * @return the decision
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public RateLimitDecision rateLimiterDecision() {
        return limiter.tryAcquire(keys[nextKey()]);
    }
}
