package dev.polyglot.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A writer thread that keeps changing records through a dual-write decorator while a migration
 * runs, and remembers every error it saw.
 */
final class ConcurrentWriter implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong operations = new AtomicLong();
    private final List<Throwable> errors = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);

    /** Starts a writer that calls {@code step(random, n)} until closed. */
    ConcurrentWriter(long seed, BiConsumer<Random, Long> step) {
        Random random = new Random(seed);
        thread = new Thread(() -> {
            started.countDown();
            while (running.get()) {
                try {
                    step.accept(random, operations.incrementAndGet());
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                }
            }
        }, "concurrent-writer");
        thread.setDaemon(true);
        thread.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the writer has made at least this many operations. */
    void awaitOperations(long count) {
        while (operations.get() < count && thread.isAlive()) {
            Thread.onSpinWait();
        }
    }

    long operations() {
        return operations.get();
    }

    List<Throwable> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
