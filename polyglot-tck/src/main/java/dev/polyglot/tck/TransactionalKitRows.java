package dev.polyglot.tck;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The row types the {@link TransactionalStoreCompatibilityKit} stores; public so adapters can
 * reuse them in their own tests.
 */
public final class TransactionalKitRows {

    private TransactionalKitRows() {
    }

    /**
     * An audited account with a version column, a unique email, a composite unique key (tenant,
     * slug) and created/updated timestamps.
     *
     * @param id the id
     * @param email the email, unique when set
     * @param tenant the tenant
     * @param slug the slug, unique within the tenant
     * @param balance the balance
     * @param version the version
     * @param createdAt set by the store on insert
     * @param updatedAt set by the store on every write
     */
    public record Account(String id, @Nullable String email, String tenant, String slug, long balance, long version,
            @Nullable Instant createdAt, @Nullable Instant updatedAt) {

        /**
         * Creates a new account (version 0, no timestamps).
         *
         * @param id the id
         * @param email the email
         * @param tenant the tenant
         * @param slug the slug
         * @return the account
         */
        public static Account of(String id, @Nullable String email, String tenant, String slug) {
            return new Account(id, email, tenant, slug, 0, 0, null, null);
        }

        /**
         * Returns a copy with another balance.
         *
         * @param newBalance the balance
         * @return the copy
         */
        public Account withBalance(long newBalance) {
            return new Account(id, email, tenant, slug, newBalance, version, createdAt, updatedAt);
        }

        /**
         * Returns a copy with another email.
         *
         * @param newEmail the email
         * @return the copy
         */
        public Account withEmail(@Nullable String newEmail) {
            return new Account(id, newEmail, tenant, slug, balance, version, createdAt, updatedAt);
        }

        /**
         * Returns a copy with another version.
         *
         * @param newVersion the version
         * @return the copy
         */
        public Account withVersion(long newVersion) {
            return new Account(id, email, tenant, slug, balance, newVersion, createdAt, updatedAt);
        }
    }

    /**
     * A nested record, stored inside its row.
     *
     * @param city the city
     * @param zip the postal code, may be null
     */
    public record Address(String city, @Nullable String zip) {
    }

    /** An enum column. */
    public enum Status {
        /** Active. */
        ACTIVE,
        /** Suspended. */
        SUSPENDED
    }

    /**
     * A row with a column of every kind, for filters and sorts.
     *
     * @param id the id
     * @param name a nullable string
     * @param qty an int
     * @param big a long
     * @param price a double
     * @param amount a nullable decimal
     * @param active a boolean
     * @param address a nullable nested record
     * @param tags a list
     * @param at a nullable instant
     * @param status a nullable enum
     * @param ref a nullable UUID
     */
    public record Item(String id, @Nullable String name, int qty, long big, double price, @Nullable BigDecimal amount,
            boolean active, @Nullable Address address, List<String> tags, @Nullable Instant at, @Nullable Status status,
            @Nullable UUID ref) {

        /**
         * Creates an item that only matters for its quantity.
         *
         * @param id the id
         * @param qty the quantity
         * @return the item
         */
        public static Item of(String id, int qty) {
            return new Item(id, "item " + id, qty, qty, qty, BigDecimal.valueOf(qty), true, null, List.of(), null, null, null);
        }
    }

    /**
     * A row with the remaining column types: dates, offset date-times, binary, small numbers,
     * maps and lists of records.
     *
     * @param id a UUID id
     * @param day a date
     * @param at an offset date-time (read back in UTC)
     * @param data binary data
     * @param small a short
     * @param ratio a float
     * @param big a big integer
     * @param extra a free-form map
     * @param addresses a list of records
     */
    public record Typed(UUID id, @Nullable LocalDate day, @Nullable OffsetDateTime at, byte @Nullable [] data, short small,
            float ratio, @Nullable BigInteger big, Map<String, Object> extra, List<Address> addresses) {
    }

    /**
     * A counter with a numeric id and an int version.
     *
     * @param id the id
     * @param value the value
     * @param version the version
     */
    public record Counter(long id, long value, int version) {
    }

    /**
     * A plain row: no version, no unique keys, not audited.
     *
     * @param id the id
     * @param name the name
     */
    public record Note(String id, String name) {
    }
}
