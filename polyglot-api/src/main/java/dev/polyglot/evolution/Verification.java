package dev.polyglot.evolution;

import dev.polyglot.cache.Cache;
import dev.polyglot.cache.CacheStore;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentStore;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.spi.Ids;
import dev.polyglot.transactional.TableSpec;
import dev.polyglot.transactional.TransactionalStore;
import dev.polyglot.vector.Metric;
import dev.polyglot.vector.VectorCollection;
import dev.polyglot.vector.VectorRecord;
import dev.polyglot.vector.VectorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares one collection in two stores after a {@link Migration}: counts, and a checksum of every
 * record over its canonical form in the document model (the form the codecs produce and every
 * adapter stores), computed on both sides.
 *
 * <p>Tables, document and vector collections are compared by walking both sides in id order at
 * once (a merge), so memory stays constant; caches, whose key order differs between adapters, are
 * walked once per side, looking each page of keys up on the other side. What is compared:
 * <ul>
 *   <li>table rows: every column except the version and created/updated columns, which the target
 *       store sets itself;
 *   <li>documents: the document at the collection's current schema version (revisions are each
 *       store's own);
 *   <li>cache entries: the value as JSON would carry it, and the expiry: both without, or both with
 *       remaining TTLs within a tolerance (5 seconds by default) — time passes between the reads;
 *   <li>vector records: id, the exact float components and the metadata.
 * </ul>
 *
 * <p>Run it when writes have settled (in {@code VERIFY}); a write between the two sides' reads shows
 * up as a difference that the next run no longer reports. Each run logs its summary at INFO
 * (logger {@code dev.polyglot.evolution.Verification}).
 */
public final class Verification {
    private static final Logger LOG = LoggerFactory.getLogger(Verification.class);

    /** The most ids each list of a {@link VerificationReport} holds. */
    public static final int LISTED_IDS = 1000;

    /** The default tolerance between two remaining TTLs of one cache entry. */
    public static final Duration DEFAULT_TTL_TOLERANCE = Duration.ofSeconds(5);

    private static final int PAGE = 500;

    private Verification() {
    }

    /**
     * Compares one table.
     *
     * @param source the old store
     * @param target the new store
     * @param spec the table
     * @param <T> the row type
     * @param <ID> the id type
     * @return the report
     * @throws IllegalArgumentException for a null argument
     */
    public static <T, ID> VerificationReport table(TransactionalStore source, TransactionalStore target,
            TableSpec<T, ID> spec) {
        requireStores(source, target);
        if (spec == null) {
            throw new IllegalArgumentException("table spec must not be null");
        }
        return merge(TableCopy.collectionKey(spec), new TableSide<>(source, spec), new TableSide<>(target, spec));
    }

    /**
     * Compares one document collection without schema versioning.
     *
     * @param source the old store
     * @param target the new store
     * @param collection the collection name
     * @return the report
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public static VerificationReport documents(DocumentStore source, DocumentStore target, String collection) {
        return documents(source, target, collection, CollectionOptions.defaults());
    }

    /**
     * Compares one document collection, reading both sides through the same options.
     *
     * @param source the old store
     * @param target the new store
     * @param collection the collection name
     * @param options schema version and upcasters
     * @return the report
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public static VerificationReport documents(DocumentStore source, DocumentStore target, String collection,
            CollectionOptions options) {
        requireStores(source, target);
        Ids.requireName(collection, "collection name");
        if (options == null) {
            throw new IllegalArgumentException("collection options must not be null");
        }
        return merge(DocumentCopy.collectionKey(collection), documentSide(source.collection(collection, options)),
                documentSide(target.collection(collection, options)));
    }

    /**
     * Compares one vector collection (opening it on both sides with the given settings).
     *
     * @param source the old store
     * @param target the new store
     * @param collection the collection name
     * @param dimensions its dimensions
     * @param metric its metric
     * @return the report
     * @throws IllegalArgumentException for a null argument, a bad name or bad dimensions
     */
    public static VerificationReport vectors(VectorStore source, VectorStore target, String collection, int dimensions,
            Metric metric) {
        requireStores(source, target);
        return merge(VectorCopy.collectionKey(collection), vectorSide(source.collection(collection, dimensions, metric)),
                vectorSide(target.collection(collection, dimensions, metric)));
    }

