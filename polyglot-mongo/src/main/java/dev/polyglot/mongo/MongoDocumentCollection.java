package dev.polyglot.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.polyglot.DuplicateKeyException;
import dev.polyglot.OptimisticLockException;
import dev.polyglot.codec.Codec;
import dev.polyglot.document.CollectionOptions;
import dev.polyglot.document.DocumentCollection;
import dev.polyglot.document.DocumentKeys;
import dev.polyglot.document.IndexSpec;
import dev.polyglot.document.StoredDocument;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.DocumentSorts;
import dev.polyglot.spi.DocumentUpdates;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.KeysetCursors;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/** A handle on one MongoDB collection, typed by a codec and versioned by options. */
final class MongoDocumentCollection<T> implements DocumentCollection<T> {
    private static final Bson BY_ID = Sorts.ascending(MongoQueries.ID);
    private static final Bson REVISION_ONLY = Projections.include(MongoQueries.REVISION);
    /** How many times an update is retried when the document changed between its attempt and the check. */
    private static final int UPDATE_ATTEMPTS = 3;

    private final MongoDocumentStore store;
    private final String name;
    private final Codec<T> codec;
    private final CollectionOptions options;
    private final MongoCollection<BsonDocument> documents;
    /** The same collection for inserts of encoded bytes, which the driver then copies as they are. */
    private final MongoCollection<RawBsonDocument> rawDocuments;

    MongoDocumentCollection(MongoDocumentStore store, String name, Codec<T> codec, CollectionOptions options) {
        this.store = store;
        this.name = name;
        this.codec = codec;
        this.options = options;
        this.documents = store.mongoCollection(name);
        this.rawDocuments = documents.withDocumentClass(RawBsonDocument.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String insert(T document) {
        String id = UUID.randomUUID().toString();
        insertEncoded(id, stored(id, document));
        return id;
    }

    @Override
    public void insert(String id, T document) {
        Ids.requireId(id, "document id");
        insertEncoded(id, stored(id, document));
    }

    /**
     * The stored layout {@code {_id, rev, schema, doc}} of a new document, encoded straight to BSON
     * bytes: the codec streams the record into the same buffer, so no document tree is built.
     */
    private RawBsonDocument stored(String id, T document) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        BsonBinaryWriter writer = MongoBsonWriter.writer();
        writer.writeStartDocument();
        writer.writeString(MongoQueries.ID, id);
        writer.writeInt64(MongoQueries.REVISION, 1);
        writer.writeInt32(MongoQueries.SCHEMA, options.schemaVersion());
        writer.writeName(MongoQueries.DOCUMENT);
        MongoBsonWriter.write(codec, document, writer);
        writer.writeEndDocument();
        return MongoBsonWriter.finish(writer);
    }

    private void insertEncoded(String id, RawBsonDocument stored) {
        write("insert document \"" + printable(id) + "\"", id, false, () -> rawDocuments.insertOne(stored));
    }

    @Override
    public long put(String id, T document) {
        Ids.requireId(id, "document id");
        BsonDocument encoded = encode(document);
        Bson replace = replacement(encoded);
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true)
                .returnDocument(ReturnDocument.AFTER).projection(REVISION_ONLY);
        // Two upserts of one new id can race to insert it; the loser retries and replaces.
        BsonDocument after = write("put document \"" + printable(id) + "\"", id, true,
                () -> documents.findOneAndUpdate(visible(idIs(id)), replace, upsert));
        return revision(after);
    }

    @Override
    public long put(String id, T document, long expectedRevision) {
        Ids.requireId(id, "document id");
        requireRevision(expectedRevision);
        BsonDocument encoded = encode(document);
        Bson replace = replacement(encoded);
        UpdateResult result = write("put document \"" + printable(id) + "\"", id, false,
                () -> documents.updateOne(visible(Filters.and(idIs(id), Filters.eq(MongoQueries.REVISION, expectedRevision))),
                        replace));
        if (result.getMatchedCount() == 0) {
            throw lockFailure(id, expectedRevision);
        }
        return expectedRevision + 1;
    }

    /** Replaces the document and its schema version, and counts the revision up (from 0 for an upsert). */
    private Bson replacement(BsonDocument encoded) {
        return Updates.combine(Updates.set(MongoQueries.SCHEMA, new BsonInt32(options.schemaVersion())),
                Updates.set(MongoQueries.DOCUMENT, encoded), Updates.inc(MongoQueries.REVISION, 1L));
    }

    @Override
    public Optional<T> get(String id) {
        return getDocument(id).map(StoredDocument::value);
    }

