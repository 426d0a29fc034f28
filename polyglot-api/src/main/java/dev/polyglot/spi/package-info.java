/**
 * The service-provider interface and support classes for adapter authors.
 */
@NullMarked
package dev.polyglot.spi;

import org.jspecify.annotations.NullMarked;
