package dev.polyglot.evolution;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import dev.polyglot.codec.DocumentValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Copies one vector collection with its metadata. */
final class VectorCopy implements PortCopy<VectorRecord> {

    private final String name;
    private final int dimensions;
    private final Metric metric;
    private final VectorCollection source;
    private final VectorStore targetStore;

    VectorCopy(VectorStore source, VectorStore target, String name, int dimensions, Metric metric) {
        this.name = name;
        this.dimensions = dimensions;
        this.metric = metric;
        this.source = source.collection(name, dimensions, metric);
        this.targetStore = target;
    }

    static String collectionKey(String name) {
        return "vector:" + name;
    }

    @Override
    public String collection() {
        return collectionKey(name);
    }

    @Override
    public long sourceCount() {
        return source.count();
    }

    @Override
    public void prepareTarget() {
        targetStore.collection(name, dimensions, metric);
    }

    @Override
    public Reader<VectorRecord> open(@Nullable String position, int batchSize) {
        Stream<VectorRecord> stream = source.scan();
        Iterator<VectorRecord> records = stream.iterator();
        return new Reader<>() {
            private @Nullable String last = position;
            private boolean skipping = position != null;

            @Override
            public List<VectorRecord> next() {
                List<VectorRecord> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && records.hasNext()) {
                    VectorRecord record = records.next();
                    if (skipping && DocumentValues.compare(record.id(), position) <= 0) {
                        continue;
                    }
                    skipping = false;
                    batch.add(record);
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
    public String key(VectorRecord record) {
        return record.id();
    }

    @Override
    public Outcome writeAbsent(List<VectorRecord> records) {
        VectorCollection target = targetStore.collection(name, dimensions, metric);
        List<VectorRecord> absent = new ArrayList<>(records.size());
        for (VectorRecord record : records) {
            if (target.get(record.id()).isEmpty()) {
                absent.add(record);
            }
        }
        target.upsertAll(absent);
        return new Outcome(absent.size(), records.size() - absent.size(), 0);
    }
}
