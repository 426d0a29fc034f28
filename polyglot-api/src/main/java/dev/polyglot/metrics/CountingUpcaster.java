package dev.polyglot.metrics;

import dev.polyglot.document.Upcaster;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Counts the runs of one upcaster, for the advisor's "many upcasters on the read path" rule. */
final class CountingUpcaster implements Upcaster {
    private final Upcaster delegate;
    private final DocumentShapes shapes;

    CountingUpcaster(Upcaster delegate, DocumentShapes shapes) {
        this.delegate = delegate;
        this.shapes = shapes;
    }

    @Override
    public int fromVersion() {
        return delegate.fromVersion();
    }

    @Override
    public Map<String, @Nullable Object> upcast(Map<String, @Nullable Object> document) {
        shapes.upcast();
        return delegate.upcast(document);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