    @Override
    public Optional<StoredDocument<T>> getDocument(String id) {
        Ids.requireId(id, "document id");
        BsonDocument found = call("get document \"" + printable(id) + "\"", () -> documents.find(visible(idIs(id))).first());
        return found == null ? Optional.empty() : Optional.of(stored(found));
    }

    @Override
    public boolean delete(String id) {
        Ids.requireId(id, "document id");
        return call("delete document \"" + printable(id) + "\"",
                () -> documents.deleteOne(visible(idIs(id))).getDeletedCount() > 0);
    }

    @Override
    public List<T> find(Filter filter) {
        DocumentKeys.validate(filter);
        Bson query = MongoQueries.filter(filter);
        return call("find documents", () -> {
            List<T> out = new ArrayList<>();
            for (BsonDocument found : documents.find(visible(query)).sort(BY_ID)) {
                out.add(decode(found));
            }
            return out;
        });
    }

    @Override
    public Page<T> find(Filter filter, Sort sort, PageRequest page) {
        DocumentKeys.validate(filter);
        DocumentKeys.validate(sort);
        if (page == null) {
            throw new IllegalArgumentException("page request must not be null");
        }
        Bson query = MongoQueries.filter(filter);
        if (page.cursor() != null) {
            KeysetCursors.Position after = KeysetCursors.decode(sort, page.cursor());
            query = Filters.and(query, MongoQueries.after(sort, after));
        }
        Bson order = MongoQueries.sort(sort);
        Bson finalQuery = query;
        List<BsonDocument> found = call("find a page of documents", () -> {
            FindIterable<BsonDocument> iterable = documents.find(visible(finalQuery)).sort(order).limit(page.size() + 1);
            if (page.cursor() == null && page.offset() > 0) {
                iterable.skip((int) Math.min(page.offset(), Integer.MAX_VALUE));
            }
            return iterable.into(new ArrayList<>());
        });
        boolean more = found.size() > page.size();
        List<BsonDocument> items = more ? found.subList(0, page.size()) : found;
        List<T> values = new ArrayList<>(items.size());
        for (BsonDocument item : items) {
            values.add(decode(item));
        }
        PageRequest next = null;
        if (more) {
            if (page.offsetPaging()) {
                next = PageRequest.atOffset(page.offset() + page.size(), page.size());
            } else {
                BsonDocument last = items.get(items.size() - 1);
                next = PageRequest.after(KeysetCursors.encode(sort, DocumentSorts.sortValues(sort, storedModel(last)),
                        last.getString(MongoQueries.ID).getValue()), page.size());
            }
        }
        return new Page<>(values, next);
    }

    @Override
    public long count(Filter filter) {
        DocumentKeys.validate(filter);
        Bson query = MongoQueries.filter(filter);
        return call("count documents", () -> documents.countDocuments(visible(query)));
    }

    @Override
    public Optional<T> update(String id, Update update) {
        return update(id, update, 0, false);
    }

    @Override
    public Optional<T> update(String id, Update update, long expectedRevision) {
        return update(id, update, expectedRevision, true);
    }

