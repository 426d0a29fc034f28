package dev.polyglot.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * Opens {@link MongoDocumentStore}s for {@code mongodb://} and {@code mongodb+srv://} URIs, each
 * on a {@link MongoClient} of its own that is closed with the store; registered with
 * {@link java.util.ServiceLoader}.
 *
 * <p>The URI is a MongoDB connection string and must name the database, as in
 * {@code mongodb://user:password@host:27017/app?replicaSet=rs0}; every option goes to the driver
 * as it is. The provider pings the server before it returns, so an unreachable server fails here,
 * naming the hosts, after the driver's server selection timeout ({@code serverSelectionTimeoutMS},
 * 30 seconds unless the URI says otherwise).
 */
public final class MongoStoreProvider implements StoreProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MongoStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    @Override
    public Set<Port> ports() {
        return Set.of(Port.DOCUMENT);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-mongo";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (port == null || uri == null) {
            throw new IllegalArgumentException("port and uri must not be null");
        }
        if (!schemes().contains(uri.scheme())) {
            throw new IllegalArgumentException("the MongoDB provider opens mongodb:// and mongodb+srv:// URIs, not " + uri);
        }
        if (port != Port.DOCUMENT) {
            throw new IllegalArgumentException("MongoDB provides the Document port only, not " + port
                    + "; point polyglot." + port.name().toLowerCase(java.util.Locale.ROOT) + ".uri at another store");
        }
        ConnectionString connection = MongoDocumentStore.parse(uri.text());
        String database = connection.getDatabase();
        if (database == null || database.isBlank()) {
            throw new StoreConfigurationException("MongoDB URI " + uri + " names no database; add one, as in "
                    + uri.scheme() + "://host/app", null);
        }
        MongoClient client = MongoClients.create(connection);
        try {
            client.getDatabase(database).runCommand(new BsonDocument("ping", new BsonInt32(1)));
        } catch (MongoException e) {
            client.close();
            throw new StoreUnavailableException("cannot reach MongoDB at " + String.join(",", connection.getHosts())
                    + ", database \"" + database + "\": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return MongoDocumentStore.owning(client, database);
    }

    @Override
    public String toString() {
        return "MongoStoreProvider[mongodb://, mongodb+srv://]";
    }
}
