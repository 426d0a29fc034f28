/**
 * Moving a port from one store to another, and deciding when: {@link dev.polyglot.evolution.Advisor}
 * applies the stage table (cache reads slow on PostgreSQL → Redis; vector search past the exact
 * scan → HNSW; document shapes that vary widely or JSONB updates that dominate → MongoDB;
 * transaction retries → fix contention first) to the figures the timing decorators measured.
 */
@NullMarked
package dev.polyglot.evolution;

import org.jspecify.annotations.NullMarked;
