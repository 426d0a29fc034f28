package dev.polyglot.metrics;

/** The timers of the Document port's collection operations, resolved once per store. */
final class CollectionTimers {
    final OperationTimer insert;
    final OperationTimer put;
    final OperationTimer get;
    final OperationTimer getDocument;
    final OperationTimer delete;
    final OperationTimer find;
    final OperationTimer count;
    final OperationTimer update;
    final OperationTimer createIndex;
    final OperationTimer scan;

    CollectionTimers(PortMetrics metrics) {
        insert = metrics.timer("insert");
        put = metrics.timer("put");
        get = metrics.timer("get");
        getDocument = metrics.timer("getDocument");
        delete = metrics.timer("delete");
        find = metrics.timer("find");
        count = metrics.timer("count");
        update = metrics.timer("update");
        createIndex = metrics.timer("createIndex");
        scan = metrics.timer("scan");
    }
}
