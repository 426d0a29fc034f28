package dev.polyglot.memory;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.transactional.AuditEntry;
import dev.polyglot.transactional.TableSpec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The committed state of one in-memory table: every row with its recent versions (so snapshots
 * of running transactions stay readable) and the committed audit log. Guarded by the store's lock.
 */
final class MemoryTxTable {

    /** One committed version of a row; a null document marks a delete. */
    record Version(long seq, @Nullable Map<String, @Nullable Object> document) {
    }

    /** One committed audit entry, tagged with the commit that wrote it. */
    record AuditRecord(long seq, AuditEntry.Operation operation, Instant at, Map<String, @Nullable Object> row) {
    }

    /** A row's versions, oldest first. */
    static final class Row {
        final Object id;
        final List<Version> versions = new ArrayList<>(2);

        Row(Object id) {
            this.id = id;
        }

        long latestSeq() {
            return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).seq();
        }

        @Nullable Map<String, @Nullable Object> visibleAt(long seq) {
            for (int i = versions.size() - 1; i >= 0; i--) {
                Version v = versions.get(i);
                if (v.seq() <= seq) {
                    return v.document();
                }
            }
            return null;
        }

        /** Drops versions no running snapshot can see; returns whether the row is gone for good. */
        boolean prune(long oldestSnapshot) {
            int newestVisible = -1;
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i).seq() <= oldestSnapshot) {
                    newestVisible = i;
                }
            }
            if (newestVisible > 0) {
                versions.subList(0, newestVisible).clear();
            }
            return versions.size() == 1 && versions.get(0).document() == null && versions.get(0).seq() <= oldestSnapshot;
        }
    }

    final TableSpec<?, ?> spec;
    final Map<Object, Row> rows = new HashMap<>();
    final Map<Object, List<AuditRecord>> audit = new HashMap<>();

    MemoryTxTable(TableSpec<?, ?> spec) {
        this.spec = spec;
    }

    /**
     * The key under which a model value is stored or indexed: numbers by value (so an id or unique
     * value of 1, 1L and 1.0 is the same key, as in the filter semantics), binary by content.
     */
    static @Nullable Object canonical(@Nullable Object value) {
        if (value instanceof Number n) {
            BigDecimal bd = DocumentValues.toBigDecimal(n);
            return bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes.clone());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, @Nullable Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, canonical(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value;
    }

    /** The canonical tuple of a unique key, or null when a component is null (never clashes, as in SQL). */
    static @Nullable List<@Nullable Object> uniqueTuple(List<String> key, Map<String, @Nullable Object> document) {
        List<@Nullable Object> tuple = new ArrayList<>(key.size());
        for (String column : key) {
            Object value = document.get(column);
            if (value == null) {
                return null;
            }
            tuple.add(canonical(value));
        }
        return tuple;
    }

    /** Builds an index from unique tuple to row key over the given documents. */
    static Map<List<@Nullable Object>, Object> uniqueIndex(List<String> key, Map<Object, Map<String, @Nullable Object>> documents) {
        Map<List<@Nullable Object>, Object> index = new HashMap<>();
        documents.forEach((rowKey, doc) -> {
            List<@Nullable Object> tuple = uniqueTuple(key, doc);
            if (tuple != null) {
                index.put(tuple, rowKey);
            }
        });
        return index;
    }
}