    /**
     * Compares one cache namespace with the default TTL tolerance.
     *
     * @param source the old store
     * @param target the new store
     * @param namespace the namespace
     * @return the report
     * @throws IllegalArgumentException for a null argument or a bad name
     */
    public static VerificationReport cache(CacheStore source, CacheStore target, String namespace) {
        return cache(source, target, namespace, DEFAULT_TTL_TOLERANCE);
    }

    /**
     * Compares one cache namespace.
     *
     * @param source the old store
     * @param target the new store
     * @param namespace the namespace
     * @param ttlTolerance how far two remaining TTLs of one entry may be apart
     * @return the report
     * @throws IllegalArgumentException for a null argument, a bad name or a negative tolerance
     */
    public static VerificationReport cache(CacheStore source, CacheStore target, String namespace,
            Duration ttlTolerance) {
        requireStores(source, target);
        Ids.requireName(namespace, "cache namespace");
        if (ttlTolerance == null || ttlTolerance.isNegative()) {
            throw new IllegalArgumentException("TTL tolerance must not be negative, got " + ttlTolerance);
        }
        Cache<Object> from = source.cache(namespace, ModelCodec.INSTANCE);
        Cache<Object> to = target.cache(namespace, ModelCodec.INSTANCE);
        Tally tally = new Tally(CacheCopy.collectionKey(namespace));
        // Pass 1: every source key, looked up in the target.
        PageRequest request = PageRequest.first(PAGE);
        while (request != null) {
            Page<String> page = from.keys(request);
            Map<String, Object> mine = from.getAll(page.items());
            Map<String, Object> theirs = to.getAll(page.items());
            for (Map.Entry<String, Object> e : mine.entrySet()) {
                String key = e.getKey();
                Optional<Duration> myTtl = from.ttl(key);
                if (myTtl.isEmpty()) {
                    continue; // expired between the two reads
                }
                tally.sourceCount++;
                Object other = theirs.get(key);
                Optional<Duration> otherTtl = other == null ? Optional.empty() : to.ttl(key);
                if (other == null || otherTtl.isEmpty()) {
                    tally.missing(key);
                } else if (!RecordChecksum.of(ModelCodec.INSTANCE.canonical(e.getValue()))
                        .equals(RecordChecksum.of(ModelCodec.INSTANCE.canonical(other)))
                        || !ttlsAgree(myTtl.get(), otherTtl.get(), ttlTolerance)) {
                    tally.different(key);
                }
            }
            request = page.next().orElse(null);
        }
        // Pass 2: every target key, to count the target and find the extra ones.
        request = PageRequest.first(PAGE);
        while (request != null) {
            Page<String> page = to.keys(request);
            Map<String, Object> mine = from.getAll(page.items());
            for (String key : to.getAll(page.items()).keySet()) {
                tally.targetCount++;
                if (!mine.containsKey(key)) {
                    tally.extra(key);
                }
            }
            request = page.next().orElse(null);
        }
        return tally.report();
    }

    private static boolean ttlsAgree(Duration a, Duration b, Duration tolerance) {
        boolean aNever = a.equals(Cache.NO_EXPIRY);
        boolean bNever = b.equals(Cache.NO_EXPIRY);
        if (aNever || bNever) {
            return aNever == bNever;
        }
        return a.minus(b).abs().compareTo(tolerance) <= 0;
    }

    private static void requireStores(@Nullable Object source, @Nullable Object target) {
        if (source == null || target == null) {
            throw new IllegalArgumentException("source and target stores must not be null");
        }
    }

    // ------------------------------------------------------------------ the merge

    /** One record as a side presents it: its id in the model, the id's text and its checksum. */
    private record Item(Object id, String idText, String checksum) {
    }

    /** One side's records in ascending id order. */
    private interface Side extends AutoCloseable {
        @Nullable Item next();

        @Override
        void close();
    }

    private static final class Tally {
        final String collection;
        long sourceCount;
        long targetCount;
        long missingCount;
        long extraCount;
        long differentCount;
        final List<String> missing = new ArrayList<>();
        final List<String> extra = new ArrayList<>();
        final List<String> different = new ArrayList<>();

        Tally(String collection) {
            this.collection = collection;
        }

        void missing(String id) {
            missingCount++;
            if (missing.size() < LISTED_IDS) {
                missing.add(id);
            }
        }

        void extra(String id) {
            extraCount++;
            if (extra.size() < LISTED_IDS) {
                extra.add(id);
            }
        }

        void different(String id) {
            differentCount++;
            if (different.size() < LISTED_IDS) {
                different.add(id);
            }
        }

