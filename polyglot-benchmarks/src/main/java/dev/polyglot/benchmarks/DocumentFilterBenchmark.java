package dev.polyglot.benchmarks;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.postgres.PostgresDocumentStore;
import dev.polyglot.query.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An equality filter on 100,000 documents through {@link PostgresDocumentStore}, with and without
 * {@code createIndex(IndexSpec.on("customerId"))}. Each query matches the 10 orders of one of
 * 10,000 customers, cycling through them.
 *
 * <p>The documents are loaded through the port's own {@code insert} (the Document port has no
 * bulk insert), from four threads; the load takes most of each trial's setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class DocumentFilterBenchmark {

    private static final int DOCUMENTS = 100_000;
    private static final int CUSTOMERS = 10_000;
    private static final int LOADERS = 4;

    /** Whether {@code customerId} is indexed. */
    @Param({"false", "true"})
    public boolean indexed;

    private BenchmarkDatabase database;
    private PostgresDocumentStore store;
    private String name;
    private DocumentCollection<Order> orders;
    private Filter[] filters;
    private int next;

    /**
     * Starts the database, loads 100,000 orders through the port and creates the index if asked.
     *
     * @throws InterruptedException if interrupted while loading
     * @throws ExecutionException if a load thread fails
     */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException, ExecutionException {
        database = BenchmarkDatabase.start();
        store = PostgresDocumentStore.create(database.dataSource());
        name = BenchmarkDatabase.uniqueName("bench_orders");
        orders = store.collection(name, Order.class);
        long started = System.nanoTime();
        ExecutorService loaders = Executors.newFixedThreadPool(LOADERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < LOADERS; t++) {
                int first = t;
                done.add(loaders.submit(() -> {
                    for (int i = first; i < DOCUMENTS; i += LOADERS) {
                        orders.insert("o-" + i, Order.generated(i, CUSTOMERS));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            loaders.shutdown();
        }
        if (indexed) {
            orders.createIndex(IndexSpec.on("customerId"));
        }
        // What autovacuum would do shortly after the load, done now so the plan does not change mid-run.
        database.execute("VACUUM ANALYZE");
        System.out.printf("loaded %,d documents in %.1f s%n", DOCUMENTS, (System.nanoTime() - started) / 1e9);
        filters = new Filter[CUSTOMERS];
        for (int c = 0; c < CUSTOMERS; c++) {
            filters[c] = Filter.eq("customerId", "c-" + c);
        }
        int found = find().size();
        if (found != DOCUMENTS / CUSTOMERS) {
            throw new IllegalStateException("expected " + DOCUMENTS / CUSTOMERS + " matches, found " + found);
        }
        next = 0;
    }

    /** Drops the collection and stops the database. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            store.dropCollection(name);
            store.close();
        } finally {
            database.close();
        }
    }

    /**
     * {@code find(Filter.eq("customerId", ...))}: 10 of 100,000 documents.
     *
     * @return the matching orders
     */
    @Benchmark
    public List<Order> find() {
        Filter filter = filters[next];
        next = (next + 1) % CUSTOMERS;
        return orders.find(filter);
    }
}
