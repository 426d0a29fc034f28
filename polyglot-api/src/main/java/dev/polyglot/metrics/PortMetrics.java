package dev.polyglot.metrics;

import dev.polyglot.Port;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The measurements of one port: {@code decorate} wraps the port's store so that every operation,
 * on the store and on the views it hands out, is timed here; {@link #snapshot()} reads the figures.
 *
 * <pre>{@code
 * PortMetrics metrics = PortMetrics.create(Port.CACHE, "postgresql");
 * CacheStore cache = metrics.decorate(PostgresCacheStore.create(dataSource));
 * ...
 * OperationSnapshot gets = metrics.snapshot().operation("get").orElseThrow();
 * }</pre>
 *
 * <p>The in-process summary is always on: a fixed-size lock-free histogram per operation. The
 * first 1,024 calls of an operation are all timed and counted, then one call in 16, at random, is
 * timed and stands for 16, so that the decorator costs a few nanoseconds a call; failures are
 * always counted exactly (see {@link OperationSnapshot}). When Micrometer is on the classpath,
 * each operation also appears as two timers named {@code polyglot.operation}, tagged
 * {@code port}, {@code adapter}, {@code operation} and {@code outcome} ({@code success} or
 * {@code error}): function timers that read those counts and totals, so Micrometer adds nothing
 * to a call (they have no percentiles of their own; {@link #snapshot()} has them). Micrometer is optional:
 * without it on the classpath no Micrometer class is loaded.
 */
public final class PortMetrics {

    /** Whether Micrometer is on this library's classpath. */
    static final boolean MICROMETER_PRESENT = micrometerPresent();

    private final Port port;
    private final String adapter;
    private final @Nullable Object meterRegistry;
    private final Map<String, OperationTimer> timers = new ConcurrentHashMap<>();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder retriedTransactions = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final Map<String, DocumentShapes> documentShapes = new ConcurrentHashMap<>();
    private final Map<String, VectorCollection> vectorCollections = new ConcurrentHashMap<>();

    private PortMetrics(Port port, String adapter, @Nullable Object meterRegistry) {
        if (port == null || adapter == null || adapter.isBlank()) {
            throw new IllegalArgumentException("port and adapter name must be given");
        }
        this.port = port;
        this.adapter = adapter;
        this.meterRegistry = meterRegistry;
    }

    /**
     * Measures a port in-process and, when Micrometer is on the classpath, in Micrometer's global
     * registry ({@code Metrics.globalRegistry}).
     *
     * @param port the port
     * @param adapter the adapter's name, such as {@code postgresql}
     * @return the measurements
     */
    public static PortMetrics create(Port port, String adapter) {
        return new PortMetrics(port, adapter, MICROMETER_PRESENT ? MicrometerTimers.registry(null) : null);
    }

    /**
     * Measures a port in-process and in the given Micrometer registry; typed {@code Object} (as
     * HikariCP's {@code setMetricRegistry}) so that this class does not need Micrometer.
     *
     * @param port the port
     * @param adapter the adapter's name
     * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
     * @return the measurements
     * @throws IllegalArgumentException if Micrometer is not on the classpath or the object is not a registry
     */
    public static PortMetrics create(Port port, String adapter, Object meterRegistry) {
        if (!MICROMETER_PRESENT) {
            throw new IllegalArgumentException("a meter registry was given but Micrometer (io.micrometer:micrometer-core) "
                    + "is not on the classpath");
        }
        if (meterRegistry == null) {
            throw new IllegalArgumentException("meter registry must not be null; use inProcess() for none");
        }
        return new PortMetrics(port, adapter, MicrometerTimers.registry(meterRegistry));
    }

    /**
     * Measures a port in-process only, even when Micrometer is on the classpath.
     *
     * @param port the port
     * @param adapter the adapter's name
     * @return the measurements
     */
    public static PortMetrics inProcess(Port port, String adapter) {
        return new PortMetrics(port, adapter, null);
    }

    /**
     * Returns the measured port.
     *
     * @return the port
     */
    public Port port() {
        return port;
    }

    /**
     * Returns the adapter's name.
     *
     * @return the name given at creation
     */
    public String adapter() {
        return adapter;
    }

    /**
     * Returns whether operations are also recorded in Micrometer.
     *
     * @return true if a Micrometer registry is attached
     */
    public boolean micrometerEnabled() {
        return meterRegistry != null;
    }

    /**
     * Wraps a Transactional store so that every transaction and table operation is timed and
     * every retry counted.
     *
     * @param store the store
     * @return the timed store; closing it closes {@code store}
     * @throws IllegalArgumentException if this is not the Transactional port's metrics
     */
    public TransactionalStore decorate(TransactionalStore store) {
        requirePort(Port.TRANSACTIONAL, store);
        return new TimedTransactionalStore(store, this);
    }

    /**
     * Wraps a Document store so that every operation of it and its collections is timed and the
     * written documents' key sets and the upcasters' runs are counted.
     *
     * @param store the store
     * @return the timed store; closing it closes {@code store}
     * @throws IllegalArgumentException if this is not the Document port's metrics
     */
    public DocumentStore decorate(DocumentStore store) {
        requirePort(Port.DOCUMENT, store);
        return new TimedDocumentStore(store, this);
    }

    /**
     * Wraps a Cache store so that every operation of it, its caches and rate limiters is timed.
     *
     * @param store the store
     * @return the timed store; closing it closes {@code store}
     * @throws IllegalArgumentException if this is not the Cache port's metrics
     */
    public CacheStore decorate(CacheStore store) {
        requirePort(Port.CACHE, store);
        return new TimedCacheStore(store, this);
    }

    /**
     * Wraps a Vector store so that every operation of it and its collections is timed and the
     * collections' sizes can be read with the snapshot.
     *
     * @param store the store
     * @return the timed store; closing it closes {@code store}
     * @throws IllegalArgumentException if this is not the Vector port's metrics
     */
    public VectorStore decorate(VectorStore store) {
        requirePort(Port.VECTOR, store);
        return new TimedVectorStore(store, this);
    }

    /**
     * Reads the figures measured so far; vector collections are counted now, by the store
     * itself, untimed.
     *
     * @return the port's figures
     */
    public PortSnapshot snapshot() {
        List<OperationSnapshot> operations = new ArrayList<>();
        for (OperationTimer timer : timers.values()) {
            OperationSnapshot snapshot = timer.snapshot();
            if (snapshot.count() > 0) {
                operations.add(snapshot);
            }
        }
        TransactionSnapshot tx = new TransactionSnapshot(transactions.sum(), retries.sum(), retriedTransactions.sum(),
                conflicts.sum());
        List<DocumentCollectionSnapshot> documents = new ArrayList<>();
        documentShapes.values().forEach(shapes -> documents.add(shapes.snapshot()));
        documents.sort((a, b) -> a.name().compareTo(b.name()));
        List<VectorCollectionSnapshot> vectors = new ArrayList<>();
        for (var entry : vectorCollections.entrySet()) {
            long count;
            try {
                count = entry.getValue().count();
            } catch (RuntimeException e) {
                count = -1;
            }
            vectors.add(new VectorCollectionSnapshot(entry.getKey(), entry.getValue().dimensions(), count));
        }
        vectors.sort((a, b) -> a.name().compareTo(b.name()));
        return new PortSnapshot(port, adapter, operations, tx, documents, vectors);
    }

    @Override
    public String toString() {
        return "PortMetrics[" + port + ", " + adapter + "]";
    }

    OperationTimer timer(String operation) {
        return timers.computeIfAbsent(operation, name -> {
            OperationTimer timer = new OperationTimer(name);
            if (meterRegistry != null) {
                MicrometerTimers.register(meterRegistry, port, adapter, timer);
            }
            return timer;
        });
    }

    void transactionEnded(int attempts, boolean conflict) {
        transactions.increment();
        if (attempts > 1) {
            retries.add(attempts - 1L);
            retriedTransactions.increment();
        }
        if (conflict) {
            conflicts.increment();
        }
    }

    DocumentShapes documentShapes(String collection, int upcasters) {
        DocumentShapes shapes = documentShapes.computeIfAbsent(collection, DocumentShapes::new);
        shapes.upcasters(upcasters);
        return shapes;
    }

    boolean hasDocumentShapes(String collection) {
        return documentShapes.containsKey(collection);
    }

    void forgetDocumentShapes(String collection, DocumentShapes shapes) {
        documentShapes.remove(collection, shapes);
    }

    void vectorCollectionOpened(String name, VectorCollection collection) {
        vectorCollections.put(name, collection);
    }

    void vectorCollectionDropped(String name) {
        vectorCollections.remove(name);
    }

    private void requirePort(Port expected, Object store) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null");
        }
        if (port != expected) {
            throw new IllegalArgumentException("these are the " + port + " port's metrics; they cannot time a "
                    + expected + " store");
        }
    }

    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, PortMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
