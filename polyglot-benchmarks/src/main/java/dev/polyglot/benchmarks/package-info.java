/**
 * JMH benchmarks of the PostgreSQL adapters against Jdbi and JDBC used directly on the same pool.
 * Run {@code java -jar polyglot-benchmarks/target/benchmarks.jar}.
 */
package dev.polyglot.benchmarks;
