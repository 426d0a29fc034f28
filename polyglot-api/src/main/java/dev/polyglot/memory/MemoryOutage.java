package dev.polyglot.memory;

import dev.polyglot.StoreUnavailableException;
import java.net.ConnectException;

/**
 * The simulated outage switch every in-memory store carries, so applications can test how they
 * behave when a store is down without stopping a server.
 */
final class MemoryOutage {
    private final String storeName;
    private volatile boolean unavailable;

    MemoryOutage(String storeName) {
        this.storeName = storeName;
    }

    void set(boolean unavailable) {
        this.unavailable = unavailable;
    }

    boolean isSet() {
        return unavailable;
    }

    /** Throws as a real adapter does when its server is down: a typed exception, the I/O error as cause. */
    void check() {
        if (unavailable) {
            throw new StoreUnavailableException(storeName + " is unavailable (simulated outage)",
                    new ConnectException("Connection refused (simulated by " + storeName + ")"));
        }
    }
}
