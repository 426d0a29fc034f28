package dev.polyglot.hnsw;

import dev.polyglot.Port;
import dev.polyglot.Store;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.StoreProvider;
import dev.polyglot.spi.StoreUri;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@link HnswVectorStore}s for the {@code hnsw:} scheme (Vector port only); registered with
 * {@link java.util.ServiceLoader}.
 *
 * <p>The URI is {@code hnsw:/path/to/directory} (or a relative {@code hnsw:data/vectors}) with
 * optional parameters {@code durability} ({@code sync} or {@code batched}), {@code m},
 * {@code efConstruction}, {@code ef}, {@code batchIntervalMs}, {@code compactionThreshold} and
 * {@code exactSearchLimit}, as in {@link HnswOptions}; for example
 * {@code hnsw:/var/lib/app/vectors?durability=batched&ef=128}.
 */
public final class HnswStoreProvider implements StoreProvider {

    /** The URI scheme this provider opens. */
    public static final String SCHEME = "hnsw";

    private static final Set<String> PARAMETERS = Set.of("durability", "m", "efConstruction", "ef", "batchIntervalMs",
            "compactionThreshold", "exactSearchLimit");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public HnswStoreProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public Set<Port> ports() {
        return Set.of(Port.VECTOR);
    }

    @Override
    public String artifact() {
        return "dev.polyglot:polyglot-vector";
    }

    @Override
    public Store open(Port port, StoreUri uri) {
        if (port == null || uri == null) {
            throw new IllegalArgumentException("port and uri must not be null");
        }
        if (!SCHEME.equals(uri.scheme())) {
            throw new IllegalArgumentException("the HNSW provider opens hnsw: URIs, not " + uri);
        }
        if (port != Port.VECTOR) {
            throw new IllegalArgumentException("the HNSW provider opens only the VECTOR port, not " + port);
        }
        return HnswVectorStore.open(directory(uri), options(uri));
    }

    static Path directory(StoreUri uri) {
        URI parsed;
        try {
            parsed = uri.toUri();
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException("HNSW URI " + uri + " names no directory; use hnsw:/path/to/directory", e);
        }
        String path = parsed.isOpaque() ? parsed.getSchemeSpecificPart() : parsed.getPath();
        if (path != null && parsed.isOpaque() && path.indexOf('?') >= 0) {
            path = path.substring(0, path.indexOf('?'));
        }
        if (path == null || path.isBlank()) {
            throw new StoreConfigurationException("HNSW URI " + uri + " names no directory; use hnsw:/path/to/directory",
                    null);
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new StoreConfigurationException("HNSW URI " + uri + " names an invalid directory: " + e.getMessage(), e);
        }
    }

    static HnswOptions options(StoreUri uri) {
        HnswOptions options = HnswOptions.defaults();
        for (Map.Entry<String, String> p : uri.parameters().entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            if (!PARAMETERS.contains(key)) {
                throw new StoreConfigurationException("HNSW URI parameter \"" + key + "\" is unknown; known ones are "
                        + new java.util.TreeSet<>(PARAMETERS), null);
            }
            try {
                options = switch (key) {
                    case "durability" -> options.withDurability(durability(value));
                    case "m" -> options.withM(Integer.parseInt(value));
                    case "efConstruction" -> options.withEfConstruction(Integer.parseInt(value));
                    case "ef" -> options.withEf(Integer.parseInt(value));
                    case "batchIntervalMs" -> options.withBatchInterval(Duration.ofMillis(Long.parseLong(value)));
                    case "compactionThreshold" -> options.withCompactionThreshold(Double.parseDouble(value));
                    default -> options.withExactSearchLimit(Integer.parseInt(value));
                };
            } catch (IllegalArgumentException e) {
                throw new StoreConfigurationException("HNSW URI parameter " + key + "=\"" + value + "\" is invalid: "
                        + e.getMessage(), e);
            }
        }
        return options;
    }

    private static HnswDurability durability(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("sync")) {
            return HnswDurability.SYNC;
        }
        if (v.equals("batched")) {
            return HnswDurability.BATCHED;
        }
        throw new IllegalArgumentException("durability must be sync or batched (none is HnswVectorStore.inMemory())");
    }

    @Override
    public String toString() {
        return "HnswStoreProvider[hnsw:]";
    }
}
