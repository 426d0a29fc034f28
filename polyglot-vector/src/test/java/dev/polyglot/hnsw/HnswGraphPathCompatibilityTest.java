package dev.polyglot.hnsw;

import dev.polyglot.tck.VectorStoreCompatibilityKit;
import dev.polyglot.vector.VectorStore;
import java.nio.file.Path;

/**
 * Runs the kit against a store whose graph paths are taken as early as possible (exact search
 * only up to 16 records) and whose writes are BATCHED, so the approximate search, its filter
 * widening and the batch timer are what the kit checks.
 */
class HnswGraphPathCompatibilityTest extends VectorStoreCompatibilityKit {

    private static final HnswOptions OPTIONS = HnswOptions.defaults().withExactSearchLimit(16)
            .withDurability(HnswDurability.BATCHED);

    @Override
    protected VectorStore createStore() {
        return HnswVectorStore.open(HnswTestDirectories.fresh("graph"), OPTIONS);
    }

    @Override
    protected VectorStore createUnavailableStore() {
        Path dir = HnswTestDirectories.fresh("gone");
        HnswVectorStore store = HnswVectorStore.open(dir, OPTIONS);
        HnswTestDirectories.deleteRecursively(dir);
        return store;
    }
}
