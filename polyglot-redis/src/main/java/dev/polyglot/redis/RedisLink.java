package dev.polyglot.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The one shared, thread-safe Lettuce connection of a store and its command interfaces. The types
 * are the ones a single-node connection and a cluster connection have in common, so the cache
 * code is the same for both; on a cluster connection they route each key to its node and split
 * multi-key commands by slot.
 */
record RedisLink(StatefulConnection<byte[], byte[]> connection, RedisClusterCommands<byte[], byte[]> sync,
        RedisClusterAsyncCommands<byte[], byte[]> async) {
}
