package dev.polyglot.evolution;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies one document collection, as raw documents brought to the options' schema version. */
final class DocumentCopy implements PortCopy<StoredDocument<Map<String, @Nullable Object>>> {
    private static final Logger LOG = LoggerFactory.getLogger(Migration.class);

    private final String name;
    private final DocumentCollection<Map<String, @Nullable Object>> source;
    private final DocumentStore targetStore;
    private final CollectionOptions options;

    DocumentCopy(DocumentStore source, DocumentStore target, String name, CollectionOptions options) {
        this.name = name;
        this.source = source.collection(name, options);
        this.targetStore = target;
        this.options = options;
    }

    static String collectionKey(String name) {
        return "document:" + name;
    }

    @Override
    public String collection() {
        return collectionKey(name);
    }

    @Override
    public long sourceCount() {
        return source.count(Filter.all());
    }

    @Override
    public void prepareTarget() {
        targetStore.collection(name, options);
    }

    @Override
    public Reader<StoredDocument<Map<String, @Nullable Object>>> open(@Nullable String position, int batchSize) {
        return new ScanReader<>(source.scan(), StoredDocument::id, position, batchSize);
    }

    @Override
    public String key(StoredDocument<Map<String, @Nullable Object>> record) {
        return record.id();
    }

    @Override
    public Outcome writeAbsent(List<StoredDocument<Map<String, @Nullable Object>>> records) {
        DocumentCollection<Map<String, @Nullable Object>> target = targetStore.collection(name, options);
        long copied = 0;
        long present = 0;
        long failed = 0;
        for (StoredDocument<Map<String, @Nullable Object>> document : records) {
            try {
                target.insert(document.id(), document.value());
                copied++;
            } catch (DuplicateKeyException e) {
                if (target.getDocument(document.id()).isPresent()) {
                    present++;
                } else {
                    failed++;
                    LOG.warn("document {} of collection {} was not copied: {}", document.id(), name, e.getMessage());
                }
            }
        }
        return new Outcome(copied, present, failed);
    }
}
