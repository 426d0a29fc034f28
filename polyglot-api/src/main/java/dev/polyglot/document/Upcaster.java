package dev.polyglot.document;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Brings a stored document of one schema version to the shape of the next version, on read.
 *
 * <p>Upcasters work on the document model (maps, lists and scalars, see
 * {@link dev.polyglot.codec.DocumentValues}), not on application types, because the old shape
 * usually no longer fits the current class. The document passed in is a private deep copy: an
 * upcaster may change it in place and return it, or return a new map.
 *
 * <pre>{@code
 * // version 1 stored "name"; version 2 splits it into "firstName" and "lastName"
 * Upcaster splitName = Upcaster.of(1, doc -> {
 *     String[] parts = String.valueOf(doc.remove("name")).split(" ", 2);
 *     doc.put("firstName", parts[0]);
 *     doc.put("lastName", parts.length > 1 ? parts[1] : "");
 *     return doc;
 * });
 * }</pre>
 */
public interface Upcaster {

    /**
     * Returns the schema version this upcaster reads; it produces version {@code fromVersion() + 1}.
     *
     * @return the version read, at least 1
     */
    int fromVersion();

    /**
     * Turns a document of version {@link #fromVersion()} into one of the next version.
     *
     * @param document a private, mutable deep copy of the stored document
     * @return the upgraded document (may be the argument itself)
     */
    Map<String, @Nullable Object> upcast(Map<String, @Nullable Object> document);

    /**
     * Creates an upcaster from a function.
     *
     * @param fromVersion the version the function reads, at least 1
     * @param function turns a document of {@code fromVersion} into one of the next version
     * @return the upcaster
     * @throws IllegalArgumentException if {@code fromVersion} is below 1 or the function is null
     */
    static Upcaster of(int fromVersion, UnaryOperator<Map<String, @Nullable Object>> function) {
        if (fromVersion < 1) {
            throw new IllegalArgumentException("an upcaster reads version 1 or later, got " + fromVersion);
        }
        if (function == null) {
            throw new IllegalArgumentException("upcaster function must not be null");
        }
        return new Upcaster() {
            @Override
            public int fromVersion() {
                return fromVersion;
            }

            @Override
            public Map<String, @Nullable Object> upcast(Map<String, @Nullable Object> document) {
                return function.apply(document);
            }

            @Override
            public String toString() {
                return "Upcaster[" + fromVersion + " -> " + (fromVersion + 1) + "]";
            }
        };
    }
}
