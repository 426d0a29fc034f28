package dev.polyglot.metrics;

import dev.polyglot.cache.RateLimitDecision;
import dev.polyglot.cache.RateLimiter;
import java.time.Duration;

/** Times every decision of one rate limiter. */
final class TimedRateLimiter implements RateLimiter {
    private final RateLimiter delegate;
    private final OperationTimer tryAcquire;

    TimedRateLimiter(RateLimiter delegate, OperationTimer tryAcquire) {
        this.delegate = delegate;
        this.tryAcquire = tryAcquire;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public long limit() {
        return delegate.limit();
    }

    @Override
    public Duration window() {
        return delegate.window();
    }

    @Override
    public RateLimitDecision tryAcquire(String key) {
        long started = tryAcquire.start();
        try {
            return tryAcquire.succeeded(started, delegate.tryAcquire(key));
        } catch (Throwable e) {
            tryAcquire.failed(started);
            throw e;
        }
    }

    @Override
    public RateLimitDecision tryAcquire(String key, int permits) {
        long started = tryAcquire.start();
        try {
            return tryAcquire.succeeded(started, delegate.tryAcquire(key, permits));
        } catch (Throwable e) {
            tryAcquire.failed(started);
            throw e;
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
