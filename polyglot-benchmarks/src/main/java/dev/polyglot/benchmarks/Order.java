package dev.polyglot.benchmarks;

import java.time.Instant;
import java.util.List;

/**
 * The document of the document-filter benchmark: a small order with a nested list.
 *
 * @param customerId the customer; 10 orders per customer, the field the filter matches on
 * @param status the order's status
 * @param totalCents the order total
 * @param items the ordered items
 * @param placedAt when the order was placed
 */
public record Order(String customerId, String status, long totalCents, List<Item> items, Instant placedAt) {

    /**
     * One line of an order.
     *
     * @param sku the product
     * @param quantity how many
     */
    public record Item(String sku, int quantity) {
    }

    /** The i-th generated order; customer {@code c-(i mod customers)}. */
    static Order generated(int i, int customers) {
        return new Order("c-" + (i % customers), i % 3 == 0 ? "shipped" : "open", 500 + i % 9_000,
                List.of(new Item("sku-" + (i % 97), 1 + i % 4), new Item("sku-" + (i % 89), 1)),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
    }
}
