package dev.polyglot.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.mongo.MongoDocumentStore;
import dev.polyglot.query.Filter;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
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
 * The MongoDB Document adapter against mongodb-driver-sync used directly, on the same server and
 * client: {@code insert} of one order, and an indexed {@code find} of the 10 orders of one of 1,000
 * customers in a collection of 10,000. The driver side does by hand what the adapter does: it
 * builds the same stored layout ({@code {_id, rev, schema, doc}}) from the record and turns what it
 * reads back into records, so the ratio is the adapter's own cost.
 *
 * <p>The {@code paired*} groups run the port and the driver at the same time, one thread each, in one
 * trial, so both see the same machine: on a shared machine their ratio is steadier than that of
 * the single-threaded benchmarks, which run minutes apart.
 *
 * <p>Without {@code POLYGLOT_BENCH_MONGO_URI} (a connection string naming a database) the server is
 * mongo-java-server in this JVM: its figures are functional, not representative of MongoDB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MongoDocumentBenchmark {
    static final String URI_VARIABLE = "POLYGLOT_BENCH_MONGO_URI";
    private static final int DOCUMENTS = 10_000;
    private static final int CUSTOMERS = 1_000;

    private MongoServer server;
    private MongoClient client;
    private MongoDocumentStore store;
    private String findName;
    private String portInsertName;
    private String driverInsertName;
    private DocumentCollection<Order> portFind;
    private DocumentCollection<Order> portInsert;
    private MongoCollection<BsonDocument> driverFind;
    private MongoCollection<BsonDocument> driverInsert;
    private Filter[] filters;
    private Bson[] driverFilters;
    private int nextFind;
    private int nextPairedFind;
    private final java.util.concurrent.atomic.AtomicLong nextInsert = new java.util.concurrent.atomic.AtomicLong();
    private Order sample;

    /** Starts the server (or connects), loads 10,000 orders through the port and indexes customerId. */
    @Setup(Level.Trial)
    public void setUp() {
        String uri = System.getenv(URI_VARIABLE);
        String databaseName = "polyglot_bench";
        if (uri == null || uri.isBlank()) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + databaseName;
        }
        com.mongodb.ConnectionString connection = new com.mongodb.ConnectionString(uri);
        if (connection.getDatabase() != null) {
            databaseName = connection.getDatabase();
        }
        client = MongoClients.create(connection);
        store = MongoDocumentStore.create(client, databaseName);
        MongoDatabase database = client.getDatabase(databaseName);
        findName = BenchmarkDatabase.uniqueName("bench_find");
        portInsertName = BenchmarkDatabase.uniqueName("bench_port_insert");
        driverInsertName = BenchmarkDatabase.uniqueName("bench_driver_insert");
        portFind = store.collection(findName, Order.class);
        for (int i = 0; i < DOCUMENTS; i++) {
            portFind.insert("o-" + i, Order.generated(i, CUSTOMERS));
        }
        portFind.createIndex(IndexSpec.on("customerId"));
        driverFind = database.getCollection(findName, BsonDocument.class);
        portInsert = store.collection(portInsertName, Order.class);
        driverInsert = database.getCollection(driverInsertName, BsonDocument.class);
        filters = new Filter[CUSTOMERS];
        driverFilters = new Bson[CUSTOMERS];
        for (int c = 0; c < CUSTOMERS; c++) {
            filters[c] = Filter.eq("customerId", "c-" + c);
            driverFilters[c] = Filters.eq("doc.customerId", "c-" + c);
        }
        sample = Order.generated(42, CUSTOMERS);
        int viaPort = portFindIndexed().size();
        int viaDriver = driverFindIndexed().size();
        if (viaPort != DOCUMENTS / CUSTOMERS || viaDriver != viaPort) {
            throw new IllegalStateException("expected " + DOCUMENTS / CUSTOMERS + " matches, found " + viaPort + " and " + viaDriver);
        }
    }

    /** Drops the collections and stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            store.dropCollection(findName);
            store.dropCollection(portInsertName);
            store.dropCollection(driverInsertName);
            store.close();
            client.close();
        } finally {
            if (server != null) {
                server.shutdownNow();
            }
        }
    }

    /**
     * {@code insert(id, order)} through the port.
     *
     * @return the id
     */
    @Benchmark
    public String portInsert() {
        String id = "p-" + nextInsert.getAndIncrement();
        portInsert.insert(id, sample);
        return id;
    }

    /**
     * {@code insertOne} of the same stored layout, built by hand from the record.
     *
     * @return the id
     */
    @Benchmark
    public String driverInsert() {
        String id = "d-" + nextInsert.getAndIncrement();
        driverInsert.insertOne(new BsonDocument("_id", new BsonString(id)).append("rev", new BsonInt64(1))
                .append("schema", new BsonInt32(1)).append("doc", toBson(sample)));
        return id;
    }

    /**
     * {@code find(Filter.eq("customerId", ...))} through the port: 10 of 10,000 orders, indexed.
     *
     * @return the orders
     */
    @Benchmark
    public List<Order> portFindIndexed() {
        Filter filter = filters[nextFind];
        nextFind = (nextFind + 1) % CUSTOMERS;
        return portFind.find(filter);
    }

    /**
     * The same query with the driver, in id order, each result turned into a record by hand.
     *
     * @return the orders
     */
    @Benchmark
    public List<Order> driverFindIndexed() {
        Bson filter = driverFilters[nextFind];
        nextFind = (nextFind + 1) % CUSTOMERS;
        List<Order> out = new ArrayList<>();
        for (BsonDocument stored : driverFind.find(filter).sort(new BsonDocument("_id", new BsonInt32(1)))) {
            out.add(fromBson(stored.getDocument("doc")));
        }
        return out;
    }

    /**
     * {@link #portInsert()}, run alongside {@link #pairedDriverInsert()}.
     *
     * @return the id
     */
    @Benchmark
    @Group("pairedInsert")
    public String pairedPortInsert() {
        return portInsert();
    }

    /**
     * {@link #driverInsert()}, run alongside {@link #pairedPortInsert()}.
     *
     * @return the id
     */
    @Benchmark
    @Group("pairedInsert")
    public String pairedDriverInsert() {
        return driverInsert();
    }

    /**
     * {@link #portFindIndexed()}, run alongside {@link #pairedDriverFind()}.
     *
     * @return the orders
     */
    @Benchmark
    @Group("pairedFind")
    public List<Order> pairedPortFind() {
        int c = Math.floorMod(nextPairedFind++, CUSTOMERS);
        return portFind.find(filters[c]);
    }

    /**
     * {@link #driverFindIndexed()}, run alongside {@link #pairedPortFind()}.
     *
     * @return the orders
     */
    @Benchmark
    @Group("pairedFind")
    public List<Order> pairedDriverFind() {
        int c = Math.floorMod(nextPairedFind++, CUSTOMERS);
        List<Order> out = new ArrayList<>();
        for (BsonDocument stored : driverFind.find(driverFilters[c]).sort(new BsonDocument("_id", new BsonInt32(1)))) {
            out.add(fromBson(stored.getDocument("doc")));
        }
        return out;
    }

    private static BsonDocument toBson(Order order) {
        BsonArray items = new BsonArray();
        for (Order.Item item : order.items()) {
            items.add(new BsonDocument("sku", new BsonString(item.sku())).append("quantity", new BsonInt32(item.quantity())));
        }
        return new BsonDocument("customerId", new BsonString(order.customerId()))
                .append("status", new BsonString(order.status()))
                .append("totalCents", new BsonInt64(order.totalCents()))
                .append("items", items)
                .append("placedAt", new BsonDateTime(order.placedAt().toEpochMilli()));
    }

    private static Order fromBson(BsonDocument doc) {
        List<Order.Item> items = new ArrayList<>();
        for (BsonValue value : doc.getArray("items")) {
            BsonDocument item = value.asDocument();
            items.add(new Order.Item(item.getString("sku").getValue(), item.getNumber("quantity").intValue()));
        }
        return new Order(doc.getString("customerId").getValue(), doc.getString("status").getValue(),
                doc.getNumber("totalCents").longValue(), items, Instant.ofEpochMilli(doc.getDateTime("placedAt").getValue()));
    }
}
