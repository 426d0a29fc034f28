package dev.polyglot.benchmarks;

import dev.polyglot.Port;
import dev.polyglot.cache.Cache;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.memory.InMemoryCacheStore;
import dev.polyglot.memory.InMemoryDocumentStore;
import dev.polyglot.metrics.PortMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the timing decorators (goal: at most 2 % of a memory-adapter call): a cache
 * {@code get} and a document {@code get} on the in-memory adapters, raw and through
 * {@link PortMetrics#decorate}, with the in-process histogram only and with Micrometer timers in a
 * {@code SimpleMeterRegistry} as well. The in-memory adapters are the cheapest calls a decorator
 * can wrap (no network), so this is the worst case; on a server adapter the same nanoseconds are a
 * far smaller share. {@code noopGet*} wrap a cache whose {@code get} does nothing, so their
 * difference is the decorator's own cost in nanoseconds, which is steadier on a shared machine
 * than the difference of two memory-adapter figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsOverheadBenchmark {

    /**
     * A small cached value, as a session would be.
     *
     * @param userId the user
     * @param loggedInAt when
     */
    public record Session(String userId, long loggedInAt) {}

    private static final int KEYS = 1024;

    private Cache<Session> noopCache;
    private Cache<Session> timedNoopCache;
    private Cache<Session> rawCache;
    private Cache<Session> timedCache;
    private Cache<Session> micrometerCache;
    private DocumentCollection<Session> rawDocuments;
    private DocumentCollection<Session> timedDocuments;
    private String[] keys;
    private String[] documentIds;
    private int next;

    /** Fills a cache and a collection with 1,024 entries each, raw and decorated views on the same stores. */
    @Setup(Level.Trial)
    public void setUp() {
        InMemoryCacheStore cacheStore = InMemoryCacheStore.create();
        rawCache = cacheStore.cache("sessions", Session.class);
        timedCache = PortMetrics.inProcess(Port.CACHE, "memory").decorate(cacheStore).cache("sessions", Session.class);
        micrometerCache = PortMetrics.create(Port.CACHE, "memory", new SimpleMeterRegistry()).decorate(cacheStore)
                .cache("sessions", Session.class);
        InMemoryDocumentStore documentStore = InMemoryDocumentStore.create();
        rawDocuments = documentStore.collection("sessions", Session.class);
        timedDocuments = PortMetrics.inProcess(Port.DOCUMENT, "memory").decorate(documentStore).collection("sessions", Session.class);
        InMemoryCacheStore noopStore = InMemoryCacheStore.create();
        Cache<Session> memory = noopStore.cache("noop", Session.class);
        noopCache = new NoopCache(memory);
        timedNoopCache = PortMetrics.inProcess(Port.CACHE, "noop").decorate(new NoopCacheStore(noopStore, noopCache))
                .cache("noop", Session.class);
        keys = new String[KEYS];
        documentIds = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "s-" + i;
            rawCache.put(keys[i], new Session("u-" + i, i));
            documentIds[i] = rawDocuments.insert(new Session("u-" + i, i));
        }
    }

    private int nextIndex() {
        next = (next + 1) & (KEYS - 1);
        return next;
    }

    /**
     * A call that does nothing, undecorated: the floor.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> noopGetRaw() {
        return noopCache.get(keys[nextIndex()]);
    }

    /**
     * The same call through the decorator: the difference to {@link #noopGetRaw()} is the decorator's cost.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> noopGetTimed() {
        return timedNoopCache.get(keys[nextIndex()]);
    }

    /**
     * A cache read on the in-memory adapter itself.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> cacheGetRaw() {
        return rawCache.get(keys[nextIndex()]);
    }

    /**
     * The same read through the decorator with the in-process histogram.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> cacheGetTimed() {
        return timedCache.get(keys[nextIndex()]);
    }

    /**
     * The same read through the decorator with the histogram and a Micrometer timer.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> cacheGetTimedMicrometer() {
        return micrometerCache.get(keys[nextIndex()]);
    }

    /**
     * A document read by id on the in-memory adapter itself.
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> documentGetRaw() {
        return rawDocuments.get(documentIds[nextIndex()]);
    }

    /**
     * The same read through the decorator (codec wrapper included).
     *
     * @return the value read
     */
    @Benchmark
    public Optional<Session> documentGetTimed() {
        return timedDocuments.get(documentIds[nextIndex()]);
    }
}
