package dev.polyglot.benchmarks;

import dev.polyglot.transactional.TableSpec;
import java.time.Instant;

/**
 * The row of the table benchmarks: five columns of four types, no version, timestamps or audit,
 * so the adapter and the raw SQL do exactly the same work in the database.
 *
 * @param id the primary key
 * @param customer the customer's id
 * @param amountCents the amount
 * @param currency the ISO currency code
 * @param paidAt when it was paid
 */
public record Payment(String id, String customer, long amountCents, String currency, Instant paidAt) {

    /** The instant every generated payment carries (microsecond precision, as PostgreSQL stores it). */
    static final Instant PAID_AT = Instant.parse("2026-11-01T10:15:30.123456Z");

    /** The table spec of payments in a table of this name. */
    static TableSpec<Payment, String> spec(String table) {
        return TableSpec.builder(table, Payment.class, String.class).id("id").build();
    }

    /** The i-th generated payment with an id prefix. */
    static Payment generated(String prefix, long i) {
        return new Payment(prefix + i, "customer-" + (i % 1000), 100 + i % 10_000, "EUR", PAID_AT);
    }

    /** The column list, as the adapter names the columns (quoted property names). */
    static final String COLUMNS = "\"id\", \"customer\", \"amountCents\", \"currency\", \"paidAt\"";
}
