/**
 * The Transactional port: ACID tables mapped from records or POJOs.
 */
@NullMarked
package dev.polyglot.transactional;

import org.jspecify.annotations.NullMarked;
