/**
 * Conversion between application types and Polyglot's document model, backed by Jackson.
 */
@NullMarked
package dev.polyglot.codec;

import org.jspecify.annotations.NullMarked;
