package dev.polyglot.evolution;

import dev.polyglot.DuplicateKeyException;
import dev.polyglot.query.Filter;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.transactional.Table;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one table by keyset pages in id order, each page read in its own short transaction.
 * Version and created/updated columns are the target store's to set: copied rows start at
 * version 1 with the copy's timestamps.
 */
final class TableCopy<T, ID> implements PortCopy<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Migration.class);

    private final TableSpec<T, ID> spec;
    private final TransactionalStore source;
    private final TransactionalStore target;
    private final boolean createTables;

    TableCopy(TransactionalStore source, TransactionalStore target, TableSpec<T, ID> spec, boolean createTables) {
        this.spec = spec;
        this.source = source;
        this.target = target;
        this.createTables = createTables;
    }

    static String collectionKey(TableSpec<?, ?> spec) {
        return "table:" + spec.table();
    }

    /** The text form of an id, as checkpoints and locks name it. */
    static String keyText(Object id) {
        return id.toString();
    }

    /** Rejects id types the text form of checkpoints cannot carry. */
    static void requireSupportedId(TableSpec<?, ?> spec) {
        Class<?> type = spec.idType();
        if (type != String.class && type != Long.class && type != Integer.class && type != UUID.class) {
            throw new IllegalArgumentException("table " + spec.table() + " has ids of type " + type.getName()
                    + "; migrations support String, Integer, Long and UUID ids");
        }
    }

    /** Parses the text form of an id back into the spec's id type. */
    static <ID> ID parseId(TableSpec<?, ID> spec, String text) {
        Class<ID> type = spec.idType();
        try {
            Object id = type == String.class ? text
                    : type == Long.class ? (Object) Long.valueOf(text)
                    : type == Integer.class ? (Object) Integer.valueOf(text)
                    : type == UUID.class ? (Object) UUID.fromString(text)
                    : null;
            if (id == null) {
                throw new IllegalArgumentException("table " + spec.table() + " has ids of type " + type.getName()
                        + "; migrations support String, Integer, Long and UUID ids");
            }
            return type.cast(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an id of table " + spec.table(), e);
        }
    }

    @Override
    public String collection() {
        return collectionKey(spec);
    }

    @Override
    public long sourceCount() {
        return source.inTransaction(tx -> tx.table(spec).count(Filter.all()));
    }

    @Override
    public void prepareTarget() {
        if (createTables) {
            target.createTables(spec);
        } else {
            target.validateSchema(spec);
        }
    }

    @Override
    public Reader<T> open(@Nullable String position, int batchSize) {
        String idColumn = spec.idColumn();
        return new Reader<>() {
            private @Nullable ID after = position == null ? null : parseId(spec, position);
            private boolean done;

            @Override
            public List<T> next() {
                if (done) {
                    return List.of();
                }
                ID from = after;
                List<T> rows = source.inTransaction(tx -> tx.table(spec).query(
                        from == null ? Filter.all() : Filter.gt(idColumn, spec.idValue(from)),
                        Sort.asc(idColumn), PageRequest.first(batchSize)).items());
                if (rows.isEmpty()) {
                    done = true;
                } else {
                    after = idOf(rows.get(rows.size() - 1));
                }
                return rows;
            }

            @Override
            public String position() {
                ID last = after;
                return last == null ? "" : keyText(last);
            }

            @Override
            public void close() {
            }
        };
    }

    private ID idOf(T row) {
        return spec.idOf(spec.toDocument(row));
    }

    @Override
    public String key(T record) {
        return keyText(idOf(record));
    }

    @Override
    public Outcome writeAbsent(List<T> rows) {
        if (rows.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        String idColumn = spec.idColumn();
        List<Object> ids = new ArrayList<>(rows.size());
        for (T row : rows) {
            ids.add(spec.idValue(idOf(row)));
        }
        try {
            return target.inTransaction(tx -> {
                Table<T, ID> table = tx.table(spec);
                Set<String> present = new HashSet<>();
                for (T existing : table.query(Filter.in(idColumn, ids))) {
                    present.add(key(existing));
                }
                List<T> absent = new ArrayList<>(rows.size());
                for (T row : rows) {
                    if (!present.contains(key(row))) {
                        absent.add(row);
                    }
                }
                if (!absent.isEmpty()) {
                    table.insertAll(absent);
                }
                return new Outcome(absent.size(), present.size(), 0);
            });
        } catch (DuplicateKeyException clash) {
            // A unique key clashed somewhere in the batch: find the rows row by row.
            return writeOneByOne(rows);
        }
    }

    private Outcome writeOneByOne(List<T> rows) {
        long copied = 0;
        long present = 0;
        long failed = 0;
        for (T row : rows) {
            ID id = idOf(row);
            try {
                boolean inserted = target.inTransaction(tx -> {
                    Table<T, ID> table = tx.table(spec);
                    if (table.find(id).isPresent()) {
                        return false;
                    }
                    table.insert(row);
                    return true;
                });
                if (inserted) {
                    copied++;
                } else {
                    present++;
                }
            } catch (DuplicateKeyException e) {
                failed++;
                LOG.warn("row {} of table {} was not copied: {}", id, spec.table(), e.getMessage());
            }
        }
        return new Outcome(copied, present, failed);
    }
}
