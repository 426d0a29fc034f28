package dev.polyglot.redis;

import dev.polyglot.PolyglotException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether {@code getOrLoad} is failing open, so an outage is logged once when it starts and
 * once when it ends instead of once per call, and counts the values served uncached.
 */
final class RedisOutage {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);

    private final String target;
    private final AtomicBoolean failingOpen = new AtomicBoolean();
    private final LongAdder servedUncached = new LongAdder();
    private final AtomicLong servedThisOutage = new AtomicLong();
    private final AtomicLong outagesLogged = new AtomicLong();

    RedisOutage(String target) {
        this.target = target;
    }

    /** Records a value served from the loader because Redis could not be read or written. */
    void servedUncached(PolyglotException cause) {
        servedUncached.increment();
        servedThisOutage.incrementAndGet();
        if (failingOpen.compareAndSet(false, true)) {
            outagesLogged.incrementAndGet();
            LOG.warn("{} is unreachable; getOrLoad now serves loaded values without caching them until it is back "
                    + "(logged once per outage): {}", target, cause.getMessage());
        }
    }

    /** Called after every successful command; ends a logged outage. */
    void reachable() {
        if (failingOpen.get() && failingOpen.compareAndSet(true, false)) {
            LOG.info("{} is reachable again; getOrLoad served {} values uncached during the outage", target,
                    servedThisOutage.getAndSet(0));
        }
    }

    long servedUncached() {
        return servedUncached.sum();
    }

    /** How many outages were logged, for tests of the once-per-outage rule. */
    long outagesLogged() {
        return outagesLogged.get();
    }

    boolean failingOpen() {
        return failingOpen.get();
    }
}
