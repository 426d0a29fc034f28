package dev.polyglot.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Filter;
import dev.polyglot.query.Sort;
import dev.polyglot.query.Update;
import dev.polyglot.spi.FieldPaths;
import dev.polyglot.spi.KeysetCursors;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Translates the portable query model into MongoDB queries with the driver's builders. Field
 * paths are validated before they get here and prefixed with the field that holds the document;
 * every value goes in as a {@link BsonValue}, so no user string is ever read as an operator.
 */
final class MongoQueries {
    /** The stored layout: {@code {_id: id, rev: revision, schema: version, doc: document}}. */
    static final String ID = "_id";
    static final String REVISION = "rev";
    static final String SCHEMA = "schema";
    static final String DOCUMENT = "doc";
    private static final String PREFIX = DOCUMENT + ".";

    /** The filter that matches no document ({@code Filter.or()}). */
    private static final Bson NOTHING = Filters.in(ID, List.of());
    private static final Bson EVERYTHING = new BsonDocument();

    /**
     * The BSON types in MongoDB's sort order, grouped in the brackets its comparisons stay within
     * (numbers are one bracket; binary data and UUIDs are one BSON type).
     */
    private static final List<List<BsonType>> BRACKETS = List.of(
            List.of(BsonType.NULL),
            List.of(BsonType.INT32, BsonType.INT64, BsonType.DOUBLE, BsonType.DECIMAL128),
            List.of(BsonType.STRING),
            List.of(BsonType.DOCUMENT),
            List.of(BsonType.ARRAY),
            List.of(BsonType.BINARY),
            List.of(BsonType.BOOLEAN),
            List.of(BsonType.DATE_TIME));

    private MongoQueries() {
    }

    /** The stored field of a document path. */
    static String field(String path) {
        return PREFIX + FieldPaths.validate(path);
    }

    /** Translates a portable filter; {@code Filter.all()} becomes the empty query. */
    static Bson filter(Filter filter) {
        if (filter instanceof Filter.And and) {
            if (and.filters().isEmpty()) {
                return EVERYTHING;
            }
            return and.filters().size() == 1 ? filter(and.filters().get(0)) : Filters.and(translateAll(and.filters()));
        }
        if (filter instanceof Filter.Or or) {
            if (or.filters().isEmpty()) {
                return NOTHING;
            }
            return or.filters().size() == 1 ? filter(or.filters().get(0)) : Filters.or(translateAll(or.filters()));
        }
        if (filter instanceof Filter.Not not) {
            // $not applies to one field's operator; the negation of a whole expression is $nor.
            return Filters.nor(filter(not.filter()));
        }
        if (filter instanceof Filter.Eq f) {
            return orMissing(f.path(), f.value() == null, eq(field(f.path()), MongoBson.toBson(f.value())));
        }
        if (filter instanceof Filter.Ne f) {
            return notMissing(f.path(), f.value() == null, Filters.ne(field(f.path()), MongoBson.toBson(f.value())));
        }
        if (filter instanceof Filter.Gt f) {
            return Filters.gt(field(f.path()), MongoBson.toBson(f.value()));
        }
        if (filter instanceof Filter.Gte f) {
            return Filters.gte(field(f.path()), MongoBson.toBson(f.value()));
        }
        if (filter instanceof Filter.Lt f) {
            return Filters.lt(field(f.path()), MongoBson.toBson(f.value()));
        }
        if (filter instanceof Filter.Lte f) {
            return Filters.lte(field(f.path()), MongoBson.toBson(f.value()));
        }
        if (filter instanceof Filter.In f) {
            return orMissing(f.path(), f.values().contains(null), Filters.in(field(f.path()), values(f.values())));
        }
        if (filter instanceof Filter.Nin f) {
            return notMissing(f.path(), f.values().contains(null), Filters.nin(field(f.path()), values(f.values())));
        }
        if (filter instanceof Filter.Exists f) {
            return exists(f.path(), f.exists());
        }
        if (filter instanceof Filter.Contains f) {
            return holds(field(f.path()), f.value());
        }
        if (filter instanceof Filter.ContainsAll f) {
            // Not $all: {$all: [x]} also matches a field that is x itself, not an array.
            List<Bson> each = new ArrayList<>();
            for (Object value : f.values()) {
                each.add(holds(field(f.path()), value));
            }
            return each.size() == 1 ? each.get(0) : Filters.and(each);
        }
        if (filter instanceof Filter.StartsWith f) {
            // $regex only matches strings on MongoDB; the $type makes servers that also match the
            // text form of other values (mongo-java-server) agree, and changes nothing on MongoDB.
            String field = field(f.path());
            return Filters.and(Filters.regex(field, "^" + literalRegex(f.prefix())), Filters.type(field, BsonType.STRING));
        }
        throw new IllegalArgumentException("unknown filter " + filter);
    }

