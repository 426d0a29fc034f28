package dev.polyglot.metrics;

import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Times every operation of one document collection; {@code scan} is timed until its stream is returned. */
final class TimedDocumentCollection<T> implements DocumentCollection<T> {
    private final DocumentCollection<T> delegate;
    private final CollectionTimers timers;

    TimedDocumentCollection(DocumentCollection<T> delegate, CollectionTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String insert(T document) {
        return timers.insert.time(() -> delegate.insert(document));
    }

    @Override
    public void insert(String id, T document) {
        timers.insert.run(() -> delegate.insert(id, document));
    }

    @Override
    public long put(String id, T document) {
        return timers.put.timeLong(() -> delegate.put(id, document));
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        return timers.put.timeLong(() -> delegate.put(id, document, expectedRevision));
    }

    @Override
    public Optional<T> get(String id) {
        return timers.get.time(() -> delegate.get(id));
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        return timers.getDocument.time(() -> delegate.getDocument(id));
    }

    @Override
    public boolean delete(String id) {
        return timers.delete.time(() -> delegate.delete(id));
    }

    @Override
    public List<T> find(Filter filter) {
        return timers.find.time(() -> delegate.find(filter));
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        return timers.find.time(() -> delegate.find(filter, sort, page));
    }

    @Override
    public long count(Filter filter) {
        return timers.count.timeLong(() -> delegate.count(filter));
    }

    @Override
    public Optional<T> update(String id, Update update) {
        return timers.update.time(() -> delegate.update(id, update));
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        return timers.update.time(() -> delegate.update(id, update, expectedRevision));
    }

    @Override
    public void createIndex(IndexSpec spec) {
        timers.createIndex.run(() -> delegate.createIndex(spec));
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        return timers.scan.time(delegate::scan);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
