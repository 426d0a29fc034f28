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
        timers.upsert.run(() -> delegate.upsert(record));
    }

    @Override
    public void upsertAll(Collection<VectorRecord> records) {
        timers.upsertAll.run(() -> delegate.upsertAll(records));
    }

    @Override
    public Optional<VectorRecord> get(String id) {
        return timers.get.time(() -> delegate.get(id));
    }

    @Override
    public boolean delete(String id) {
        return timers.delete.time(() -> delegate.delete(id));
    }

    @Override
    public long delete(Filter filter) {
        return timers.deleteByFilter.timeLong(() -> delegate.delete(filter));
    }

    @Override
    public List<VectorMatch> search(VectorQuery query) {
        return timers.search.time(() -> delegate.search(query));
    }

    @Override
    public long count() {
        return timers.count.timeLong(delegate::count);
    }

    @Override
    public Stream<VectorRecord> scan() {
        return timers.scan.time(delegate::scan);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
