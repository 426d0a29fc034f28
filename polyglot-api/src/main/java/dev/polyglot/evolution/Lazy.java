package dev.polyglot.evolution;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A handle on the second store opened on first use, so an application can open a collection
 * through a decorator while the new store is down: opening it then fails inside a mirror step,
 * which sends the key to the repair log, instead of failing the application.
 */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> open;
    private volatile @Nullable T value;

    Lazy(Supplier<T> open) {
        this.open = open;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = open.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