    /**
     * Equality: {@code {f: v}} for a scalar, the explicit {@code {f: {$eq: v}}} for a document or
     * array (such as a sort value decoded from a crafted page cursor), which the implicit form
     * would read as operators. Servers plan the implicit form at least as well.
     */
    static Bson eq(String field, BsonValue value) {
        if (value.isDocument() || value.isArray()) {
            return new BsonDocument(field, new BsonDocument("$eq", value));
        }
        return new BsonDocument(field, value);
    }

    /**
     * {@code $exists} on a path. When the path's first segment holds an empty array the path
     * reaches nothing, so the field does not exist: MongoDB already says so, and the extra
     * {@code $size: 0} condition (exact, because nothing lies above a top-level field) makes
     * servers that treat the empty array differently (mongo-java-server) agree.
     */
    private static Bson exists(String path, boolean exists) {
        Bson query = Filters.exists(field(path), exists);
        return exists ? notMissing(path, true, query) : orMissing(path, true, query);
    }

    /**
     * A condition that must also hold where the path reaches nothing because its first segment is
     * an empty array (null equality, {@code exists false}); see {@link #exists}.
     */
    private static Bson orMissing(String path, boolean matchesMissing, Bson query) {
        int dot = path.indexOf('.');
        if (!matchesMissing || dot < 0) {
            return query;
        }
        return Filters.or(query, Filters.size(field(path.substring(0, dot)), 0));
    }

    /** The negated form of {@link #orMissing}: the condition must not hold there. */
    private static Bson notMissing(String path, boolean missingExcluded, Bson query) {
        int dot = path.indexOf('.');
        if (!missingExcluded || dot < 0) {
            return query;
        }
        return Filters.and(query, Filters.nor(Filters.size(field(path.substring(0, dot)), 0)));
    }

    /** An array field holding an element equal to the value: {@code {f: {$elemMatch: {$eq: v}}}}. */
    private static Bson holds(String field, @Nullable Object value) {
        return Filters.elemMatch(field, new BsonDocument("$eq", MongoBson.toBson(value)));
    }

