package dev.polyglot.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;

/**
 * The MongoDB server the tests of this module share: the one in {@code POLYGLOT_TEST_MONGO_URI}
 * (a connection string, such as {@code mongodb://localhost:27017/polyglot_test}) when set,
 * otherwise a mongo-java-server with its in-memory backend (with the string sort order corrected,
 * see {@link CodePointSortingBackend}), started once per test JVM on a free loopback port. Tests
 * isolate themselves by unique collection names.
 */
final class MongoTestServer {
    static final String URI_VARIABLE = "POLYGLOT_TEST_MONGO_URI";
    private static final String DEFAULT_DATABASE = "polyglot_test";

    private static volatile String connectionString;
    private static volatile MongoClient client;

    private MongoTestServer() {
    }

    /** Returns a connection string of the shared server that names its database. */
    static synchronized String uri() {
        if (connectionString == null) {
            String configured = System.getenv(URI_VARIABLE);
            if (configured != null && !configured.isBlank()) {
                ConnectionString parsed = new ConnectionString(configured);
                connectionString = parsed.getDatabase() == null
                        ? withDatabase(configured, DEFAULT_DATABASE) : configured;
            } else {
                MongoServer server = new MongoServer(new CodePointSortingBackend());
                server.bind("127.0.0.1", 0);
                InetSocketAddress address = server.getLocalAddress();
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-java-server-stop"));
                connectionString = "mongodb://127.0.0.1:" + address.getPort() + "/" + DEFAULT_DATABASE;
            }
        }
        return connectionString;
    }

    /** Returns the shared client (never closed: it lives as long as the test JVM). */
    static synchronized MongoClient client() {
        if (client == null) {
            client = MongoClients.create(uri());
        }
        return client;
    }

    /** Returns the shared database's name. */
    static String database() {
        return new ConnectionString(uri()).getDatabase();
    }

    /** Returns a store on the shared client. */
    static MongoDocumentStore store() {
        return MongoDocumentStore.create(client(), database());
    }

    /** Returns a store whose server does not exist, failing server selection quickly. */
    static MongoDocumentStore unreachableStore() {
        return MongoDocumentStore.connect("mongodb://127.0.0.1:1/unreachable?serverSelectionTimeoutMS=200&connectTimeoutMS=200");
    }

    private static String withDatabase(String uri, String database) {
        int query = uri.indexOf('?');
        String base = query < 0 ? uri : uri.substring(0, query);
        String options = query < 0 ? "" : uri.substring(query);
        return (base.endsWith("/") ? base : base + "/") + database + options;
    }
}
