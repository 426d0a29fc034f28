package dev.polyglot.spi;

import dev.polyglot.Port;
import dev.polyglot.Store;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Creates stores for the URI schemes an adapter module handles; found with
 * {@link java.util.ServiceLoader}, so an adapter module lists its provider in
 * {@code META-INF/services/dev.polyglot.spi.StoreProvider}.
 *
 * <p>A provider implements every operation of each port it lists in {@link #ports()}; there are no
 * optional operations.
 *
 * <pre>{@code
 * public final class MyStoreProvider implements StoreProvider {
 *     public Set<String> schemes() { return Set.of("mystore"); }
 *     public Set<Port> ports() { return Set.of(Port.CACHE); }
 *     public String artifact() { return "com.example:mystore-polyglot"; }
 *     public Store open(Port port, StoreUri uri) { return MyCacheStore.connect(uri); }
 * }
 * }</pre>
 */
public interface StoreProvider {

    /**
     * Returns the lower-case URI schemes this provider opens, such as {@code redis}.
     *
     * @return the schemes
     */
    Set<String> schemes();

    /**
     * Returns the ports this provider can open stores for.
     *
     * @return the ports
     */
    Set<Port> ports();

    /**
     * Returns the Maven coordinates ({@code groupId:artifactId}) of the module that holds this
     * provider, for error messages that tell users what to add.
     *
     * @return the coordinates
     */
    String artifact();

    /**
     * Opens a store for one port; the caller closes it.
     *
     * @param port one of {@link #ports()}
     * @param uri a URI with one of {@link #schemes()}
     * @return the store, implementing the port's store interface
     *     ({@code TransactionalStore}, {@code DocumentStore}, {@code CacheStore}, {@code VectorStore})
     * @throws IllegalArgumentException if the port or URI is not this provider's
     * @throws dev.polyglot.StoreConfigurationException if the URI's settings are invalid
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     */
    Store open(Port port, StoreUri uri);

    /**
     * Opens stores for several ports on one URI, so that a provider can share what they need
     * between them (the {@code postgresql://} provider shares one connection pool); every returned
     * store is closed by the caller, and what they share is released when the last one closes.
     *
     * <p>The default opens each port with {@link #open(Port, StoreUri)} and, if one fails, closes
     * those it already opened before rethrowing.
     *
     * @param ports some of {@link #ports()}, not empty
     * @param uri a URI with one of {@link #schemes()}
     * @return one store per requested port
     * @throws IllegalArgumentException if a port or the URI is not this provider's
     * @throws dev.polyglot.StoreConfigurationException if the URI's settings are invalid
     * @throws dev.polyglot.StoreUnavailableException if the store cannot be reached
     */
    default Map<Port, Store> openAll(Set<Port> ports, StoreUri uri) {
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("ports must not be null or empty");
        }
        Map<Port, Store> opened = new EnumMap<>(Port.class);
        try {
            for (Port port : ports) {
                opened.put(port, open(port, uri));
            }
            return opened;
        } catch (RuntimeException e) {
            for (Store store : opened.values()) {
                try {
                    store.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
