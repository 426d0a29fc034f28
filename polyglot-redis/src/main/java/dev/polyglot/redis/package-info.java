/**
 * The Cache port on Redis through Lettuce: single node, Sentinel and Cluster.
 */
@NullMarked
package dev.polyglot.redis;

import org.jspecify.annotations.NullMarked;
