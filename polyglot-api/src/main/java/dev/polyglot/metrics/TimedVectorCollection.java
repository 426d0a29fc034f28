package dev.polyglot.metrics;

import dev.polyglot.query.Filter;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorMatch;
import dev.polyglot.vector.VectorQuery;
import dev.polyglot.vector.VectorRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Times every operation of one vector collection; {@code scan} is timed until its stream is returned. */
final class TimedVectorCollection implements VectorCollection {
    private final VectorCollection delegate;
    private final VectorTimers timers;

    TimedVectorCollection(VectorCollection delegate, VectorTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public Metric metric() {
        return delegate.metric();
    }

    @Override
    public void upsert(VectorRecord record) {
        long started = timers.upsert.start();
        try {
            delegate.upsert(record);
        } catch (Throwable e) {
            timers.upsert.failed(started);
            throw e;
        }
        timers.upsert.succeeded(started);
    }

    @Override
    public void upsertAll(Collection<VectorRecord> records) {
        long started = timers.upsertAll.start();
        try {
            delegate.upsertAll(records);
        } catch (Throwable e) {
            timers.upsertAll.failed(started);
            throw e;
        }
        timers.upsertAll.succeeded(started);
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        long started = timers.get.start();
        try {
            return timers.get.succeeded(started, delegate.get(id));
        } catch (Throwable e) {
            timers.get.failed(started);
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
    public long delete(Filter filter) {
        long started = timers.deleteByFilter.start();
        try {
            return timers.deleteByFilter.succeeded(started, delegate.delete(filter));
        } catch (Throwable e) {
            timers.deleteByFilter.failed(started);
            throw e;
        }
    }

    @Override
    public List<VectorMatch> search(VectorQuery query) {
        long started = timers.search.start();
        try {
            return timers.search.succeeded(started, delegate.search(query));
        } catch (Throwable e) {
            timers.search.failed(started);
            throw e;
        }
    }

    @Override
    public long count() {
        long started = timers.count.start();
        try {
            return timers.count.succeeded(started, delegate.count());
        } catch (Throwable e) {
            timers.count.failed(started);
            throw e;
        }
    }

    @Override
    public Stream<VectorRecord> scan() {
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
