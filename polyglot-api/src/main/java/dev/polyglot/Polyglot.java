package dev.polyglot;

import dev.polyglot.cache.CacheStore;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.metrics.MetricsSnapshot;
import dev.polyglot.metrics.PortMetrics;
import dev.polyglot.metrics.PortSnapshot;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.VectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The four ports of an application, wired from configuration: each port's store is opened from
 * its {@code polyglot.<port>.uri} with the {@link StoreProvider} found for the URI's scheme by
 * {@link ServiceLoader}, or given ready-made to the {@link #builder()}.
 *
 * <pre>{@code
 * Properties config = new Properties();
 * config.setProperty("polyglot.transactional.uri", "postgresql://app:secret@db:5432/app");
 * config.setProperty("polyglot.document.uri", "postgresql://app:secret@db:5432/app");
 * config.setProperty("polyglot.cache.uri", "redis://cache:6379");
 * config.setProperty("polyglot.vector.uri", "hnsw:/var/lib/app/vectors");
 * try (Polyglot polyglot = Polyglot.fromProperties(config)) {
 *     DocumentStore documents = polyglot.document();
 *     CacheStore cache = polyglot.cache();
 * }
 * }</pre>
 *
 * <p>Start-up fails fast and names the problem: a scheme with no adapter on the classpath names the
 * Maven dependency to add, a malformed URI or an unknown {@code polyglot.*} key is named with its
 * property, and nothing falls back to another store. Ports configured with the same
 * {@code postgresql://} URI share one connection pool (see {@link StoreProvider#openAll}).
 *
 * <p>Closing a {@code Polyglot} closes every store it opened, and none it was given.
 */
public final class Polyglot implements AutoCloseable {

    /** The prefix of every configuration key Polyglot reads. */
    public static final String PROPERTY_PREFIX = "polyglot.";

    /** The key that turns the timing decorators off ({@code false}); they are on by default. */
    public static final String METRICS_ENABLED_PROPERTY = "polyglot.metrics.enabled";

    /** The version of this library, as in its Maven coordinates. */
    public static final String VERSION = readVersion();

    // The adapter modules of this project, so that a missing one can be named before it is on the classpath.
    private static final Map<String, String> KNOWN_ARTIFACTS = knownArtifacts();

    private final Map<Port, Store> stores;
    private final Map<Port, String> adapters;
    private final List<Store> owned;
    private final Map<Port, PortMetrics> metrics;
    private volatile boolean closed;

    private Polyglot(Map<Port, Store> stores, Map<Port, String> adapters, List<Store> owned, Map<Port, PortMetrics> metrics) {
        this.stores = Collections.unmodifiableMap(new EnumMap<>(stores));
        this.adapters = Collections.unmodifiableMap(new EnumMap<>(adapters));
        this.owned = List.copyOf(owned);
        this.metrics = Collections.unmodifiableMap(new EnumMap<>(metrics));
    }

    /**
     * Opens the ports named by {@code polyglot.transactional.uri}, {@code polyglot.document.uri},
     * {@code polyglot.cache.uri} and {@code polyglot.vector.uri}; ports without a URI are not
     * configured and their accessor throws.
     *
     * @param properties the configuration; keys outside {@code polyglot.*} are ignored
     * @return the wired ports, to be closed by the caller
     * @throws IllegalArgumentException if no port is configured, a {@code polyglot.*} key is
     *     unknown, or a URI is malformed (naming the property)
     * @throws StoreConfigurationException if no adapter on the classpath handles a URI's scheme
     *     (naming the Maven dependency to add) or the adapter rejects the URI's settings
     * @throws StoreUnavailableException if a store cannot be reached
     */
    public static Polyglot fromProperties(Properties properties) {
        return builder().properties(properties).build();
    }

    /**
     * Starts a builder, for wiring ports by URI or with stores the application made itself.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the Transactional port's store.
     *
     * @return the store
     * @throws IllegalStateException if this port is not configured or this instance is closed
     */
    public TransactionalStore transactional() {
        return store(Port.TRANSACTIONAL, TransactionalStore.class);
    }

    /**
     * Returns the Document port's store.
     *
     * @return the store
     * @throws IllegalStateException if this port is not configured or this instance is closed
     */
    public DocumentStore document() {
        return store(Port.DOCUMENT, DocumentStore.class);
    }

    /**
     * Returns the Cache port's store.
     *
     * @return the store
     * @throws IllegalStateException if this port is not configured or this instance is closed
     */
    public CacheStore cache() {
        return store(Port.CACHE, CacheStore.class);
    }

    /**
     * Returns the Vector port's store.
     *
     * @return the store
     * @throws IllegalStateException if this port is not configured or this instance is closed
     */
    public VectorStore vector() {
        return store(Port.VECTOR, VectorStore.class);
    }

    /**
     * Returns the ports this instance has a store for.
     *
     * @return the configured ports
     */
    public Set<Port> ports() {
        return stores.isEmpty() ? EnumSet.noneOf(Port.class) : EnumSet.copyOf(stores.keySet());
    }

    /**
     * Returns the name of the adapter behind a port: the URI scheme it was opened with (such as
     * {@code postgresql} or {@code memory}), or the store's class name for a store given to the
     * builder.
     *
     * @param port the port
     * @return the adapter's name, if the port is configured
     */
    public Optional<String> adapter(Port port) {
        return Optional.ofNullable(adapters.get(port));
    }

    /**
     * Reads the figures every port's timing decorator has measured so far: per operation count,
     * errors and p50/p95/p99, plus transaction retries, document shapes and vector collection
     * sizes, as {@link dev.polyglot.evolution.Advisor} reads them.
     *
     * @return the figures; no ports if the decorators were turned off
     * @throws IllegalStateException if this instance is closed
     */
    public MetricsSnapshot metrics() {
        if (closed) {
            throw new IllegalStateException("this Polyglot instance is closed");
        }
        List<PortSnapshot> ports = new ArrayList<>();
        for (PortMetrics port : metrics.values()) {
            ports.add(port.snapshot());
        }
        return new MetricsSnapshot(Clock.systemUTC().instant(), ports);
    }

    /** Closes every store this instance opened (not those given to the builder); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(owned, null);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Polyglot[");
        String separator = "";
        for (var adapter : adapters.entrySet()) {
            text.append(separator).append(adapter.getKey().name().toLowerCase(Locale.ROOT)).append('=').append(adapter.getValue());
            separator = ", ";
        }
        return text.append(']').toString();
    }

    private <S extends Store> S store(Port port, Class<S> type) {
        if (closed) {
            throw new IllegalStateException("this Polyglot instance is closed");
        }
        Store store = stores.get(port);
        if (store == null) {
            throw new IllegalStateException("the " + port.name().toLowerCase(Locale.ROOT) + " port is not configured; set "
                    + port.uriProperty() + " or pass a store to Polyglot.builder()");
        }
        return type.cast(store);
    }

    private static void closeAll(List<Store> stores, @Nullable RuntimeException failure) {
        RuntimeException first = failure;
        for (int i = stores.size() - 1; i >= 0; i--) {
            try {
                stores.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null && first != failure) {
            throw first;
        }
    }

    /**
     * Returns the Maven dependency that provides a scheme, as it goes into a {@code pom.xml}.
     *
     * @param artifact {@code groupId:artifactId}
     * @return the dependency element
     */
    static String dependencyXml(String artifact) {
        int colon = artifact.indexOf(':');
        String group = colon < 0 ? "dev.polyglot" : artifact.substring(0, colon);
        String id = colon < 0 ? artifact : artifact.substring(colon + 1);
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + id + "</artifactId><version>" + VERSION
                + "</version></dependency>";
    }

    private static Map<String, String> knownArtifacts() {
        Map<String, String> known = new LinkedHashMap<>();
        known.put("memory", "dev.polyglot:polyglot-api");
        known.put("postgresql", "dev.polyglot:polyglot-postgres");
        known.put("postgres", "dev.polyglot:polyglot-postgres");
        for (String scheme : List.of("redis", "rediss", "redis-sentinel", "redis-cluster")) {
            known.put(scheme, "dev.polyglot:polyglot-redis");
        }
        known.put("mongodb", "dev.polyglot:polyglot-mongo");
        known.put("mongodb+srv", "dev.polyglot:polyglot-mongo");
        known.put("hnsw", "dev.polyglot:polyglot-vector");
        return Collections.unmodifiableMap(known);
    }

    private static String readVersion() {
        Properties version = new Properties();
        try (InputStream in = Polyglot.class.getResourceAsStream("polyglot-version.properties")) {
            if (in != null) {
                version.load(in);
            }
        } catch (IOException e) {
            // only messages use the version; they fall back to the placeholder below
        }
        String text = version.getProperty("version", "");
        return text.isEmpty() || text.startsWith("$") ? "0.1.0-SNAPSHOT" : text;
    }

    /**
     * Wires the ports one by one, by URI or with a ready store; {@link #build()} opens them.
     *
     * <pre>{@code
     * try (Polyglot polyglot = Polyglot.builder()
     *         .uri(Port.TRANSACTIONAL, "postgresql://db:5432/app")
     *         .uri(Port.DOCUMENT, "postgresql://db:5432/app")   // the same pool as the line above
     *         .store(Port.CACHE, myCacheStore)                   // not closed by Polyglot
     *         .build()) {
     *     ...
     * }
     * }</pre>
     */
    public static final class Builder {
        private final Map<Port, String> uris = new EnumMap<>(Port.class);
        private final Map<Port, String> sources = new EnumMap<>(Port.class);
        private final Map<Port, Store> given = new EnumMap<>(Port.class);
        private @Nullable ClassLoader classLoader;
        private boolean metricsEnabled = true;
        private @Nullable Object meterRegistry;
        private boolean micrometer = true;

        private Builder() {
        }

        /**
         * Reads the {@code polyglot.<port>.uri} keys of a configuration; keys outside
         * {@code polyglot.*} are ignored, unknown keys inside it are an error.
         *
         * @param properties the configuration
         * @return this builder
         * @throws IllegalArgumentException if a {@code polyglot.*} key is unknown or a value blank
         */
        public Builder properties(Properties properties) {
            if (properties == null) {
                throw new IllegalArgumentException("properties must not be null");
            }
            Set<String> unknown = new TreeSet<>();
            for (String key : properties.stringPropertyNames()) {
                if (!key.startsWith(PROPERTY_PREFIX)) {
                    continue;
                }
                if (key.equals(METRICS_ENABLED_PROPERTY)) {
                    String value = properties.getProperty(key).trim();
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException(key + " must be true or false, got \"" + value + "\"");
                    }
                    metricsEnabled = Boolean.parseBoolean(value);
                    continue;
                }
                Port port = portOfKey(key);
                if (port == null) {
                    unknown.add(key);
                    continue;
                }
                setUri(port, properties.getProperty(key), key);
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown Polyglot configuration key(s) " + unknown + "; the keys are "
                        + knownKeys() + " and " + METRICS_ENABLED_PROPERTY);
            }
            return this;
        }

        /**
         * Opens a port from a store URI such as {@code memory:} or {@code postgresql://db:5432/app}.
         *
         * @param port the port
         * @param uri the store URI
         * @return this builder
         * @throws IllegalArgumentException if the port is null or the URI blank
         */
        public Builder uri(Port port, String uri) {
            if (port == null) {
                throw new IllegalArgumentException("port must not be null");
            }
            setUri(port, uri, port.uriProperty());
            return this;
        }

        /**
         * Uses a store the application made for a port; Polyglot does not close it.
         *
         * @param port the port
         * @param store the store, implementing the port's store interface
         * @return this builder
         * @throws IllegalArgumentException if the store does not implement the port's interface
         */
        public Builder store(Port port, Store store) {
            if (port == null || store == null) {
                throw new IllegalArgumentException("port and store must not be null");
            }
            if (!storeInterface(port).isInstance(store)) {
                throw new IllegalArgumentException(store.getClass().getName() + " is not a "
                        + storeInterface(port).getSimpleName() + ", so it cannot serve the " + port + " port");
            }
            uris.remove(port);
            sources.remove(port);
            given.put(port, store);
            return this;
        }

        /**
         * Turns the timing decorators on (the default) or off; off, the stores are used as the
         * adapters return them and {@link Polyglot#metrics()} has no ports.
         *
         * @param enabled whether to time every operation
         * @return this builder
         */
        public Builder metrics(boolean enabled) {
            this.metricsEnabled = enabled;
            return this;
        }

        /**
         * Records the Micrometer timers in this registry instead of Micrometer's global one; typed
         * {@code Object}, as HikariCP's {@code setMetricRegistry}, so that applications without
         * Micrometer need none of its classes.
         *
         * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}
         * @return this builder
         * @throws IllegalArgumentException if it is null (checked further at {@link #build()})
         */
        public Builder meterRegistry(Object registry) {
            if (registry == null) {
                throw new IllegalArgumentException("meter registry must not be null");
            }
            this.meterRegistry = registry;
            this.micrometer = true;
            return this;
        }

        /**
         * Keeps only the in-process latency summary, with no Micrometer timers even when
         * Micrometer is on the classpath.
         *
         * @return this builder
         */
        public Builder withoutMicrometer() {
            this.micrometer = false;
            this.meterRegistry = null;
            return this;
        }

        /**
         * Sets the class loader whose {@code StoreProvider}s are used (by default the thread's
         * context class loader, or this library's).
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            if (loader == null) {
                throw new IllegalArgumentException("class loader must not be null");
            }
            this.classLoader = loader;
            return this;
        }

        /**
         * Opens every port configured by URI and returns the wired instance; if any port fails,
         * those already opened are closed again.
         *
         * @return the wired ports
         * @throws IllegalArgumentException if no port is configured or a URI is malformed
         * @throws StoreConfigurationException if no adapter handles a URI's scheme or port (naming
         *     the Maven dependency to add) or an adapter rejects the URI's settings
         * @throws StoreUnavailableException if a store cannot be reached
         */
        public Polyglot build() {
            if (uris.isEmpty() && given.isEmpty()) {
                throw new IllegalArgumentException("no port is configured; set at least one of " + knownKeys());
            }
            Map<String, StoreUri> parsed = new LinkedHashMap<>();
            Map<String, List<Port>> portsByUri = new LinkedHashMap<>();
            for (var entry : uris.entrySet()) {
                StoreUri uri = parse(entry.getValue(), sources.get(entry.getKey()));
                parsed.putIfAbsent(uri.text(), uri);
                portsByUri.computeIfAbsent(uri.text(), k -> new ArrayList<>()).add(entry.getKey());
            }
            Map<String, StoreProvider> providers = providers(parsed.values());
            Map<Port, Store> stores = new EnumMap<>(Port.class);
            Map<Port, String> adapters = new EnumMap<>(Port.class);
            List<Store> owned = new ArrayList<>();
            try {
                for (var group : portsByUri.entrySet()) {
                    StoreUri uri = parsed.get(group.getKey());
                    StoreProvider provider = providers.get(uri.scheme());
                    for (Port port : group.getValue()) {
                        if (!provider.ports().contains(port)) {
                            throw new StoreConfigurationException(sources.get(port) + "=" + uri + ": " + provider.artifact()
                                    + " opens only the " + provider.ports() + " port(s) for " + uri.scheme()
                                    + ": URIs, not the " + port + " port", null);
                        }
                    }
                    Map<Port, Store> opened = open(provider, EnumSet.copyOf(group.getValue()), uri, group.getValue());
                    for (Port port : group.getValue()) {
                        Store store = opened.get(port);
                        owned.add(store);
                        if (!storeInterface(port).isInstance(store)) {
                            throw new StoreConfigurationException(provider.artifact() + " returned a "
                                    + store.getClass().getName() + " for the " + port + " port, which is not a "
                                    + storeInterface(port).getSimpleName(), null);
                        }
                        stores.put(port, store);
                        adapters.put(port, uri.scheme());
                    }
                }
                for (var entry : given.entrySet()) {
                    stores.put(entry.getKey(), entry.getValue());
                    adapters.put(entry.getKey(), entry.getValue().getClass().getSimpleName());
                }
                Map<Port, PortMetrics> metrics = new EnumMap<>(Port.class);
                if (metricsEnabled) {
                    for (var entry : stores.entrySet()) {
                        PortMetrics portMetrics = portMetrics(entry.getKey(), adapters.get(entry.getKey()));
                        metrics.put(entry.getKey(), portMetrics);
                        entry.setValue(decorate(portMetrics, entry.getValue()));
                    }
                }
                return new Polyglot(stores, adapters, owned, metrics);
            } catch (RuntimeException e) {
                closeAll(owned, e);
                throw e;
            }
        }

        private PortMetrics portMetrics(Port port, String adapter) {
            if (!micrometer) {
                return PortMetrics.inProcess(port, adapter);
            }
            Object registry = meterRegistry;
            return registry == null ? PortMetrics.create(port, adapter) : PortMetrics.create(port, adapter, registry);
        }

        private static Store decorate(PortMetrics metrics, Store store) {
            return switch (metrics.port()) {
                case TRANSACTIONAL -> metrics.decorate((TransactionalStore) store);
                case DOCUMENT -> metrics.decorate((DocumentStore) store);
                case CACHE -> metrics.decorate((CacheStore) store);
                case VECTOR -> metrics.decorate((VectorStore) store);
            };
        }

        private Map<Port, Store> open(StoreProvider provider, Set<Port> ports, StoreUri uri, List<Port> order) {
            String keys = String.join(", ", order.stream().map(p -> sources.get(p)).toList());
            try {
                Map<Port, Store> opened = provider.openAll(ports, uri);
                if (!opened.keySet().containsAll(ports)) {
                    closeAll(new ArrayList<>(opened.values()), null);
                    throw new StoreConfigurationException(provider.artifact() + " did not open every port of " + ports, null);
                }
                return opened;
            } catch (StoreUnavailableException e) {
                throw new StoreUnavailableException(keys + "=" + uri + ": " + e.getMessage(), e);
            } catch (StoreConfigurationException e) {
                throw new StoreConfigurationException(keys + "=" + uri + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keys + "=" + uri + ": " + e.getMessage(), e);
            }
        }

        private Map<String, StoreProvider> providers(Iterable<StoreUri> uris) {
            Map<String, List<StoreProvider>> byScheme = new LinkedHashMap<>();
            ClassLoader loader = classLoader;
            if (loader == null) {
                loader = Thread.currentThread().getContextClassLoader();
            }
            if (loader == null) {
                loader = Polyglot.class.getClassLoader();
            }
            for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, loader)) {
                for (String scheme : provider.schemes()) {
                    byScheme.computeIfAbsent(scheme.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(provider);
                }
            }
            Map<String, StoreProvider> chosen = new LinkedHashMap<>();
            for (StoreUri uri : uris) {
                List<StoreProvider> found = byScheme.getOrDefault(uri.scheme(), List.of());
                String keys = keysOf(uri);
                if (found.isEmpty()) {
                    throw new StoreConfigurationException(missingAdapter(keys, uri, byScheme.keySet()), null);
                }
                if (found.size() > 1) {
                    throw new StoreConfigurationException(keys + "=" + uri + ": more than one adapter on the classpath opens "
                            + uri.scheme() + ": URIs (" + found.stream().map(StoreProvider::artifact).toList()
                            + "); keep only one", null);
                }
                chosen.put(uri.scheme(), found.get(0));
            }
            return chosen;
        }

        private String keysOf(StoreUri uri) {
            List<String> keys = new ArrayList<>();
            for (var entry : uris.entrySet()) {
                if (StoreUri.parse(entry.getValue()).text().equals(uri.text())) {
                    keys.add(sources.get(entry.getKey()));
                }
            }
            return String.join(", ", keys);
        }

        private static String missingAdapter(String keys, StoreUri uri, Set<String> available) {
            String artifact = KNOWN_ARTIFACTS.get(uri.scheme());
            String present = available.isEmpty() ? "none" : String.join(":, ", new TreeSet<>(available)) + ":";
            if (artifact == null) {
                return keys + "=" + uri + ": no adapter on the classpath opens " + uri.scheme()
                        + ": URIs, and Polyglot knows none that does; the schemes on the classpath are " + present
                        + "; the project's adapters open " + String.join(":, ", KNOWN_ARTIFACTS.keySet()) + ":";
            }
            return keys + "=" + uri + ": no adapter for " + uri.scheme() + ": URIs is on the classpath; add the Maven dependency "
                    + artifact + ":" + VERSION + ", that is " + dependencyXml(artifact) + " (schemes on the classpath: "
                    + present + ")";
        }

        private static StoreUri parse(String text, String key) {
            StoreUri uri;
            try {
                uri = StoreUri.parse(text);
                if (text.indexOf("://") > 0) {
                    uri.toUri();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
            String rest = uri.text().substring(uri.scheme().length() + 1);
            if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
                // "localhost:5432/app" parses as scheme "localhost"; say what it is instead
                throw new IllegalArgumentException(key + ": store URI \"" + uri + "\" has no scheme (\"" + uri.scheme()
                        + ":" + rest + "\" reads as a host and port); write it as, for example, postgresql://" + uri.text());
            }
            return uri;
        }

        private void setUri(Port port, @Nullable String uri, String key) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException(key + " must not be blank; give a store URI such as memory: or "
                        + "postgresql://host:5432/database");
            }
            given.remove(port);
            uris.put(port, uri.trim());
            sources.put(port, key);
        }

        private static @Nullable Port portOfKey(String key) {
            for (Port port : Port.values()) {
                if (port.uriProperty().equals(key)) {
                    return port;
                }
            }
            return null;
        }

        private static List<String> knownKeys() {
            List<String> keys = new ArrayList<>();
            for (Port port : Port.values()) {
                keys.add(port.uriProperty());
            }
            return keys;
        }
    }

    static Class<? extends Store> storeInterface(Port port) {
        return switch (port) {
            case TRANSACTIONAL -> TransactionalStore.class;
            case DOCUMENT -> DocumentStore.class;
            case CACHE -> CacheStore.class;
            case VECTOR -> VectorStore.class;
        };
    }
}
