package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.cache.Cache;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("On a three-master Redis Cluster")
class RedisClusterTest {
    private static final Duration TTL = Duration.ofMinutes(1);

    @Test
    @DisplayName("getAll and putAll of keys on every master work in one call each, with the TTL on every key")
    @SuppressWarnings("unchecked") // the store's connection has byte[] keys and values
    void multiKeyAcrossSlots() {
        try (RedisCacheStore store = RedisCacheStore.connect(RedisTestCluster.uri() + "&hashTags=false")) {
            Cache<Integer> cache = store.cache("spread", Integer.class);
            Map<String, Integer> entries = new LinkedHashMap<>();
            for (int i = 0; i < 300; i++) {
                entries.put("key-" + i, i);
            }
            StatefulRedisClusterConnection<byte[], byte[]> connection = store.unwrap(StatefulRedisClusterConnection.class);
            Partitions partitions = connection.getPartitions();
            Set<String> masters = new HashSet<>();
            Set<Integer> slots = new HashSet<>();
            byte[] prefix = store.keys().cachePrefix("spread");
            for (String key : entries.keySet()) {
                int slot = SlotHash.getSlot(RedisKeys.join(prefix, key));
                slots.add(slot);
                masters.add(partitions.getMasterBySlot(slot).getNodeId());
            }
            assertThat(masters).hasSize(3);
            assertThat(slots.size()).isGreaterThan(250);

            cache.putAll(entries, TTL);
            List<String> asked = new java.util.ArrayList<>(entries.keySet());
            asked.add(1, "missing");
            assertThat(cache.getAll(asked)).isEqualTo(entries);
            for (String key : entries.keySet()) {
                assertThat(cache.ttl(key)).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(TTL));
            }
        }
    }

    @Test
    @DisplayName("with hash tags, each namespace lives in one slot and different namespaces use different masters")
    @SuppressWarnings("unchecked") // the store's connection has byte[] keys and values
    void namespacesSpreadOverMasters() {
        try (RedisCacheStore store = RedisCacheStore.connect(RedisTestCluster.uri())) {
            StatefulRedisClusterConnection<byte[], byte[]> connection = store.unwrap(StatefulRedisClusterConnection.class);
            Set<String> masters = new HashSet<>();
            for (int n = 0; n < 30; n++) {
                String namespace = "ns" + n;
                Cache<String> cache = store.cache(namespace, String.class);
                Map<String, String> entries = Map.of("a", "1", "b", "2", "{x}", "3");
                cache.putAll(entries, TTL);
                assertThat(cache.getAll(entries.keySet())).isEqualTo(entries);
                Set<Integer> slots = new HashSet<>();
                for (String key : entries.keySet()) {
                    slots.add(SlotHash.getSlot(RedisKeys.join(store.keys().cachePrefix(namespace), key)));
                }
                assertThat(slots).hasSize(1);
                masters.add(connection.getPartitions().getMasterBySlot(slots.iterator().next()).getNodeId());
            }
            assertThat(masters).hasSize(3);
        }
    }
}
