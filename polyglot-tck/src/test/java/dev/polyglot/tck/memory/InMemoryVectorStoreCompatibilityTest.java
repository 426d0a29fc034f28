package dev.polyglot.tck.memory;

import dev.polyglot.memory.InMemoryVectorStore;
import dev.polyglot.tck.VectorStoreCompatibilityKit;
import dev.polyglot.vector.VectorStore;

/** The in-memory reference adapter passes the whole Vector kit. */
class InMemoryVectorStoreCompatibilityTest extends VectorStoreCompatibilityKit {

    @Override
    protected VectorStore createStore() {
        return InMemoryVectorStore.create();
    }

    @Override
    protected VectorStore createUnavailableStore() {
        InMemoryVectorStore store = InMemoryVectorStore.create();
        store.setUnavailable(true);
        return store;
    }
}
