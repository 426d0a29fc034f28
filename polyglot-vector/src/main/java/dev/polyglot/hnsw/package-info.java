/**
 * The Vector port on durable embedded HNSW indexes (hnswlib-core).
 */
@NullMarked
package dev.polyglot.hnsw;

import org.jspecify.annotations.NullMarked;
