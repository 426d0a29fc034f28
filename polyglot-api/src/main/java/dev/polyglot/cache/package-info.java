/**
 * The Cache port: namespaced key-value entries with TTL, and rate limiters.
 */
@NullMarked
package dev.polyglot.cache;

import org.jspecify.annotations.NullMarked;
