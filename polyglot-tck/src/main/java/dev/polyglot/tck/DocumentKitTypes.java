package dev.polyglot.tck;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The application types the Document compatibility kit stores: public so every codec can reach
 * them, shaped like the records real applications keep in document stores.
 */
public final class DocumentKitTypes {

    private DocumentKitTypes() {
    }

    /** An order's state, stored as its name. */
    public enum Status {
        /** Placed, not paid. */
        OPEN,
        /** Paid. */
        PAID,
        /** Cancelled. */
        CANCELLED
    }

    /**
     * A postal address, nested in other records.
     *
     * @param street street and number
     * @param city city
     */
    public record Address(String street, String city) {
    }

    /**
     * One order line.
     *
     * @param sku article number
     * @param quantity how many
     * @param price unit price
     */
    public record Line(String sku, int quantity, BigDecimal price) {
    }

    /**
     * An order using every type the codec must keep exactly.
     *
     * @param customer customer name
     * @param placedAt when it was placed (millisecond precision, as BSON dates keep)
     * @param reference a UUID
     * @param total an exact amount
     * @param status an enum
     * @param due a local date
     * @param shipTo a nested record
     * @param lines a list of records
     * @param note an optional text
     * @param attachment raw bytes
     */
    public record Order(String customer, Instant placedAt, UUID reference, BigDecimal total, Status status,
            LocalDate due, Address shipTo, List<Line> lines, Optional<String> note, byte[] attachment) {
    }

    /**
     * A small record for most tests.
     *
     * @param name a name
     * @param count a number
     * @param tags labels
     */
    public record Item(String name, int count, List<String> tags) {
    }

    /**
     * A counter for the concurrency tests.
     *
     * @param value the current value
     */
    public record Counter(long value) {
    }

    /**
     * A user with a unique e-mail address, which may be missing.
     *
     * @param name the name
     * @param email the e-mail address, or null
     */
    public record User(String name, @Nullable String email) {
    }

    /**
     * A session that expires after a period of inactivity.
     *
     * @param user who
     * @param lastSeen last activity
     */
    public record Session(String user, Instant lastSeen) {
    }

    /**
     * A customer in schema version 1: one name field.
     *
     * @param name the full name
     */
    public record CustomerV1(String name) {
    }

    /**
     * A customer in schema version 2: the name split in two.
     *
     * @param firstName given name
     * @param lastName family name
     */
    public record CustomerV2(String firstName, String lastName) {
    }

    /**
     * A customer in schema version 3: split name and a tier.
     *
     * @param firstName given name
     * @param lastName family name
     * @param tier service tier
     */
    public record CustomerV3(String firstName, String lastName, String tier) {
    }
}
