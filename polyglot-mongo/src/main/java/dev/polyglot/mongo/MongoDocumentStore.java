package dev.polyglot.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.spi.Ids;
import java.time.Clock;
import java.util.function.Supplier;
import org.bson.BsonDocument;

/**
 * The Document port on MongoDB through mongodb-driver-sync: one MongoDB collection per
 * collection, each document stored as {@code {_id: id, rev: revision, schema: version, doc:
 * document}} with BSON types for instants, decimals, UUIDs and binary data; filters, sorts and
 * updates built with the driver's builders, every value passed as a BSON value.
 *
 * <p>Every operation is a single server command; nothing needs multi-document transactions or
 * change streams, so a standalone server is enough. TTL indexes are real MongoDB TTL indexes
 * (rounded up to whole seconds), and every read also hides documents whose TTL has passed by the
 * store's clock, so expiry is exact to the millisecond rather than to the server's 60-second TTL
 * monitor. The exact TTLs live in a small catalog collection, {@value #CATALOG}, next to the
 * collections.
 *
 * <pre>{@code
 * try (DocumentStore store = MongoDocumentStore.connect("mongodb://localhost:27017/app")) {
 *     DocumentCollection<Customer> customers = store.collection("customers", Customer.class);
 *     customers.createIndex(IndexSpec.on("email").unique());
 *     String id = customers.insert(new Customer("Ada", "ada@example.com", 0));
 *     customers.update(id, Update.builder().inc("visits", 1).build());
 * }
 * }</pre>
 */
public final class MongoDocumentStore implements DocumentStore {
    /** The collection holding the store's index catalog (not a valid Polyglot collection name). */
    static final String CATALOG = "_polyglot_indexes";

    private final MongoClient client;
    private final boolean ownsClient;
    private final MongoDatabase database;
    private final Clock clock;
    private final MongoIndexCatalog catalog;
    private volatile boolean closed;

    private MongoDocumentStore(MongoClient client, boolean ownsClient, String databaseName, Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.database = client.getDatabase(databaseName);
        this.clock = clock;
        this.catalog = new MongoIndexCatalog(this, database.getCollection(CATALOG, BsonDocument.class));
    }

    /**
     * Connects to MongoDB with a connection string naming the database, and owns the client: closing
     * the store closes it. The driver connects in the background; an unreachable server shows at the
     * first operation as a {@link dev.polyglot.StoreUnavailableException}.
     *
     * @param connectionString such as {@code mongodb://localhost:27017/app} or
     *     {@code mongodb+srv://user:password@cluster.example.net/app}
     * @return the store
     * @throws IllegalArgumentException for a malformed connection string
     * @throws StoreConfigurationException if the connection string names no database
     */
    public static MongoDocumentStore connect(String connectionString) {
        ConnectionString parsed = parse(connectionString);
        String databaseName = parsed.getDatabase();
        if (databaseName == null || databaseName.isBlank()) {
            throw new StoreConfigurationException("MongoDB connection string " + redact(connectionString)
                    + " names no database; add one, as in mongodb://host:27017/app", null);
        }
        MongoClient client = MongoClients.create(parsed);
        return new MongoDocumentStore(client, true, databaseName, Clock.systemUTC());
    }

    /**
     * Creates a store on a client you own (the store never closes it), in one database.
     *
     * @param client the client
     * @param databaseName the database holding the collections
     * @return the store
     * @throws IllegalArgumentException for a null client or a blank database name
     */
    public static MongoDocumentStore create(MongoClient client, String databaseName) {
        return create(client, databaseName, Clock.systemUTC());
    }

    /**
     * Creates a store on a client you own whose TTL indexes measure time with the given clock.
     *
     * @param client the client
     * @param databaseName the database holding the collections
     * @param clock the clock that decides which documents have expired
     * @return the store
     * @throws IllegalArgumentException for a null argument or a blank database name
     */
    public static MongoDocumentStore create(MongoClient client, String databaseName, Clock clock) {
        if (client == null) {
            throw new IllegalArgumentException("MongoDB client must not be null");
        }
        if (databaseName == null || databaseName.isBlank()) {
            throw new IllegalArgumentException("database name must not be blank");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        return new MongoDocumentStore(client, false, databaseName, clock);
    }

    /** Creates a store that owns its client, for the provider. */
    static MongoDocumentStore owning(MongoClient client, String databaseName) {
        return new MongoDocumentStore(client, true, databaseName, Clock.systemUTC());
    }

    @Override
    public <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options) {
        Ids.requireName(name, "collection name");
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("collection options must not be null");
        }
        checkOpen();
        return new MongoDocumentCollection<>(this, name, codec, options);
    }

    @Override
    public boolean dropCollection(String name) {
        Ids.requireName(name, "collection name");
        return call("drop collection \"" + name + "\"", () -> {
            // The filter narrows the listing on MongoDB; the loop keeps it exact where a server ignores it.
            boolean existed = false;
            for (String listed : database.listCollectionNames().filter(Filters.eq("name", name))) {
                existed |= listed.equals(name);
            }
            database.getCollection(name).drop();
            catalog.forget(name);
            return existed;
        });
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        if (type == MongoClient.class) {
            return type.cast(client);
        }
        if (type == MongoDatabase.class) {
            return type.cast(database);
        }
        if (type != null && type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("MongoDocumentStore wraps no " + (type == null ? "null" : type.getName()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "MongoDocumentStore[" + database.getName() + "]";
    }

    MongoCollection<BsonDocument> mongoCollection(String name) {
        return database.getCollection(name, BsonDocument.class);
    }

    MongoIndexCatalog catalog() {
        return catalog;
    }

    Clock clock() {
        return clock;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("MongoDocumentStore is closed");
        }
    }

    /** Runs driver work after checking the store is open; translates driver exceptions. */
    <R> R call(String what, Supplier<R> work) {
        checkOpen();
        try {
            return work.get();
        } catch (MongoException e) {
            throw MongoErrors.translate(what, e);
        } catch (org.bson.BsonMaximumSizeExceededException e) {
            throw new IllegalArgumentException("cannot " + what + ": the document is larger than MongoDB's 16 MB limit ("
                    + e.getMessage() + ")", e);
        }
    }

    static ConnectionString parse(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalArgumentException("MongoDB connection string must not be blank");
        }
        try {
            return new ConnectionString(connectionString);
        } catch (IllegalArgumentException | com.mongodb.MongoConfigurationException e) {
            throw new IllegalArgumentException("malformed MongoDB connection string " + redact(connectionString) + ": "
                    + e.getMessage(), e);
        }
    }

    static String redact(String connectionString) {
        return connectionString.replaceAll("(//[^/@:]*:)[^/@]*@", "$1****@");
    }
}
