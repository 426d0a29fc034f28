package dev.polyglot.mongo;

import dev.polyglot.codec.DocumentValues;
import dev.polyglot.spi.FieldPaths;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * Converts between the document model ({@link DocumentValues}) and BSON, type for type: Integer ↔
 * int32, Long ↔ int64, Double ↔ double, BigDecimal ↔ Decimal128, Instant ↔ date (milliseconds),
 * UUID ↔ binary subtype 4 (standard), byte[] ↔ binary subtype 0, maps ↔ embedded documents in
 * key order, lists ↔ arrays.
 */
final class MongoBson {

    private MongoBson() {
    }

    /**
     * Converts a model value to BSON.
     *
     * @throws IllegalArgumentException for a value BSON cannot hold exactly: a BigDecimal beyond
     *     Decimal128's 34 digits or exponent range, an Instant outside BSON's date range
     */
    static BsonValue toBson(@Nullable Object value) {
        if (value == null) {
            return BsonNull.VALUE;
        }
        if (value instanceof String s) {
            return new BsonString(s);
        }
        if (value instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (value instanceof Long l) {
            return new BsonInt64(l);
        }
        if (value instanceof Double d) {
            return new BsonDouble(d);
        }
        if (value instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (value instanceof BigDecimal bd) {
            return new BsonDecimal128(decimal128(bd));
        }
        if (value instanceof Instant instant) {
            return new BsonDateTime(epochMillis(instant));
        }
        if (value instanceof UUID uuid) {
            return new BsonBinary(uuid, UuidRepresentation.STANDARD);
        }
        if (value instanceof byte[] bytes) {
            return new BsonBinary(BsonBinarySubType.BINARY, bytes.clone());
        }
        if (value instanceof Map<?, ?> map) {
            BsonDocument document = new BsonDocument();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                document.append((String) e.getKey(), toBson(e.getValue()));
            }
            return document;
        }
        if (value instanceof List<?> list) {
            BsonArray array = new BsonArray(new ArrayList<>(list.size()));
            for (Object element : list) {
                array.add(toBson(element));
            }
            return array;
        }
        // Anything else goes through the model first (Float, Short, enums, dates...).
        Object normalized = DocumentValues.normalize(value);
        if (normalized == value) {
            throw new IllegalArgumentException("type " + value.getClass().getName() + " is not part of the document model");
        }
        return toBson(normalized);
    }

    /**
     * Converts BSON back to the document model.
     *
     * @throws IllegalArgumentException for a BSON type the model has no type for (written by
     *     something other than Polyglot), such as a regular expression or a NaN decimal
     */
    static @Nullable Object fromBson(BsonValue value) {
        switch (value.getBsonType()) {
            case NULL:
            case UNDEFINED:
                return null;
            case STRING:
                return value.asString().getValue();
            case INT32:
                return value.asInt32().getValue();
            case INT64:
                return value.asInt64().getValue();
            case DOUBLE:
                return DocumentValues.normalize(value.asDouble().getValue());
            case BOOLEAN:
                return value.asBoolean().getValue();
            case DECIMAL128: {
                Decimal128 d = value.asDecimal128().getValue();
                if (d.isNaN() || d.isInfinite()) {
                    throw new IllegalArgumentException("stored Decimal128 " + d + " is not a finite number");
                }
                try {
                    return d.bigDecimalValue();
                } catch (ArithmeticException negativeZero) {
                    return BigDecimal.ZERO; // BigDecimal has no negative zero
                }
            }
            case DATE_TIME:
                return Instant.ofEpochMilli(value.asDateTime().getValue());
            case BINARY: {
                BsonBinary binary = value.asBinary();
                if (binary.getType() == BsonBinarySubType.UUID_STANDARD.getValue() && binary.getData().length == 16) {
                    return binary.asUuid(UuidRepresentation.STANDARD);
                }
                return binary.getData().clone();
            }
            case DOCUMENT:
                return fromBsonDocument(value.asDocument());
            case ARRAY: {
                BsonArray array = value.asArray();
                List<@Nullable Object> list = new ArrayList<>(array.size());
                for (BsonValue element : array) {
                    list.add(fromBson(element));
                }
                return list;
            }
            case OBJECT_ID:
                return value.asObjectId().getValue().toHexString();
            case SYMBOL:
                return value.asSymbol().getSymbol();
            default:
                throw new IllegalArgumentException("stored BSON type " + value.getBsonType()
                        + " has no counterpart in the document model; was this document written by Polyglot?");
        }
    }

    /** Converts a BSON document to a model document, keeping key order. */
    static Map<String, @Nullable Object> fromBsonDocument(BsonDocument document) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, BsonValue> e : document.entrySet()) {
            map.put(e.getKey(), fromBson(e.getValue()));
        }
        return map;
    }

    /** The milliseconds of an instant as a BSON date keeps them (sub-millisecond digits are cut). */
    static long epochMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant " + instant + " is outside the range of a BSON date", e);
        }
    }

    /** A model number as the driver encodes it for {@code $inc}: BigDecimal as Decimal128. */
    static Number number(Number n) {
        return n instanceof BigDecimal bd ? decimal128(bd) : n;
    }

    /** A BigDecimal as Decimal128, or an IllegalArgumentException saying why it does not fit. */
    static Decimal128 decimal128(BigDecimal value) {
        try {
            return new Decimal128(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BigDecimal " + FieldPaths.printable(value.toString())
                    + " does not fit a BSON Decimal128 (at most 34 significant digits, exponent -6176 to 6111)", e);
        }
    }
}
