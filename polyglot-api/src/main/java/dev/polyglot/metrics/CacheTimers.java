package dev.polyglot.metrics;

/** The timers of the Cache port's operations, resolved once per store. */
final class CacheTimers {
    final OperationTimer get;
    final OperationTimer put;
    final OperationTimer putIfAbsent;
    final OperationTimer delete;
    final OperationTimer getAll;
    final OperationTimer putAll;
    final OperationTimer increment;
    final OperationTimer getOrLoad;
    final OperationTimer touch;
    final OperationTimer ttl;
    final OperationTimer keys;
    final OperationTimer tryAcquire;

    CacheTimers(PortMetrics metrics) {
        get = metrics.timer("get");
        put = metrics.timer("put");
        putIfAbsent = metrics.timer("putIfAbsent");
        delete = metrics.timer("delete");
        getAll = metrics.timer("getAll");
        putAll = metrics.timer("putAll");
        increment = metrics.timer("increment");
        getOrLoad = metrics.timer("getOrLoad");
        touch = metrics.timer("touch");
        ttl = metrics.timer("ttl");
        keys = metrics.timer("keys");
        tryAcquire = metrics.timer("tryAcquire");
    }
}
