package dev.polyglot.mongo;

import dev.polyglot.document.DocumentStore;
import dev.polyglot.tck.DocumentStoreCompatibilityKit;

/** Runs the Document compatibility kit against MongoDB (mongo-java-server, or POLYGLOT_TEST_MONGO_URI). */
class MongoDocumentStoreCompatibilityTest extends DocumentStoreCompatibilityKit {

    @Override
    protected DocumentStore createStore() {
        return MongoTestServer.store();
    }

    @Override
    protected DocumentStore createUnavailableStore() {
        return MongoTestServer.unreachableStore();
    }
}
