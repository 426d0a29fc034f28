package dev.polyglot.evolution;

import dev.polyglot.Store;

/**
 * What the four dual-write stores of a {@link CutOver} share: the old and the new store, closed
 * together, and {@code unwrap} that asks the store reads come from first.
 *
 * @param <S> the port's store type
 */
abstract class DualStore<S extends Store> implements Store {
    final CutOver cutOver;
    final S oldStore;
    final S newStore;

    DualStore(CutOver cutOver, S oldStore, S newStore) {
        this.cutOver = cutOver;
        this.oldStore = oldStore;
        this.newStore = newStore;
    }

    @Override
    public final <U> U unwrap(Class<U> type) {
        S first = cutOver.phase().readsNew() ? newStore : oldStore;
        S second = first == newStore ? oldStore : newStore;
        try {
            return first.unwrap(type);
        } catch (IllegalArgumentException e) {
            return second.unwrap(type);
        }
    }

    @Override
    public final void close() {
        try {
            oldStore.close();
        } finally {
            newStore.close();
        }
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + cutOver + ", old " + oldStore + ", new " + newStore + "]";
    }
}
