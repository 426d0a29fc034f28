package dev.polyglot.hnsw;

import dev.polyglot.tck.VectorStoreCompatibilityKit;
import dev.polyglot.vector.VectorStore;
import java.nio.file.Path;

/** Runs the Vector port's compatibility kit against a durable HNSW store (SYNC, the default). */
class HnswVectorStoreCompatibilityTest extends VectorStoreCompatibilityKit {

    @Override
    protected VectorStore createStore() {
        return HnswVectorStore.open(HnswTestDirectories.fresh("kit"));
    }

    /** A store whose directory vanished after it was opened: every operation meets a missing file. */
    @Override
    protected VectorStore createUnavailableStore() {
        Path dir = HnswTestDirectories.fresh("gone");
        HnswVectorStore store = HnswVectorStore.open(dir);
        HnswTestDirectories.deleteRecursively(dir);
        return store;
    }
}
