package dev.polyglot.evolution;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
        Stream<StoredDocument<Map<String, @Nullable Object>>> stream = source.scan();
        Iterator<StoredDocument<Map<String, @Nullable Object>>> documents = stream.iterator();
        return new Reader<>() {
            private @Nullable String last = position;
            private boolean skipping = position != null;

            @Override
            public List<StoredDocument<Map<String, @Nullable Object>>> next() {
                List<StoredDocument<Map<String, @Nullable Object>>> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && documents.hasNext()) {
                    StoredDocument<Map<String, @Nullable Object>> document = documents.next();
                    // scan() has no starting point, so a resumed copy reads past what it already copied.
                    if (skipping && DocumentValues.compare(document.id(), position) <= 0) {
                        continue;
                    }
                    skipping = false;
                    batch.add(document);
                }
                if (!batch.isEmpty()) {
                    last = batch.get(batch.size() - 1).id();
                }
                return batch;
            }

            @Override
            public String position() {
                return last == null ? "" : last;
            }

            @Override
            public void close() {
                stream.close();
            }
        };
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
