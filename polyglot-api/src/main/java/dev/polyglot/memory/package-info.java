/**
 * Exact in-memory reference adapters for all four ports, for tests and prototypes.
 */
@NullMarked
package dev.polyglot.memory;

import org.jspecify.annotations.NullMarked;
