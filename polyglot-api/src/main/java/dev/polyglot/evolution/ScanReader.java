package dev.polyglot.evolution;

import dev.polyglot.codec.DocumentValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an id-ordered {@code scan()} stream in batches, resuming after a position: the ports' scans
 * have no starting point, so a resumed copy reads past the ids it already copied.
 *
 * @param <R> the record type
 */
final class ScanReader<R> implements PortCopy.Reader<R> {
    private final Stream<R> stream;
    private final Iterator<R> records;
    private final Function<R, String> id;
    private final @Nullable String position;
    private final int batchSize;
    private @Nullable String last;
    private boolean skipping;

    ScanReader(Stream<R> stream, Function<R, String> id, @Nullable String position, int batchSize) {
        this.stream = stream;
        this.records = stream.iterator();
        this.id = id;
        this.position = position;
        this.batchSize = batchSize;
        this.last = position;
        this.skipping = position != null;
    }

    @Override
    public List<R> next() {
        List<R> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && records.hasNext()) {
            R record = records.next();
            if (skipping && DocumentValues.compare(id.apply(record), position) <= 0) {
                continue;
            }
            skipping = false;
            batch.add(record);
        }
        if (!batch.isEmpty()) {
            last = id.apply(batch.get(batch.size() - 1));
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
}