    private static List<Bson> translateAll(List<Filter> filters) {
        List<Bson> out = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            out.add(filter(f));
        }
        return out;
    }

    private static List<BsonValue> values(List<@Nullable Object> values) {
        List<BsonValue> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(MongoBson.toBson(v));
        }
        return out;
    }

    /**
     * Escapes a string so a regular expression matches it literally, in both PCRE (MongoDB) and
     * java.util.regex: every ASCII character other than a letter or digit is escaped with a
     * backslash, and control characters (NUL among them, which a BSON regex cannot hold) as
     * {@code \xhh}.
     */
    static String literalRegex(String text) {
        StringBuilder sb = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (c < 0x80 && !Character.isLetterOrDigit(c) && c != ' ') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The server-side order of a portable sort, with the id as the last, ascending key. */
    static Bson sort(Sort sort) {
        List<Bson> keys = new ArrayList<>();
        for (Sort.Order order : sort.orders()) {
            keys.add(order.direction() == Sort.Direction.ASC ? Sorts.ascending(field(order.path()))
                    : Sorts.descending(field(order.path())));
        }
        keys.add(Sorts.ascending(ID));
        return Sorts.orderBy(keys);
    }

    /**
     * The documents after a keyset position in the server's order: for sort keys k1..kn and the
     * id, {@code k1 after v1, or k1 = v1 and k2 after v2, ..., or all equal and _id > id}. "After"
     * spans type brackets, because MongoDB's comparison operators never do: after the number 5
     * ascending come the numbers above 5 and every string, document, ... in sort order.
     */
    static Bson after(Sort sort, KeysetCursors.Position position) {
        List<Bson> alternatives = new ArrayList<>();
        List<Bson> equalSoFar = new ArrayList<>();
        for (int i = 0; i < sort.orders().size(); i++) {
            Sort.Order order = sort.orders().get(i);
            String field = field(order.path());
            Object value = position.sortValues().get(i);
            Bson beyond = order.direction() == Sort.Direction.ASC ? greater(field, value) : less(field, value);
            alternatives.add(conjunction(equalSoFar, beyond));
            equalSoFar.add(eq(field, MongoBson.toBson(value)));
        }
        Object id = position.id();
        if (!(id instanceof String stringId)) {
            throw new IllegalArgumentException("malformed page cursor: the id is not a string");
        }
        alternatives.add(conjunction(equalSoFar, Filters.gt(ID, stringId)));
        return alternatives.size() == 1 ? alternatives.get(0) : Filters.or(alternatives);
    }

    private static Bson conjunction(List<Bson> equal, Bson last) {
        if (equal.isEmpty()) {
            return last;
        }
        List<Bson> all = new ArrayList<>(equal);
        all.add(last);
        return Filters.and(all);
    }

    private static Bson greater(String field, @Nullable Object value) {
        int bracket = bracket(value);
        List<Bson> or = new ArrayList<>();
        if (value != null) {
            or.add(Filters.gt(field, MongoBson.toBson(value)));
        }
        for (int b = bracket + 1; b < BRACKETS.size(); b++) {
            for (BsonType type : BRACKETS.get(b)) {
                or.add(Filters.type(field, type));
            }
        }
        return or.size() == 1 ? or.get(0) : Filters.or(or);
    }

    private static Bson less(String field, @Nullable Object value) {
        int bracket = bracket(value);
        if (value == null) {
            return NOTHING;
        }
        List<Bson> or = new ArrayList<>();
        or.add(Filters.lt(field, MongoBson.toBson(value)));
        // null and missing sort first; {f: null} matches both.
        or.add(eq(field, org.bson.BsonNull.VALUE));
        for (int b = 1; b < bracket; b++) {
            for (BsonType type : BRACKETS.get(b)) {
                or.add(Filters.type(field, type));
            }
        }
        return Filters.or(or);
    }

    private static int bracket(@Nullable Object value) {
        return switch (DocumentValues.family(value)) {
            case NULL -> 0;
            case NUMBER -> 1;
            case STRING -> 2;
            case DOCUMENT -> 3;
            case ARRAY -> 4;
            case BINARY, UUID -> 5;
            case BOOLEAN -> 6;
            case INSTANT -> 7;
        };
    }

    /**
     * Translates an update to one update document: {@code $set}, {@code $unset}, {@code $inc}
     * and {@code $push} on the document's fields, and {@code $inc} of the revision.
     */
    static Bson update(Update update) {
        List<Bson> changes = new ArrayList<>();
        for (Update.Operation op : update.operations()) {
            String field = field(op.path());
            if (op instanceof Update.Set set) {
                changes.add(Updates.set(field, MongoBson.toBson(set.value())));
            } else if (op instanceof Update.Unset) {
                changes.add(Updates.unset(field));
            } else if (op instanceof Update.Inc inc) {
                changes.add(Updates.inc(field, MongoBson.number(inc.delta())));
            } else if (op instanceof Update.Push push) {
                changes.add(Updates.push(field, MongoBson.toBson(push.value())));
            } else {
                throw new IllegalArgumentException("unknown update operation " + op);
            }
        }
        changes.add(Updates.inc(REVISION, 1L));
        return Updates.combine(changes);
    }

    /**
     * Conditions that keep an update within the reference semantics: no parent of a changed path
     * may be an array, because MongoDB would read a numeric segment as an index (and the port
     * treats every segment as a field name). Empty when no path has a parent.
     */
    static List<Bson> updateGuards(Update update) {
        List<Bson> guards = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Update.Operation op : update.operations()) {
            if (op instanceof Update.Unset) {
                continue;
            }
            List<String> segments = FieldPaths.segments(op.path());
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < segments.size() - 1; i++) {
                if (i > 0) {
                    prefix.append('.');
                }
                prefix.append(segments.get(i));
                String parent = prefix.toString();
                if (!seen.contains(parent)) {
                    seen.add(parent);
                    guards.add(Filters.not(Filters.type(field(parent), BsonType.ARRAY)));
                }
            }
        }
        return guards;
    }
}
