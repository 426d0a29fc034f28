/**
 * Compatibility kits: abstract JUnit 5 test classes that every adapter of a port must pass.
 *
 * <p>An adapter's test subclasses the kit of its port and says how to create a store; the kit
 * brings every test. The in-memory reference adapters pass every kit.
 */
@NullMarked
package dev.polyglot.tck;

import org.jspecify.annotations.NullMarked;
