package dev.polyglot.spi;

import dev.polyglot.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes the values of a {@link dev.polyglot.cache.Cache} as the codec's JSON bytes,
 * for adapters that store them that way, with the port's checks and messages: a cache holds no
 * null, and a value that does not decode names its key, namespace and the type asked for.
 */
public final class CacheValues {
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private CacheValues() {
    }

    /**
     * Names a cache entry in messages, with the key made printable.
     *
     * @param namespace the cache's namespace
     * @param key the key
     * @return such as {@code cache key "k" in namespace "sessions"}
     */
    public static String describe(String namespace, String key) {
        return "cache key \"" + FieldPaths.printable(key) + "\" in namespace \"" + namespace + "\"";
    }

    /**
     * Encodes a value to be stored under a key.
     *
     * @param codec the cache's codec
     * @param namespace the cache's namespace, for messages
     * @param key the key, for messages
     * @param value the value
     * @param <V> the value type
     * @return the JSON bytes
     * @throws IllegalArgumentException if the value is null, cannot be encoded, or encodes to JSON null
     */
    public static <V> byte[] toJson(Codec<V> codec, String namespace, String key, @Nullable V value) {
        if (value == null) {
            throw new IllegalArgumentException("the value for " + describe(namespace, key) + " must not be null");
        }
        byte[] json;
        try {
            json = codec.toJson(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot store the value for " + describe(namespace, key) + ": "
                    + e.getMessage(), e);
        }
        if (json == null || Arrays.equals(json, JSON_NULL)) {
            throw new IllegalArgumentException("the value for " + describe(namespace, key)
                    + " encodes to null, which a cache cannot hold");
        }
        return json;
    }

    /**
     * Decodes a stored value.
     *
     * @param codec the reading cache's codec
     * @param namespace the cache's namespace, for messages
     * @param key the key, for messages
     * @param json the stored JSON bytes
     * @param <V> the value type
     * @return a fresh value
     * @throws IllegalArgumentException if the bytes do not decode to the codec's type
     */
    public static <V> V fromJson(Codec<V> codec, String namespace, String key, byte[] json) {
        try {
            return codec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the value under " + describe(namespace, key) + " does not decode to "
                    + codec.type().getName() + ": " + e.getMessage(), e);
        }
    }
}
