package dev.polyglot.query;

import dev.polyglot.spi.FieldPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordering of query results by one or more field paths.
 *
 * <p>Values order as {@link dev.polyglot.codec.DocumentValues#compare} says: first by type family
 * (null and missing first, then numbers, strings, documents, arrays, binary, UUIDs, booleans,
 * instants), then by value. Every adapter appends the record id as the last, ascending key, so
 * results are always in a total, repeatable order and keyset paging is exact.
 *
 * <p>Sort by scalar fields. A field holding an array sorts as one array value here, while MongoDB
 * sorts it by its smallest (ascending) or largest (descending) element; the compatibility kit does
 * not pin either, so do not rely on the order of array-valued sort keys across adapters.
 *
 * <pre>{@code
 * Sort sort = Sort.desc("createdAt").thenAsc("name");
 * }</pre>
 *
 * @param orders the sort keys, most significant first
 */
public record Sort(List<Order> orders) {

    /** Sort direction. */
    public enum Direction {
        /** Smallest first. */
        ASC,
        /** Largest first. */
        DESC
    }

    /**
     * One sort key.
     *
     * @param path field path
     * @param direction direction
     */
    public record Order(String path, Direction direction) {
        /**
         * Validates the path.
         *
         * @param path field path
         * @param direction direction
         */
        public Order {
            path = FieldPaths.validate(path);
            if (direction == null) {
                throw new IllegalArgumentException("sort direction of \"" + path + "\" must not be null");
            }
        }
    }

    private static final Sort UNSORTED = new Sort(List.of());

    /**
     * Copies the keys and rejects a path used twice.
     *
     * @param orders the sort keys, most significant first
     */
    public Sort {
        if (orders == null || orders.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("sort keys must not be null");
        }
        orders = List.copyOf(orders);
        Set<String> seen = new HashSet<>();
        for (Order order : orders) {
            if (!seen.add(order.path())) {
                throw new IllegalArgumentException("sort path \"" + order.path() + "\" is used twice");
            }
        }
    }

    /**
     * Returns the empty sort: results come in id order.
     *
     * @return the empty sort
     */
    public static Sort unsorted() {
        return UNSORTED;
    }

    /**
     * Sorts ascending by a path.
     *
     * @param path field path
     * @return the sort
     * @throws IllegalArgumentException for a bad path
     */
    public static Sort asc(String path) {
        return new Sort(List.of(new Order(path, Direction.ASC)));
    }

    /**
     * Sorts descending by a path.
     *
     * @param path field path
     * @return the sort
     * @throws IllegalArgumentException for a bad path
     */
    public static Sort desc(String path) {
        return new Sort(List.of(new Order(path, Direction.DESC)));
    }

    /**
     * Adds an ascending key after the existing ones.
     *
     * @param path field path
     * @return a new sort
     * @throws IllegalArgumentException for a bad or repeated path
     */
    public Sort thenAsc(String path) {
        return then(new Order(path, Direction.ASC));
    }

    /**
     * Adds a descending key after the existing ones.
     *
     * @param path field path
     * @return a new sort
     * @throws IllegalArgumentException for a bad or repeated path
     */
    public Sort thenDesc(String path) {
        return then(new Order(path, Direction.DESC));
    }

    private Sort then(Order order) {
        List<Order> list = new ArrayList<>(orders);
        list.add(order);
        return new Sort(list);
    }
}
