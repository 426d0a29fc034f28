package dev.polyglot.metrics;

import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.Upcaster;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the Document port: every collection it opens is timed, its codec sees each written
 * document's top-level keys and each read, and its upcasters count their runs.
 */
final class TimedDocumentStore implements DocumentStore {
    private final DocumentStore delegate;
    private final PortMetrics metrics;
    private final OperationTimer collection;
    private final OperationTimer dropCollection;
    private final CollectionTimers timers;

    TimedDocumentStore(DocumentStore delegate, PortMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.collection = metrics.timer("collection");
        this.dropCollection = metrics.timer("dropCollection");
        this.timers = new CollectionTimers(metrics);
    }

    @Override
    public <T> DocumentCollection<T> collection(String name, Codec<T> codec, CollectionOptions options) {
        if (codec == null || options == null) {
            // let the adapter name the missing argument, as it would undecorated
            return collection.time(() -> delegate.collection(name, codec, options));
        }
        String key = String.valueOf(name);
        boolean known = metrics.hasDocumentShapes(key);
        DocumentShapes shapes = metrics.documentShapes(key, options.upcasters().size());
        CollectionOptions counted = countingUpcasters(options, shapes);
        DocumentCollection<T> opened;
        try {
            opened = collection.time(() -> delegate.collection(name, new ShapeRecordingCodec<>(codec, shapes), counted));
        } catch (RuntimeException e) {
            if (!known) {
                metrics.forgetDocumentShapes(key, shapes);   // an invalid name must not appear in the figures
            }
            throw e;
        }
        return new TimedDocumentCollection<>(opened, timers);
    }

    @Override
    public boolean dropCollection(String name) {
        return dropCollection.time(() -> delegate.dropCollection(name));
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Timed" + delegate;
    }

    private static CollectionOptions countingUpcasters(CollectionOptions options, DocumentShapes shapes) {
        if (options.upcasters().isEmpty()) {
            return options;
        }
        List<Upcaster> counting = new ArrayList<>();
        for (Upcaster upcaster : options.upcasters()) {
            counting.add(new CountingUpcaster(upcaster, shapes));
        }
        return new CollectionOptions(options.schemaVersion(), counting);
    }
}
