/**
 * The Vector port: embeddings with metadata and similarity search.
 */
@NullMarked
package dev.polyglot.vector;

import org.jspecify.annotations.NullMarked;
