package dev.polyglot.evolution;

import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.util.ArrayList;
import java.util.List;
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
        return new ScanReader<>(source.scan(), VectorRecord::id, position, batchSize);
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
