/**
 * PostgreSQL adapters for all four ports, through Jdbi: "Postgres for everything" is where an
 * application starts.
 */
@NullMarked
package dev.polyglot.postgres;

import org.jspecify.annotations.NullMarked;
