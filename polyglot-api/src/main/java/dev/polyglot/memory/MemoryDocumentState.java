package dev.polyglot.memory;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.DocumentKeys;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.query.Update;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.spi.DocumentUpdates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The documents and indexes of one in-memory collection. Every method must be called while
 * holding this object's monitor; that one lock per collection is what makes each write atomic
 * (read-check-write of revisions and unique keys cannot interleave).
 */
final class MemoryDocumentState {
    private final String name;
    /** Ids in code-point order, the order MongoDB (binary) and PostgreSQL ("C" collation) agree on. */
    private final TreeMap<String, MemoryDocumentEntry> documents = new TreeMap<>(DocumentValues::compare);
    private final Map<String, IndexSpec> indexes = new LinkedHashMap<>();
    private boolean dropped;

    MemoryDocumentState(String name) {
        this.name = name;
    }

    boolean isDropped() {
        return dropped;
    }

    void markDropped() {
        dropped = true;
    }

    /** Removes documents a TTL index has expired, so no operation can see them. */
    void purgeExpired(Instant now) {
        List<IndexSpec> ttls = new ArrayList<>();
        for (IndexSpec spec : indexes.values()) {
            if (spec.isTtl()) {
                ttls.add(spec);
            }
        }
        if (ttls.isEmpty()) {
            return;
        }
        Iterator<MemoryDocumentEntry> it = documents.values().iterator();
        while (it.hasNext()) {
            Map<String, @Nullable Object> document = it.next().document();
            for (IndexSpec ttl : ttls) {
                Optional<Instant> expiry = ttl.expiryOf(document);
                if (expiry.isPresent() && !now.isBefore(expiry.get())) {
                    it.remove();
                    break;
                }
            }
        }
    }

    @Nullable MemoryDocumentEntry get(String id) {
        return documents.get(id);
    }

    List<MemoryDocumentEntry> snapshot() {
        return new ArrayList<>(documents.values());
    }

    void insert(String id, Map<String, @Nullable Object> document, int schemaVersion) {
        if (documents.containsKey(id)) {
            throw new DuplicateKeyException("a document with id \"" + id + "\" already exists in collection \""
                    + name + "\"", null);
        }
        checkUnique(id, document);
        documents.put(id, new MemoryDocumentEntry(id, 1, schemaVersion, document));
    }

    /** Creates or replaces; {@code expectedRevision} 0 means no compare-and-set. */
    long put(String id, Map<String, @Nullable Object> document, int schemaVersion, long expectedRevision) {
        MemoryDocumentEntry existing = documents.get(id);
        if (expectedRevision > 0) {
            checkRevision(id, existing, expectedRevision);
        }
        checkUnique(id, document);
        long revision = existing == null ? 1 : existing.revision() + 1;
        documents.put(id, new MemoryDocumentEntry(id, revision, schemaVersion, document));
        return revision;
    }

    boolean delete(String id) {
        return documents.remove(id) != null;
    }

    /** Applies an update; {@code expectedRevision} 0 means no compare-and-set; null when absent. */
    @Nullable MemoryDocumentEntry update(String id, Update update, long expectedRevision) {
        MemoryDocumentEntry existing = documents.get(id);
        if (existing == null) {
            return null;
        }
        if (expectedRevision > 0) {
            checkRevision(id, existing, expectedRevision);
        }
        Map<String, @Nullable Object> changed = DocumentKeys.validate(DocumentUpdates.apply(existing.document(), update));
        checkUnique(id, changed);
        MemoryDocumentEntry entry = new MemoryDocumentEntry(id, existing.revision() + 1, existing.schemaVersion(), changed);
        documents.put(id, entry);
        return entry;
    }

    void createIndex(IndexSpec spec) {
        IndexSpec existing = indexes.get(spec.name());
        if (existing != null) {
            if (existing.equals(spec)) {
                return;
            }
            throw new StoreConfigurationException("collection \"" + name + "\" already has index \"" + spec.name()
                    + "\" with other options (" + describe(existing) + ", requested " + describe(spec) + ")", null);
        }
        if (spec.isUnique()) {
            List<MemoryDocumentEntry> entries = new ArrayList<>(documents.values());
            for (int i = 0; i < entries.size(); i++) {
                for (int j = i + 1; j < entries.size(); j++) {
                    if (sameKey(spec, entries.get(i).document(), entries.get(j).document())) {
                        throw new DuplicateKeyException("cannot create unique index \"" + spec.name() + "\" on collection \""
                                + name + "\": documents \"" + entries.get(i).id() + "\" and \"" + entries.get(j).id()
                                + "\" share the key " + key(spec, entries.get(i).document()), null);
                    }
                }
            }
        }
        indexes.put(spec.name(), spec);
    }

    private void checkRevision(String id, @Nullable MemoryDocumentEntry existing, long expectedRevision) {
        if (existing == null) {
            throw new OptimisticLockException("document \"" + id + "\" in collection \"" + name
                    + "\" does not exist (expected revision " + expectedRevision + ")", null);
        }
        if (existing.revision() != expectedRevision) {
            throw new OptimisticLockException("document \"" + id + "\" in collection \"" + name + "\" is at revision "
                    + existing.revision() + ", not the expected " + expectedRevision, null);
        }
    }

    private void checkUnique(String id, Map<String, @Nullable Object> document) {
        for (IndexSpec spec : indexes.values()) {
            if (!spec.isUnique()) {
                continue;
            }
            for (MemoryDocumentEntry other : documents.values()) {
                if (!other.id().equals(id) && sameKey(spec, document, other.document())) {
                    throw new DuplicateKeyException("unique index \"" + spec.name() + "\" of collection \"" + name
                            + "\" already holds the key " + key(spec, document) + " (document \"" + other.id() + "\")", null);
                }
            }
        }
    }

    /** Missing fields count as null, numbers compare by value: MongoDB's unique-index rules. */
    private static boolean sameKey(IndexSpec spec, Map<String, @Nullable Object> a, Map<String, @Nullable Object> b) {
        for (String path : spec.paths()) {
            if (!DocumentValues.valueEquals(DocumentFilters.valueAt(a, path), DocumentFilters.valueAt(b, path))) {
                return false;
            }
        }
        return true;
    }

    private static String key(IndexSpec spec, Map<String, @Nullable Object> document) {
        List<@Nullable Object> values = new ArrayList<>();
        for (String path : spec.paths()) {
            values.add(DocumentFilters.valueAt(document, path));
        }
        return values.toString();
    }

    private static String describe(IndexSpec spec) {
        return (spec.isUnique() ? "unique" : "not unique") + (spec.isTtl() ? ", TTL " + spec.ttl() : "");
    }
}