    private Optional<T> update(String id, Update update, long expectedRevision, boolean compareAndSet) {
        Ids.requireId(id, "document id");
        DocumentKeys.validate(update);
        if (compareAndSet) {
            requireRevision(expectedRevision);
        }
        List<Bson> conditions = new ArrayList<>();
        conditions.add(idIs(id));
        if (compareAndSet) {
            conditions.add(Filters.eq(MongoQueries.REVISION, expectedRevision));
        }
        conditions.addAll(MongoQueries.updateGuards(update));
        Bson changes = MongoQueries.update(update);
        FindOneAndUpdateOptions returnAfter = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        String what = "update document \"" + printable(id) + "\"";
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            BsonDocument after;
            try {
                after = writeOrMismatch(what, id, false,
                        () -> documents.findOneAndUpdate(visible(Filters.and(conditions)), changes, returnAfter));
            } catch (MongoUpdateMismatch e) {
                throw explainMismatch(id, update, e);
            }
            if (after != null) {
                return Optional.of(decode(after));
            }
            // Nothing matched: the document is absent, at another revision, or a guard failed.
            BsonDocument current = call("get document \"" + printable(id) + "\"", () -> documents.find(visible(idIs(id))).first());
            if (current == null) {
                return Optional.empty();
            }
            if (compareAndSet && revision(current) != expectedRevision) {
                throw lockFailure(id, expectedRevision);
            }
            // A parent of a changed path is an array: the reference semantics say why it cannot apply.
            DocumentKeys.validate(DocumentUpdates.apply(storedModel(current), update));
        }
        throw new IllegalStateException("document \"" + printable(id) + "\" in collection \"" + name
                + "\" changed during each of " + UPDATE_ATTEMPTS + " update attempts");
    }

    /** The reference semantics' explanation of an update the server refused, or the server's own. */
    private IllegalArgumentException explainMismatch(String id, Update update, MongoUpdateMismatch e) {
        try {
            BsonDocument current = documents.find(idIs(id)).first();
            if (current != null) {
                DocumentUpdates.apply(storedModel(current), update);
            }
        } catch (IllegalArgumentException reference) {
            reference.addSuppressed(e.getCause());
            return reference;
        } catch (MongoException ignored) {
            // fall through to the server's message
        }
        return new IllegalArgumentException("cannot apply the update to document \"" + printable(id) + "\" in collection \""
                + name + "\": " + e.getCause().getMessage(), e.getCause());
    }

    @Override
    public void createIndex(IndexSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("index spec must not be null");
        }
        call("create index \"" + spec.name() + "\" on collection \"" + name + "\"", () -> {
            if (spec.isUnique()) {
                purgeExpired();
            }
            try {
                store.catalog().create(name, documents, spec);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e)) {
                    throw new DuplicateKeyException("cannot create unique index \"" + spec.name() + "\" on collection \""
                            + name + "\": existing documents share a key (" + e.getMessage() + ")", e);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Stream<StoredDocument<T>> scan() {
        store.checkOpen();
        ScanCursor cursor = new ScanCursor();
        return StreamSupport.stream(cursor, false).onClose(cursor::close);
    }

    @Override
    public String toString() {
        return "MongoDocumentCollection[" + name + ", " + codec + "]";
    }

    /** Streams the collection in id order from one server cursor, opened on first use. */
    private final class ScanCursor extends Spliterators.AbstractSpliterator<StoredDocument<T>> {
        private @Nullable MongoCursor<BsonDocument> cursor;
        private boolean closed;

        ScanCursor() {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
        }

        @Override
        public boolean tryAdvance(Consumer<? super StoredDocument<T>> action) {
            if (closed) {
                return false;
            }
            BsonDocument next = call("scan collection \"" + name + "\"", () -> {
                if (cursor == null) {
                    cursor = documents.find(visible(new BsonDocument())).sort(BY_ID).batchSize(500).iterator();
                }
                return cursor.hasNext() ? cursor.next() : null;
            });
            if (next == null) {
                close();
                return false;
            }
            action.accept(stored(next));
            return true;
        }

        void close() {
            closed = true;
            if (cursor != null) {
                cursor.close();
                cursor = null;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Bson idIs(String id) {
        return Filters.eq(MongoQueries.ID, id);
    }

    /**
     * Adds to a query the condition that hides documents a TTL index has expired: the indexed
     * instant (the earliest, for an array) must not be at or before now minus the TTL.
     */
    private Bson visible(Bson query) {
        List<IndexSpec> ttl = store.catalog().ttlIndexes(name);
        if (ttl.isEmpty()) {
            return query;
        }
        Instant now = store.clock().instant();
        List<Bson> all = new ArrayList<>(ttl.size() + 1);
        all.add(query);
        for (IndexSpec spec : ttl) {
            all.add(Filters.not(Filters.lte(MongoQueries.field(spec.paths().get(0)), cutoff(now, spec))));
        }
        return Filters.and(all);
    }

    /** Deletes what the TTL indexes have expired, so its ids and unique keys are free again. */
    private boolean purgeExpired() {
        List<IndexSpec> ttl = store.catalog().ttlIndexes(name);
        if (ttl.isEmpty()) {
            return false;
        }
        Instant now = store.clock().instant();
        List<Bson> expired = new ArrayList<>();
        for (IndexSpec spec : ttl) {
            expired.add(Filters.lte(MongoQueries.field(spec.paths().get(0)), cutoff(now, spec)));
        }
        return documents.deleteMany(expired.size() == 1 ? expired.get(0) : Filters.or(expired)).getDeletedCount() > 0;
    }

    /** The latest stored instant that has expired by now: now minus the TTL, to the millisecond. */
    private static BsonDateTime cutoff(Instant now, IndexSpec spec) {
        long millis;
        try {
            millis = now.minus(spec.ttl()).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            millis = Long.MIN_VALUE;
        }
        return new BsonDateTime(millis);
    }

    /**
     * Runs a write; a duplicate key that may belong to an expired document (or, for a put, to a
     * racing upsert of the same id) is retried once after purging what has expired.
     */
    private <R> R write(String what, String id, boolean retryAnyDuplicate, Supplier<R> work) {
        try {
            return writeOrMismatch(what, id, retryAnyDuplicate, work);
        } catch (MongoUpdateMismatch e) {
            throw new IllegalArgumentException("MongoDB refused to " + what + " in collection \"" + name + "\": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** As {@link #write}, but a refused update surfaces as {@link MongoUpdateMismatch} for the caller to explain. */
    private <R> R writeOrMismatch(String what, String id, boolean retryAnyDuplicate, Supplier<R> work) {
        return call(what, () -> {
            try {
                return attempt(work);
            } catch (MongoException e) {
                if (MongoErrors.isDuplicateKey(e) && (purgeExpired() || retryAnyDuplicate)) {
                    try {
                        return attempt(work);
                    } catch (MongoException again) {
                        throw duplicateOr(again, id);
                    }
                }
                throw duplicateOr(e, id);
            }
        });
    }

    private static <R> R attempt(Supplier<R> work) {
        try {
            return work.get();
        } catch (MongoException e) {
            if (MongoErrors.isUpdateMismatch(e)) {
                throw new MongoUpdateMismatch(e);
            }
            throw e;
        }
    }

    /** An update the server refused as not fitting the stored document, carried out of {@link #call}. */
    private static final class MongoUpdateMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MongoUpdateMismatch(MongoException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized MongoException getCause() {
            return (MongoException) super.getCause();
        }
    }

    private RuntimeException duplicateOr(MongoException e, String id) {
        if (!MongoErrors.isDuplicateKey(e)) {
            return e;
        }
        String index = MongoErrors.duplicateIndex(e);
        if (index == null || index.equals("_id_")) {
            return new DuplicateKeyException("a document with id \"" + printable(id) + "\" already exists in collection \""
                    + name + "\" (" + e.getMessage() + ")", e);
        }
        return new DuplicateKeyException("unique index \"" + index + "\" of collection \"" + name
                + "\" already holds the key of document \"" + printable(id) + "\" (" + e.getMessage() + ")", e);
    }

    private <R> R call(String what, Supplier<R> work) {
        return store.call(what + " in collection \"" + name + "\"", work);
    }

    private OptimisticLockException lockFailure(String id, long expectedRevision) {
        BsonDocument current = call("get document \"" + printable(id) + "\"",
                () -> documents.find(visible(idIs(id))).projection(REVISION_ONLY).first());
        if (current == null) {
            return new OptimisticLockException("document \"" + printable(id) + "\" in collection \"" + name
                    + "\" does not exist (expected revision " + expectedRevision + ")", null);
        }
        return new OptimisticLockException("document \"" + printable(id) + "\" in collection \"" + name + "\" is at revision "
                + revision(current) + ", not the expected " + expectedRevision, null);
    }

    private BsonDocument encode(T document) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        return MongoBsonWriter.encode(codec, document);
    }

    private Map<String, @Nullable Object> storedModel(BsonDocument stored) {
        BsonValue document = stored.get(MongoQueries.DOCUMENT);
        if (document == null || !document.isDocument()) {
            throw new IllegalArgumentException("stored record \"" + printable(String.valueOf(stored.get(MongoQueries.ID)))
                    + "\" in collection \"" + name + "\" has no \"" + MongoQueries.DOCUMENT + "\" field; was it written by Polyglot?");
        }
        return MongoBson.fromBsonDocument(document.asDocument());
    }

    private T decode(BsonDocument stored) {
        BsonValue version = stored.get(MongoQueries.SCHEMA);
        int schemaVersion = version != null && version.isNumber() ? version.asNumber().intValue() : 1;
        return codec.decode(options.upcast(storedModel(stored), schemaVersion));
    }

    private StoredDocument<T> stored(BsonDocument stored) {
        BsonValue id = stored.get(MongoQueries.ID);
        if (id == null || !id.isString()) {
            throw new IllegalArgumentException("stored record in collection \"" + name + "\" has a non-string _id " + id
                    + "; was it written by Polyglot?");
        }
        return new StoredDocument<>(id.asString().getValue(), revision(stored), decode(stored));
    }

    private static long revision(@Nullable BsonDocument stored) {
        if (stored == null) {
            throw new IllegalStateException("the server returned no document after an upsert");
        }
        BsonValue revision = stored.get(MongoQueries.REVISION);
        return revision != null && revision.isNumber() ? revision.asNumber().longValue() : 1;
    }

    private static void requireRevision(long expectedRevision) {
        if (expectedRevision < 1) {
            throw new IllegalArgumentException("expected revision must be at least 1, got " + expectedRevision);
        }
    }

    private static String printable(String s) {
        return FieldPaths.printable(s);
    }
}
