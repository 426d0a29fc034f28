package dev.polyglot.metrics;

/** The timers of the Vector port's collection operations, resolved once per store. */
final class VectorTimers {
    final OperationTimer upsert;
    final OperationTimer upsertAll;
    final OperationTimer get;
    final OperationTimer delete;
    final OperationTimer deleteByFilter;
    final OperationTimer search;
    final OperationTimer count;
    final OperationTimer scan;

    VectorTimers(PortMetrics metrics) {
        upsert = metrics.timer("upsert");
        upsertAll = metrics.timer("upsertAll");
        get = metrics.timer("get");
        delete = metrics.timer("delete");
        deleteByFilter = metrics.timer("deleteByFilter");
        search = metrics.timer("search");
        count = metrics.timer("count");
        scan = metrics.timer("scan");
    }
}
