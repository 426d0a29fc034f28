/**
 * Polyglot's entry points and the exception hierarchy shared by every port and adapter.
 */
@NullMarked
package dev.polyglot;

import org.jspecify.annotations.NullMarked;
