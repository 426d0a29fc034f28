/**
 * The Document port: flexible-schema JSON documents in named collections.
 */
@NullMarked
package dev.polyglot.document;

import org.jspecify.annotations.NullMarked;
