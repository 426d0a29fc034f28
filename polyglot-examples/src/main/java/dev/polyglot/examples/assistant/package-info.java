/**
 * A small "AI assistant backend" on Polyglot's four ports, run stage by stage: users and billing
 * with an audit trail (Transactional), conversation histories (Document), sessions and per-user
 * rate limits (Cache), semantic search over past messages (Vector). It talks to the ports only
 * through the API, so the same code runs on every stage; only {@code polyglot.*.uri} changes.
 */
@NullMarked
package dev.polyglot.examples.assistant;

import org.jspecify.annotations.NullMarked;
