/**
 * The Document port on MongoDB through mongodb-driver-sync.
 */
@NullMarked
package dev.polyglot.mongo;

import org.jspecify.annotations.NullMarked;
