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
        long started = timers.insert.start();
        try {
            return timers.insert.succeeded(started, delegate.insert(document));
        } catch (Throwable e) {
            timers.insert.failed(started);
            throw e;
        }
    }

    @Override
    public void insert(String id, T document) {
        long started = timers.insert.start();
        try {
            delegate.insert(id, document);
        } catch (Throwable e) {
            timers.insert.failed(started);
            throw e;
        }
        timers.insert.succeeded(started);
    }

    @Override
    public long put(String id, T document) {
        long started = timers.put.start();
        try {
            return timers.put.succeeded(started, delegate.put(id, document));
        } catch (Throwable e) {
            timers.put.failed(started);
            throw e;
        }
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        long started = timers.put.start();
        try {
            return timers.put.succeeded(started, delegate.put(id, document, expectedRevision));
        } catch (Throwable e) {
            timers.put.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<T> get(String id) {
        long started = timers.get.start();
        try {
            return timers.get.succeeded(started, delegate.get(id));
        } catch (Throwable e) {
            timers.get.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        long started = timers.getDocument.start();
        try {
            return timers.getDocument.succeeded(started, delegate.getDocument(id));
        } catch (Throwable e) {
            timers.getDocument.failed(started);
            throw e;
        }
    }

    @Override
    public boolean delete(String id) {
        long started = timers.delete.start();
        try {
            return timers.delete.succeeded(started, delegate.delete(id));
        } catch (Throwable e) {
            timers.delete.failed(started);
            throw e;
        }
    }

    @Override
    public List<T> find(Filter filter) {
        long started = timers.find.start();
        try {
            return timers.find.succeeded(started, delegate.find(filter));
        } catch (Throwable e) {
            timers.find.failed(started);
            throw e;
        }
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        long started = timers.find.start();
        try {
            return timers.find.succeeded(started, delegate.find(filter, sort, page));
        } catch (Throwable e) {
            timers.find.failed(started);
            throw e;
        }
    }

    @Override
    public long count(Filter filter) {
        long started = timers.count.start();
        try {
            return timers.count.succeeded(started, delegate.count(filter));
        } catch (Throwable e) {
            timers.count.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<T> update(String id, Update update) {
        long started = timers.update.start();
        try {
            return timers.update.succeeded(started, delegate.update(id, update));
        } catch (Throwable e) {
            timers.update.failed(started);
            throw e;
        }
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        long started = timers.update.start();
        try {
            return timers.update.succeeded(started, delegate.update(id, update, expectedRevision));
        } catch (Throwable e) {
            timers.update.failed(started);
            throw e;
        }
    }

    @Override
    public void createIndex(IndexSpec spec) {
        long started = timers.createIndex.start();
        try {
            delegate.createIndex(spec);
        } catch (Throwable e) {
            timers.createIndex.failed(started);
            throw e;
        }
        timers.createIndex.succeeded(started);
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        long started = timers.scan.start();
        try {
            return timers.scan.succeeded(started, delegate.scan());
        } catch (Throwable e) {
            timers.scan.failed(started);
            throw e;
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