        VerificationReport report() {
            VerificationReport report = new VerificationReport(collection, sourceCount, targetCount, missingCount,
                    extraCount, differentCount, missing, extra, different);
            if (report.clean()) {
                LOG.info("verification {}", report.summary());
            } else {
                LOG.warn("verification {}; first ids: missing {}, extra {}, different {}", report.summary(),
                        head(missing), head(extra), head(different));
            }
            return report;
        }

        private static List<String> head(List<String> ids) {
            return ids.subList(0, Math.min(10, ids.size()));
        }
    }

    private static VerificationReport merge(String collection, Side source, Side target) {
        Tally tally = new Tally(collection);
        try (source; target) {
            Ordered from = new Ordered(source, collection, "source");
            Ordered to = new Ordered(target, collection, "target");
            Item a = from.next();
            Item b = to.next();
            while (a != null || b != null) {
                int c = a == null ? 1 : b == null ? -1 : DocumentValues.compare(a.id(), b.id());
                if (c < 0) {
                    tally.sourceCount++;
                    tally.missing(a.idText());
                    a = from.next();
                } else if (c > 0) {
                    tally.targetCount++;
                    tally.extra(b.idText());
                    b = to.next();
                } else {
                    tally.sourceCount++;
                    tally.targetCount++;
                    if (!a.checksum().equals(b.checksum())) {
                        tally.different(a.idText());
                    }
                    a = from.next();
                    b = to.next();
                }
            }
        }
        return tally.report();
    }

    /** Checks that a side really is in ascending id order, which the merge relies on. */
    private static final class Ordered {
        private final Side side;
        private final String collection;
        private final String which;
        private @Nullable Object last;

        Ordered(Side side, String collection, String which) {
            this.side = side;
            this.collection = collection;
            this.which = which;
        }

        @Nullable Item next() {
            Item item = side.next();
            if (item != null) {
                if (last != null && DocumentValues.compare(last, item.id()) >= 0) {
                    throw new IllegalStateException("the " + which + " store listed " + collection + " out of id order ("
                            + item.idText() + " after " + last + "); its adapter breaks the port's ordering contract");
                }
                last = item.id();
            }
            return item;
        }
    }

    private static Side documentSide(DocumentCollection<Map<String, @Nullable Object>> collection) {
        Stream<StoredDocument<Map<String, @Nullable Object>>> stream = collection.scan();
        Iterator<StoredDocument<Map<String, @Nullable Object>>> documents = stream.iterator();
        return new Side() {
            @Override
            public @Nullable Item next() {
                if (!documents.hasNext()) {
                    return null;
                }
                StoredDocument<Map<String, @Nullable Object>> d = documents.next();
                return new Item(d.id(), d.id(), RecordChecksum.of(d.value()));
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    private static Side vectorSide(VectorCollection collection) {
        Stream<VectorRecord> stream = collection.scan();
        Iterator<VectorRecord> records = stream.iterator();
        return new Side() {
            @Override
            public @Nullable Item next() {
                if (!records.hasNext()) {
                    return null;
                }
                VectorRecord r = records.next();
                return new Item(r.id(), r.id(), RecordChecksum.ofVector(r.id(), r.vector(), r.metadata()));
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    /** A table read by keyset pages, each in its own transaction. */
    private static final class TableSide<T, ID> implements Side {
        private final TransactionalStore store;
        private final TableSpec<T, ID> spec;
        private final List<String> managed = new ArrayList<>();
        private @Nullable Iterator<T> page;
        private @Nullable PageRequest nextPage = PageRequest.first(PAGE);

        TableSide(TransactionalStore store, TableSpec<T, ID> spec) {
            this.store = store;
            this.spec = spec;
            spec.versionColumn().ifPresent(managed::add);
            spec.createdAtColumn().ifPresent(managed::add);
            spec.updatedAtColumn().ifPresent(managed::add);
        }

        @Override
        public @Nullable Item next() {
            while (page == null || !page.hasNext()) {
                PageRequest request = nextPage;
                if (request == null) {
                    return null;
                }
                Page<T> rows = store.inTransaction(tx -> tx.table(spec).query(Filter.all(), Sort.asc(spec.idColumn()),
                        request));
                nextPage = rows.next().orElse(null);
                page = rows.items().iterator();
            }
            Map<String, @Nullable Object> document = spec.toDocument(page.next());
            Object id = spec.idValue(spec.idOf(document));
            managed.forEach(document::remove);
            return new Item(id, TableCopy.keyText(id), RecordChecksum.of(document));
        }

        @Override
        public void close() {
        }
    }
}
