package dev.polyglot.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.polyglot.Port;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.Store;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.VectorStore;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens PostgreSQL stores for {@code postgresql://} (and {@code postgres://}) URIs, each on a
 * HikariCP pool it creates and closes with the store (one pool for all the stores of one
 * {@link #openAll} call); registered with {@link java.util.ServiceLoader}.
 *
 * <p>The URI is {@code postgresql://user:password@host:port/database?parameters}; parameters go
 * to the PostgreSQL JDBC driver as they are (such as {@code sslmode=require}), except
 * {@code poolSize}, the pool's maximum size (default 10). The pool connects at once, so a wrong
 * host, port, database or password fails here, naming them, rather than at the first query.
 */
public final class PostgresStoreProvider implements StoreProvider {
    private static final String POOL_SIZE = "poolSize";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PostgresStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("postgresql", "postgres");
    }

    @Override
    public Set<Port> ports() {
        return EnumSet.allOf(Port.class);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-postgres";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (port == null) {
            throw new IllegalArgumentException("port must not be null");
        }
        return openAll(EnumSet.of(port), uri).get(port);
    }

    /**
     * Opens the stores of several ports on one HikariCP pool, which closes when the last of them
     * is closed; this is how ports configured with the same {@code postgresql://} URI share a pool.
     */
    @Override
    public Map<Port, Store> openAll(Set<Port> ports, StoreUri uri) {
        if (ports == null || ports.isEmpty() || ports.contains(null) || uri == null) {
            throw new IllegalArgumentException("ports and uri must not be null or empty");
        }
        if (!schemes().contains(uri.scheme())) {
            throw new IllegalArgumentException("the PostgreSQL provider opens postgresql:// URIs, not " + uri);
        }
        HikariDataSource pool = pool(uri);
        SharedPool shared = new SharedPool(pool, ports.size());
        Map<Port, Store> stores = new EnumMap<>(Port.class);
        try {
            for (Port port : ports) {
                stores.put(port, switch (port) {
                    case TRANSACTIONAL -> closingPool(TransactionalStore.class, PostgresTransactionalStore.create(pool), shared);
                    case DOCUMENT -> closingPool(DocumentStore.class, PostgresDocumentStore.create(pool), shared);
                    case CACHE -> closingPool(CacheStore.class, PostgresCacheStore.create(pool), shared);
                    case VECTOR -> closingPool(VectorStore.class, PostgresVectorStore.create(pool), shared);
                });
            }
            return stores;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "PostgresStoreProvider[postgresql://]";
    }

    /** Builds and starts the pool; a server that cannot be reached fails here, named. */
    static HikariDataSource pool(StoreUri uri) {
        URI parsed = uri.toUri();
        String host = parsed.getHost();
        if (host == null || host.isBlank()) {
            throw new StoreConfigurationException("PostgreSQL URI " + uri + " names no host; use postgresql://host:5432/database", null);
        }
        int port = parsed.getPort() < 0 ? 5432 : parsed.getPort();
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new StoreConfigurationException("PostgreSQL URI " + uri + " must name one database, as in postgresql://"
                    + host + ":" + port + "/app", null);
        }
        StringBuilder jdbcUrl = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(database);
        char separator = '?';
        for (var parameter : uri.parameters().entrySet()) {
            if (parameter.getKey().equals(POOL_SIZE)) {
                continue;
            }
            jdbcUrl.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl.toString());
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                config.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        config.setMaximumPoolSize(poolSize(uri));
        config.setPoolName("polyglot-" + host + ":" + port + "/" + database);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to PostgreSQL at " + host + ":" + port + ", database \""
                    + database + "\": " + rootMessage(e), e);
        }
    }

    private static int poolSize(StoreUri uri) {
        String text = uri.parameter(POOL_SIZE).orElse("10");
        try {
            int size = Integer.parseInt(text);
            if (size >= 1 && size <= 1000) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StoreConfigurationException("PostgreSQL URI parameter " + POOL_SIZE + " must be 1 to 1000, got \"" + text + "\"", null);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A pool shared by the stores of one {@link #openAll} call; the last store to close closes it. */
    static final class SharedPool {
        private final HikariDataSource pool;
        private final AtomicInteger openStores;

        SharedPool(HikariDataSource pool, int stores) {
            this.pool = pool;
            this.openStores = new AtomicInteger(stores);
        }

        void release() {
            if (openStores.decrementAndGet() == 0) {
                pool.close();
            }
        }
    }

    /**
     * Wraps a store so that closing it releases its share of the pool this provider made (once,
     * however often it is closed); every other call goes to the store unchanged.
     */
    static <S extends Store> S closingPool(Class<S> port, S store, SharedPool pool) {
        AtomicBoolean released = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    try {
                        return method.invoke(store);
                    } finally {
                        if (released.compareAndSet(false, true)) {
                            pool.release();
                        }
                    }
                }
                if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
                    return proxy == args[0];
                }
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }
}
