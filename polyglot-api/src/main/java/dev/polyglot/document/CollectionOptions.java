package dev.polyglot.document;

import dev.polyglot.codec.DocumentValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a collection handle reads and writes: the current schema version of its documents and the
 * upcasters that bring older stored documents to that version.
 *
 * <p>Every write stores the document with the current schema version. Every read passes a stored
 * document of an older version through the upcasters {@code storedVersion .. current - 1}, in
 * order, before it is decoded. Filters, sorts and updates work on the <em>stored</em> form, so a
 * query over a renamed field must name both the old and the new field until old documents have
 * been rewritten (for example by {@link DocumentCollection#scan()} and
 * {@link DocumentCollection#put(String, Object)}). A document stored with a version newer than the
 * handle's is read as it is.
 *
 * <pre>{@code
 * CollectionOptions options = CollectionOptions.builder()
 *         .schemaVersion(2)
 *         .upcaster(Upcaster.of(1, doc -> { doc.put("tier", "basic"); return doc; }))
 *         .build();
 * DocumentCollection<Customer> customers = store.collection("customers", Customer.class, options);
 * }</pre>
 *
 * @param schemaVersion the current schema version, at least 1
 * @param upcasters one upcaster for each version from 1 to {@code schemaVersion - 1}, in order
 */
public record CollectionOptions(int schemaVersion, List<Upcaster> upcasters) {

    private static final CollectionOptions DEFAULTS = new CollectionOptions(1, List.of());

    /**
     * Validates that the upcaster chain is complete and sorts it by version. * @throws IllegalArgumentException if the version is below 1, an upcaster is missing, repeated or reads a version outside {@code 1 .. schemaVersion - 1}
     *
     * @param schemaVersion the current schema version, at least 1
     * @param upcasters one upcaster for each version from 1 to {@code schemaVersion - 1}, in order
     */
    public CollectionOptions {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be at least 1, got " + schemaVersion);
        }
        if (upcasters == null) {
            throw new IllegalArgumentException("upcasters must not be null");
        }
        List<Upcaster> sorted = new ArrayList<>(upcasters);
        boolean[] covered = new boolean[schemaVersion];
        for (Upcaster u : sorted) {
            if (u == null) {
                throw new IllegalArgumentException("upcasters must not contain null");
            }
            int from = u.fromVersion();
            if (from < 1 || from >= schemaVersion) {
                throw new IllegalArgumentException("upcaster from version " + from + " does not fit schema version "
                        + schemaVersion + ": upcasters read versions 1 to " + (schemaVersion - 1));
            }
            if (covered[from]) {
                throw new IllegalArgumentException("two upcasters read schema version " + from);
            }
            covered[from] = true;
        }
        for (int version = 1; version < schemaVersion; version++) {
            if (!covered[version]) {
                throw new IllegalArgumentException("no upcaster from schema version " + version + " to " + (version + 1)
                        + "; schema version " + schemaVersion + " needs one for each of 1 to " + (schemaVersion - 1));
            }
        }
        sorted.sort(Comparator.comparingInt(Upcaster::fromVersion));
        upcasters = List.copyOf(sorted);
    }

    /**
     * Returns the options of a collection without versioning: schema version 1, no upcasters.
     *
     * @return the default options
     */
    public static CollectionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts building options.
     *
     * @return a builder at schema version 1 with no upcasters
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Brings a stored document to the current schema version by running the upcasters from its
     * version on; adapters call this on every read.
     *
     * @param stored the stored document (not modified)
     * @param storedVersion the schema version it was stored with
     * @return a new document of the current version, or a copy of the stored one if it is already
     *     current (or newer)
     * @throws IllegalArgumentException if an upcaster returns something that is not a valid document
     */
    @SuppressWarnings("unchecked")
    public Map<String, @Nullable Object> upcast(Map<String, ? extends @Nullable Object> stored, int storedVersion) {
        Map<String, @Nullable Object> document = (Map<String, @Nullable Object>) DocumentValues.deepCopy(stored);
        for (int version = Math.max(1, storedVersion); version < schemaVersion; version++) {
            Upcaster upcaster = upcasters.get(version - 1);
            Map<String, @Nullable Object> next = upcaster.upcast(document);
            if (next == null) {
                throw new IllegalArgumentException(upcaster + " returned null");
            }
            document = DocumentKeys.validate((Map<String, @Nullable Object>) DocumentValues.normalize(next));
        }
        return document;
    }

    /** Collects the schema version and upcasters of {@link CollectionOptions}. */
    public static final class Builder {
        private int schemaVersion = 1;
        private final List<Upcaster> upcasters = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the current schema version.
         *
         * @param schemaVersion at least 1
         * @return this builder
         */
        public Builder schemaVersion(int schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /**
         * Adds the upcaster for one version step.
         *
         * @param upcaster the upcaster
         * @return this builder
         */
        public Builder upcaster(Upcaster upcaster) {
            upcasters.add(upcaster);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the schema version is below 1 or the upcaster chain
         *     from version 1 to the current version is incomplete or repeats a version
         */
        public CollectionOptions build() {
            return new CollectionOptions(schemaVersion, upcasters);
        }
    }
}
