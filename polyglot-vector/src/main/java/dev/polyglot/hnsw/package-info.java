/**
 * The Vector port on durable embedded HNSW indexes (a graph of our own over primitive arrays).
 */
@NullMarked
package dev.polyglot.hnsw;

import org.jspecify.annotations.NullMarked;
