package dev.polyglot.metrics;

/** The timers of the Transactional port's table operations, resolved once per store. */
final class TableTimers {
    final OperationTimer insert;
    final OperationTimer insertAll;
    final OperationTimer update;
    final OperationTimer upsert;
    final OperationTimer delete;
    final OperationTimer find;
    final OperationTimer query;
    final OperationTimer count;
    final OperationTimer history;

    TableTimers(PortMetrics metrics) {
        insert = metrics.timer("insert");
        insertAll = metrics.timer("insertAll");
        update = metrics.timer("update");
        upsert = metrics.timer("upsert");
        delete = metrics.timer("delete");
        find = metrics.timer("find");
        query = metrics.timer("query");
        count = metrics.timer("count");
        history = metrics.timer("history");
    }
}
