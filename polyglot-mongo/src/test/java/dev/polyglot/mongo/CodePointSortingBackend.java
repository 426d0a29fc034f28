package dev.polyglot.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * mongo-java-server's in-memory backend with one deviation from MongoDB corrected: it sorts
 * strings by UTF-16 code unit ({@code String.compareTo}), where MongoDB compares the UTF-8 bytes,
 * which is code point order (the two differ when a character above U+FFFF meets one in
 * U+E000..U+FFFF). Only the order of sorted queries is corrected; comparison filters
 * ({@code $gt}, {@code $lt}) on such strings keep mongo-java-server's order, a difference the
 * README lists. The adapter sends the same commands either way.
 */
final class CodePointSortingBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {
        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class Collection extends MemoryCollection {
        Collection(MemoryDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Stream<Document> documents, Document query, Document orderBy,
                int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            if (orderBy == null || orderBy.isEmpty() || orderBy.containsKey("$natural")) {
                return super.matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            return matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize, comparator(orderBy), fieldSelector);
        }
    }

    private static Comparator<Document> comparator(Document orderBy) {
        return (a, b) -> {
            for (Map.Entry<String, Object> key : orderBy.entrySet()) {
                boolean ascending = ((Number) key.getValue()).intValue() > 0;
                Object x = Utils.getSubdocumentValueCollectionAware(a, key.getKey());
                Object y = Utils.getSubdocumentValueCollectionAware(b, key.getKey());
                int c;
                if (x instanceof String s && y instanceof String t) {
                    c = ascending ? compareCodePoints(s, t) : compareCodePoints(t, s);
                } else {
                    c = (ascending ? ValueComparator.asc() : ValueComparator.desc()).compare(x, y);
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
