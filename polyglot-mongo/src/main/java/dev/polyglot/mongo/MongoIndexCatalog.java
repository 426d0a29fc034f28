package dev.polyglot.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import dev.polyglot.StoreConfigurationException;
import dev.polyglot.document.IndexSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * The indexes the store created, with their exact options: MongoDB keeps a TTL in whole seconds
 * and only purges once a minute, so the exact TTL is kept here and every read hides what it has
 * expired. One catalog document per index, {@code {_id: "collection/index", collection, paths,
 * unique, ttlMillis}}; the TTL indexes of each collection are cached and re-read at most once a
 * second, so an index created by another process applies here within a second.
 */
final class MongoIndexCatalog {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Cached(List<IndexSpec> ttlIndexes, long loadedAt) {
    }

    private final MongoDocumentStore store;
    private final MongoCollection<BsonDocument> catalog;
    private final ConcurrentHashMap<String, Cached> ttlByCollection = new ConcurrentHashMap<>();

    MongoIndexCatalog(MongoDocumentStore store, MongoCollection<BsonDocument> catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The TTL indexes of a collection (driver exceptions propagate to the caller's translation). */
    List<IndexSpec> ttlIndexes(String collection) {
        Cached cached = ttlByCollection.get(collection);
        long now = System.nanoTime();
        if (cached != null && now - cached.loadedAt() < REFRESH_NANOS) {
            return cached.ttlIndexes();
        }
        List<IndexSpec> ttl = new ArrayList<>();
        for (BsonDocument entry : catalog.find(Filters.and(Filters.eq("collection", collection),
                Filters.type("ttlMillis", org.bson.BsonType.INT64)))) {
            ttl.add(spec(entry));
        }
        List<IndexSpec> loaded = List.copyOf(ttl);
        ttlByCollection.put(collection, new Cached(loaded, now));
        return loaded;
    }

    /**
     * Creates an index: the server index first (named {@link IndexSpec#name()}), then its catalog
     * entry; an existing entry with the same options makes this a no-op.
     */
    void create(String collection, MongoCollection<BsonDocument> documents, IndexSpec spec) {
        String key = collection + "/" + spec.name();
        BsonDocument existing = catalog.find(Filters.eq("_id", key)).first();
        if (existing != null) {
            IndexSpec known = spec(existing);
            if (!sameOptions(known, spec)) {
                throw new StoreConfigurationException("collection \"" + collection + "\" already has index \"" + spec.name()
                        + "\" with other options (" + describe(known) + ", requested " + describe(spec) + ")", null);
            }
        }
        List<String> fields = new ArrayList<>();
        for (String path : spec.paths()) {
            fields.add(MongoQueries.field(path));
        }
        IndexOptions options = new IndexOptions().name(spec.name()).unique(spec.isUnique());
        if (spec.isTtl()) {
            options.expireAfter(wholeSecondsUp(spec.ttl()), TimeUnit.SECONDS);
        }
        Bson keys = Indexes.ascending(fields);
        documents.createIndex(keys, options);
        BsonArray paths = new BsonArray();
        spec.paths().forEach(p -> paths.add(new BsonString(p)));
        BsonValue ttl = spec.isTtl() ? new BsonInt64(spec.ttl().toMillis()) : BsonNull.VALUE;
        BsonDocument entry = new BsonDocument("_id", new BsonString(key))
                .append("collection", new BsonString(collection))
                .append("paths", paths)
                .append("unique", BsonBoolean.valueOf(spec.isUnique()))
                .append("ttlMillis", ttl);
        catalog.replaceOne(Filters.eq("_id", key), entry, new ReplaceOptions().upsert(true));
        if (spec.isTtl()) {
            ttlByCollection.remove(collection);
        }
    }

    /** Drops the catalog entries of a dropped collection. */
    void forget(String collection) {
        catalog.deleteMany(Filters.eq("collection", collection));
        ttlByCollection.remove(collection);
    }

    /**
     * MongoDB's TTL monitor works in whole seconds; rounding up means it never deletes a document
     * that is still alive, and the read filter hides it in between.
     */
    private static long wholeSecondsUp(Duration ttl) {
        long seconds = ttl.getSeconds();
        return ttl.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static IndexSpec spec(BsonDocument entry) {
        List<String> paths = new ArrayList<>();
        for (BsonValue p : entry.getArray("paths")) {
            paths.add(p.asString().getValue());
        }
        BsonValue ttl = entry.get("ttlMillis");
        Duration duration = ttl != null && ttl.isNumber() ? Duration.ofMillis(ttl.asNumber().longValue()) : null;
        return new IndexSpec(paths, entry.getBoolean("unique", BsonBoolean.FALSE).getValue(), duration);
    }

    /** Equal up to the millisecond of the TTL, the precision the catalog keeps. */
    private static boolean sameOptions(IndexSpec a, IndexSpec b) {
        return a.paths().equals(b.paths()) && a.isUnique() == b.isUnique()
                && (a.isTtl() ? b.isTtl() && a.ttl().toMillis() == b.ttl().toMillis() : !b.isTtl());
    }

    private static String describe(IndexSpec spec) {
        return (spec.isUnique() ? "unique" : "not unique") + (spec.isTtl() ? ", TTL " + spec.ttl() : "");
    }

    @Override
    public String toString() {
        return "MongoIndexCatalog[" + store + "]";
    }
}
