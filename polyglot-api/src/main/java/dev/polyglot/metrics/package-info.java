/**
 * Per-port timing decorators: every operation of every port, including those of the views a store
 * hands out ({@code Table}, {@code DocumentCollection}, {@code Cache}, {@code RateLimiter},
 * {@code VectorCollection}), goes into an always-on in-process latency summary (all of an
 * operation's first 1,024 calls timed, then a random one in 16, so that measuring costs a few
 * nanoseconds a call), which Micrometer function timers expose when Micrometer is on the classpath.
 *
 * <p>{@link dev.polyglot.Polyglot} wraps the stores it wires with {@link dev.polyglot.metrics.PortMetrics}
 * by default; {@link dev.polyglot.metrics.MetricsSnapshot} is what the advisor reads.
 */
@NullMarked
package dev.polyglot.metrics;

import org.jspecify.annotations.NullMarked;
