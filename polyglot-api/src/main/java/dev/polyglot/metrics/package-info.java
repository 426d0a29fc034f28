/**
 * Per-port timing decorators: every operation of every port, including those of the views a store
 * hands out ({@code Table}, {@code DocumentCollection}, {@code Cache}, {@code RateLimiter},
 * {@code VectorCollection}), is timed into an always-on in-process latency summary, and into
 * Micrometer timers when Micrometer is on the classpath.
 *
 * <p>{@link dev.polyglot.Polyglot} wraps the stores it wires with {@link dev.polyglot.metrics.PortMetrics}
 * by default; {@link dev.polyglot.metrics.MetricsSnapshot} is what the advisor reads.
 */
@NullMarked
package dev.polyglot.metrics;

import org.jspecify.annotations.NullMarked;
