package dev.polyglot.evolution;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.Ids;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A collection of a {@link DualDocumentStore}. Whole-document writes are applied to both stores;
 * updates are mirrored by copying the raw stored document from the old store to the new one.
 */
final class DualDocumentCollection<T> implements DocumentCollection<T> {
    private final CutOver cutOver;
    private final String name;
    private final String collection;
    private final Codec<T> codec;
    private final DocumentCollection<T> oldDocs;
    private final Lazy<DocumentCollection<T>> newDocs;
    private final DocumentCollection<Map<String, @Nullable Object>> oldRaw;
    private final Lazy<DocumentCollection<Map<String, @Nullable Object>>> newRaw;

    DualDocumentCollection(CutOver cutOver, String name, Codec<T> codec, DocumentCollection<T> oldDocs,
            Lazy<DocumentCollection<T>> newDocs, DocumentCollection<Map<String, @Nullable Object>> oldRaw,
            Lazy<DocumentCollection<Map<String, @Nullable Object>>> newRaw) {
        this.cutOver = cutOver;
        this.name = name;
        this.collection = DocumentCopy.collectionKey(name);
        this.codec = codec;
        this.oldDocs = oldDocs;
        this.newDocs = newDocs;
        this.oldRaw = oldRaw;
        this.newRaw = newRaw;
    }

    private DocumentCollection<T> writeFirst(CutOverPhase at) {
        return at == CutOverPhase.DONE ? newDocs.get() : oldDocs;
    }

    private DocumentCollection<T> reads(CutOverPhase at) {
        return at.readsNew() ? newDocs.get() : oldDocs;
    }

    private DocumentCollection<T> other(CutOverPhase at) {
        return at.readsNew() ? oldDocs : newDocs.get();
    }

    /** Copies the old store's current state of a document to the new store (the caller holds the key's lock). */
    void sync(String id) {
        Optional<StoredDocument<Map<String, @Nullable Object>>> current = oldRaw.getDocument(id);
        if (current.isPresent()) {
            newRaw.get().put(id, current.get().value());
        } else {
            cutOver.coordinator().tombstone(collection, id);
            newRaw.get().delete(id);
        }
    }

    void syncWithLock(String id) {
        cutOver.coordinator().withKey(collection, id, () -> {
            sync(id);
            return null;
        });
    }

    private Runnable resync(String id) {
        return () -> syncWithLock(id);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String insert(T document) {
        // The old store generates the id, so the id is only known after the first write: lock the
        // new id for the mirror only (nobody else can know it yet).
        CutOverPhase at = cutOver.phase();
        String id = writeFirst(at).insert(document);
        if (at.dualWrites()) {
            cutOver.coordinator().withKey(collection, id, () -> {
                cutOver.mirror(collection, id, "insert", () -> newDocs.get().put(id, document), resync(id));
                return null;
            });
        }
        return id;
    }

    @Override
    public void insert(String id, T document) {
        CutOverPhase at = cutOver.phase();
        cutOver.write(at, collection, Ids.requireId(id, "document id"), "insert", () -> {
            writeFirst(at).insert(id, document);
            return null;
        }, r -> newDocs.get().put(id, document), resync(id));
    }

    @Override
    public long put(String id, T document) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireId(id, "document id"), "put",
                () -> writeFirst(at).put(id, document), r -> newDocs.get().put(id, document), resync(id));
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        // Revisions are the old store's; the new store gets the resulting document.
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireId(id, "document id"), "put",
                () -> writeFirst(at).put(id, document, expectedRevision), r -> newDocs.get().put(id, document), resync(id));
    }

    @Override
    public Optional<T> get(String id) {
        CutOverPhase at = cutOver.phase();
        Optional<T> served = reads(at).get(id);
        if (cutOver.sampleShadow(at)) {
            cutOver.shadow(at, collection, id, checksum(served), () -> checksum(other(at).get(id)));
        }
        return served;
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        CutOverPhase at = cutOver.phase();
        Optional<StoredDocument<T>> served = reads(at).getDocument(id);
        if (cutOver.sampleShadow(at)) {
            cutOver.shadow(at, collection, id, checksum(served.map(StoredDocument::value)),
                    () -> checksum(other(at).get(id)));
        }
        return served;
    }

    private @Nullable String checksum(Optional<T> value) {
        return CutOver.checksumOf(value, codec::encode);
    }

    @Override
    public boolean delete(String id) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireId(id, "document id"), "delete", () -> writeFirst(at).delete(id),
                r -> {
                    cutOver.coordinator().tombstone(collection, id);
                    newDocs.get().delete(id);
                }, resync(id));
    }

    @Override
    public List<T> find(Filter filter) {
        return reads(cutOver.phase()).find(filter);
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        return reads(cutOver.phase()).find(filter, sort, page);
    }

    @Override
    public long count(Filter filter) {
        return reads(cutOver.phase()).count(filter);
    }

    @Override
    public Optional<T> update(String id, Update update) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireId(id, "document id"), "update",
                () -> writeFirst(at).update(id, update), r -> sync(id), resync(id));
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        CutOverPhase at = cutOver.phase();
        return cutOver.write(at, collection, Ids.requireId(id, "document id"), "update",
                () -> writeFirst(at).update(id, update, expectedRevision), r -> sync(id), resync(id));
    }

    @Override
    public void createIndex(IndexSpec spec) {
        CutOverPhase at = cutOver.phase();
        writeFirst(at).createIndex(spec);
        if (at.dualWrites()) {
            newDocs.get().createIndex(spec);
        }
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        return reads(cutOver.phase()).scan();
    }

    @Override
    public String toString() {
        return "DualDocumentCollection[" + name + ", " + cutOver + "]";
    }
}
