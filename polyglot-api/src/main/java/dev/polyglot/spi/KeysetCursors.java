package dev.polyglot.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polyglot.codec.DocumentValues;
import dev.polyglot.query.Sort;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes the opaque keyset cursors of {@link dev.polyglot.query.PageRequest}, so
 * every adapter issues cursors of one format that keep the exact types of the sort values.
 *
 * <p>A cursor holds the sort it was issued for, the sort values of the last record of a page and
 * that record's id. It is base64url text; it is not signed, so adapters must (and do) bind its
 * values as parameters like any other user input.
 */
public final class KeysetCursors {

    /**
     * The position a cursor points at: the last record of the previous page.
     *
     * @param sortValues the record's values for each sort key, in sort order
     * @param id the record's id, the final tie-breaker
     */
    public record Position(List<@Nullable Object> sortValues, Object id) {
        /**
         * Copies the values.
         *
         * @param sortValues the record's values for each sort key, in sort order
         * @param id the record's id, the final tie-breaker
         */
        public Position {
            sortValues = java.util.Collections.unmodifiableList(new ArrayList<>(sortValues));
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KeysetCursors() {
    }

    /**
     * Encodes a position for a sort.
     *
     * @param sort the query's sort
     * @param sortValues the last record's value for each sort key
     * @param id the last record's id
     * @return the opaque cursor
     */
    public static String encode(Sort sort, List<@Nullable Object> sortValues, Object id) {
        if (sortValues.size() != sort.orders().size()) {
            throw new IllegalArgumentException("cursor needs one value per sort key");
        }
        ObjectNode root = NODES.objectNode();
        root.put("v", 1);
        root.set("sort", describe(sort));
        ArrayNode keys = root.putArray("keys");
        for (Object value : sortValues) {
            keys.add(write(value));
        }
        root.set("id", write(id));
        try {
            byte[] json = MAPPER.writeValueAsBytes(root);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode page cursor", e);
        }
    }

    /**
     * Decodes a cursor issued for the same sort.
     *
     * @param sort the query's sort
     * @param cursor the opaque cursor
     * @return the position
     * @throws IllegalArgumentException if the cursor is malformed or was issued for another sort
     */
    public static Position decode(Sort sort, String cursor) {
        JsonNode root;
        try {
            root = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalArgumentException("malformed page cursor", e);
        }
        if (root == null || !root.isObject() || root.path("v").asInt() != 1 || !root.path("keys").isArray()
                || !root.has("id")) {
            throw new IllegalArgumentException("malformed page cursor");
        }
        if (!describe(sort).equals(root.get("sort"))) {
            throw new IllegalArgumentException("page cursor was issued for another sort; start again from the first page");
        }
        List<@Nullable Object> values = new ArrayList<>();
        for (JsonNode key : root.path("keys")) {
            values.add(read(key));
        }
        if (values.size() != sort.orders().size()) {
            throw new IllegalArgumentException("malformed page cursor");
        }
        Object id = read(root.get("id"));
        if (id == null) {
            throw new IllegalArgumentException("malformed page cursor");
        }
        return new Position(values, id);
    }

    /** The sort as [[path, "+"|"-"], ...]: structured, so no path can imitate another sort. */
    private static ArrayNode describe(Sort sort) {
        ArrayNode out = NODES.arrayNode();
        for (Sort.Order order : sort.orders()) {
            out.addArray().add(order.path()).add(order.direction() == Sort.Direction.ASC ? "+" : "-");
        }
        return out;
    }

    private static JsonNode write(@Nullable Object value) {
        ArrayNode tagged = NODES.arrayNode();
        switch (DocumentValues.family(value)) {
            case NULL -> tagged.add("null");
            case STRING -> tagged.add("s").add((String) value);
            case BOOLEAN -> tagged.add("b").add((Boolean) value);
            case INSTANT -> tagged.add("t").add(value.toString());
            case UUID -> tagged.add("u").add(value.toString());
            case BINARY -> tagged.add("x").add(Base64.getEncoder().encodeToString((byte[]) value));
            case NUMBER -> {
                if (value instanceof Integer i) {
                    tagged.add("i").add(i);
                } else if (value instanceof Long l) {
                    tagged.add("l").add(l.toString());
                } else if (value instanceof Double d) {
                    tagged.add("d").add(Double.toString(d));
                } else {
                    tagged.add("D").add(((BigDecimal) value).toString());
                }
            }
            case ARRAY -> {
                tagged.add("a");
                for (Object element : (List<?>) value) {
                    tagged.add(write(element));
                }
            }
            case DOCUMENT -> {
                tagged.add("m");
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    tagged.add((String) e.getKey()).add(write(e.getValue()));
                }
            }
        }
        return tagged;
    }

    private static @Nullable Object read(JsonNode node) {
        try {
            Iterator<JsonNode> it = node.elements();
            String tag = it.next().asText();
            switch (tag) {
                case "null":
                    return null;
                case "s":
                    return it.next().textValue();
                case "b":
                    return it.next().booleanValue();
                case "t":
                    return Instant.parse(it.next().textValue());
                case "u":
                    return UUID.fromString(it.next().textValue());
                case "x":
                    return Base64.getDecoder().decode(it.next().textValue());
                case "i":
                    return it.next().intValue();
                case "l":
                    return Long.parseLong(it.next().textValue());
                case "d":
                    return Double.parseDouble(it.next().textValue());
                case "D":
                    return new BigDecimal(it.next().textValue());
                case "a": {
                    List<@Nullable Object> list = new ArrayList<>();
                    it.forEachRemaining(n -> list.add(read(n)));
                    return list;
                }
                case "m": {
                    Map<String, @Nullable Object> map = new LinkedHashMap<>();
                    while (it.hasNext()) {
                        String key = it.next().textValue();
                        map.put(key, read(it.next()));
                    }
                    return map;
                }
                default:
                    throw new IllegalArgumentException("malformed page cursor");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed page cursor", e);
        }
    }
}
