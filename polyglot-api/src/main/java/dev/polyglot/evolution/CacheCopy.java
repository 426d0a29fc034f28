package dev.polyglot.evolution;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Copies one cache namespace, each entry with the TTL it has left when it is read. */
final class CacheCopy implements PortCopy<CacheCopy.Entry> {

    /** A live entry and its remaining TTL ({@link Cache#NO_EXPIRY} for none). */
    record Entry(String key, Object value, Duration ttl) {
    }

    private final String namespace;
    private final Cache<Object> source;
    private final CacheStore targetStore;

    CacheCopy(CacheStore source, CacheStore target, String namespace) {
        this.namespace = namespace;
        this.source = source.cache(namespace, ModelCodec.INSTANCE);
        this.targetStore = target;
    }

    static String collectionKey(String namespace) {
        return "cache:" + namespace;
    }

    @Override
    public String collection() {
        return collectionKey(namespace);
    }

    @Override
    public long sourceCount() {
        return -1;
    }

    @Override
    public void prepareTarget() {
        targetStore.cache(namespace, ModelCodec.INSTANCE);
    }

    @Override
    public Reader<Entry> open(@Nullable String position, int batchSize) {
        return new Reader<>() {
            private @Nullable PageRequest request = position == null ? PageRequest.first(batchSize)
                    : PageRequest.after(position, batchSize);
            private String saved = position == null ? "" : position;

            @Override
            public List<Entry> next() {
                List<Entry> batch = new ArrayList<>();
                // A page may be empty while more follow (Redis SCAN), so read until something or the end.
                while (batch.isEmpty() && request != null) {
                    Page<String> page = source.keys(request);
                    request = page.next().orElse(null);
                    if (page.nextCursor().isPresent()) {
                        saved = page.nextCursor().get();
                    }
                    Map<String, Object> values = source.getAll(page.items());
                    for (Map.Entry<String, Object> e : values.entrySet()) {
                        // The TTL is read after the value, so the copy never outlives the original.
                        Optional<Duration> ttl = source.ttl(e.getKey());
                        ttl.ifPresent(t -> batch.add(new Entry(e.getKey(), e.getValue(), t)));
                    }
                }
                return batch;
            }

            @Override
            public String position() {
                return saved;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String key(Entry record) {
        return record.key();
    }

    @Override
    public Outcome writeAbsent(List<Entry> records) {
        Cache<Object> target = targetStore.cache(namespace, ModelCodec.INSTANCE);
        long copied = 0;
        for (Entry entry : records) {
            boolean written;
            if (entry.ttl().equals(Cache.NO_EXPIRY)) {
                // No put-if-absent without a TTL in the port; the key lock makes check-then-put safe in this JVM.
                written = target.get(entry.key()).isEmpty();
                if (written) {
                    target.put(entry.key(), entry.value());
                }
            } else {
                written = target.putIfAbsent(entry.key(), entry.value(), entry.ttl());
            }
            if (written) {
                copied++;
            }
        }
        return new Outcome(copied, records.size() - copied, 0);
    }
}
