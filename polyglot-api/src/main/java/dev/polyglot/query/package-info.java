/**
 * The portable query model: {@link dev.polyglot.query.Filter}, {@link dev.polyglot.query.Sort}, paging and {@link dev.polyglot.query.Update}.
 */
@NullMarked
package dev.polyglot.query;

import org.jspecify.annotations.NullMarked;
