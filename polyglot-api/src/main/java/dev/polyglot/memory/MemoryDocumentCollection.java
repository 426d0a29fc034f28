package dev.polyglot.memory;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentKeys;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.DocumentFilters;
import dev.polyglot.spi.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** A handle on one in-memory collection, typed by a codec and versioned by options. */
final class MemoryDocumentCollection<T> implements DocumentCollection<T> {
    private final InMemoryDocumentStore store;
    private final String name;
    private final Codec<T> codec;
    private final CollectionOptions options;

    MemoryDocumentCollection(InMemoryDocumentStore store, String name, Codec<T> codec, CollectionOptions options) {
        this.store = store;
        this.name = name;
        this.codec = codec;
        this.options = options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String insert(T document) {
        Map<String, @Nullable Object> encoded = encode(document);
        String id = UUID.randomUUID().toString();
        store.write(name, state -> {
            state.insert(id, encoded, options.schemaVersion());
            return null;
        });
        return id;
    }

    @Override
    public void insert(String id, T document) {
        Ids.requireId(id, "document id");
        Map<String, @Nullable Object> encoded = encode(document);
        store.write(name, state -> {
            state.insert(id, encoded, options.schemaVersion());
            return null;
        });
    }

    @Override
    public long put(String id, T document) {
        Ids.requireId(id, "document id");
        Map<String, @Nullable Object> encoded = encode(document);
        return store.write(name, state -> state.put(id, encoded, options.schemaVersion(), 0));
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        Ids.requireId(id, "document id");
        requireRevision(expectedRevision);
        Map<String, @Nullable Object> encoded = encode(document);
        return store.write(name, state -> state.put(id, encoded, options.schemaVersion(), expectedRevision));
    }

    @Override
    public Optional<T> get(String id) {
        return getDocument(id).map(StoredDocument::value);
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        Ids.requireId(id, "document id");
        MemoryDocumentEntry entry = store.ifExists(name, state -> state.get(id), null);
        return entry == null ? Optional.empty() : Optional.of(stored(entry));
    }

    @Override
    public boolean delete(String id) {
        Ids.requireId(id, "document id");
        return store.ifExists(name, state -> state.delete(id), false);
    }

    @Override
    public List<T> find(Filter filter) {
        DocumentKeys.validate(filter);
        List<T> out = new ArrayList<>();
        for (MemoryDocumentEntry entry : matching(filter)) {
            out.add(decode(entry));
        }
        return out;
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        DocumentKeys.validate(filter);
        DocumentKeys.validate(sort);
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        Page<MemoryDocumentEntry> entries = MemoryPages.page(matching(filter), sort, page,
                MemoryDocumentEntry::document, MemoryDocumentEntry::id);
        return entries.map(this::decode);
    }

    @Override
    public long count(Filter filter) {
        DocumentKeys.validate(filter);
        return matching(filter).size();
    }

    @Override
    public Optional<T> update(String id, Update update) {
        return update(id, update, 0, false);
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        return update(id, update, expectedRevision, true);
    }

    private Optional<T> update(String id, Update update, long expectedRevision, boolean compareAndSet) {
        Ids.requireId(id, "document id");
        DocumentKeys.validate(update);
        if (compareAndSet) {
            requireRevision(expectedRevision);
        }
        MemoryDocumentEntry entry = store.ifExists(name, state -> state.update(id, update, expectedRevision), null);
        return entry == null ? Optional.empty() : Optional.of(decode(entry));
    }

    @Override
    public void createIndex(IndexSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("index spec must not be null");
        }
        store.write(name, state -> {
            state.createIndex(spec);
            return null;
        });
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        // A snapshot taken under the lock; decoding happens lazily as the caller consumes the stream.
        List<MemoryDocumentEntry> snapshot = store.ifExists(name, MemoryDocumentState::snapshot, List.of());
        return snapshot.stream().map(this::stored);
    }

    @Override
    public String toString() {
        return "MemoryDocumentCollection[" + name + ", " + codec + "]";
    }

    private List<MemoryDocumentEntry> matching(Filter filter) {
        List<MemoryDocumentEntry> all = store.ifExists(name, MemoryDocumentState::snapshot, List.of());
        List<MemoryDocumentEntry> out = new ArrayList<>();
        for (MemoryDocumentEntry entry : all) {
            if (DocumentFilters.matches(filter, entry.document())) {
                out.add(entry);
            }
        }
        return out;
    }

    private Map<String, @Nullable Object> encode(T document) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        @SuppressWarnings("unchecked") // normalize keeps a map a map
        Map<String, @Nullable Object> copy = (Map<String, @Nullable Object>) DocumentValues.normalize(codec.toDocument(document));
        return DocumentKeys.validate(copy);
    }

    private T decode(MemoryDocumentEntry entry) {
        return codec.decode(options.upcast(entry.document(), entry.schemaVersion()));
    }

    private StoredDocument<T> stored(MemoryDocumentEntry entry) {
        return new StoredDocument<>(entry.id(), entry.revision(), decode(entry));
    }

    private static void requireRevision(long expectedRevision) {
        if (expectedRevision < 1) {
            throw new IllegalArgumentException("expected revision must be at least 1, got " + expectedRevision);
        }
    }
}
