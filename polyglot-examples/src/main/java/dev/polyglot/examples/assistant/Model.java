package dev.polyglot.examples.assistant;

import dev.polyglot.transactional.TableSpec;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The assistant's records and the table specs that map them. */
final class Model {

    /** A user of the assistant. */
    record User(String id, String email, String name, String plan, long version, @Nullable Instant createdAt,
            @Nullable Instant updatedAt) {}

    /** A user's prepaid balance; every change is in the audit log. */
    record BillingAccount(String id, long balanceCents, long tokensUsed, long version, @Nullable Instant updatedAt) {
        BillingAccount charged(long cents, long tokens) {
            return new BillingAccount(id, balanceCents - cents, tokensUsed + tokens, version, updatedAt);
        }

        BillingAccount toppedUp(long cents) {
            return new BillingAccount(id, balanceCents + cents, tokensUsed, version, updatedAt);
        }
    }

    /** One charge for one assistant reply (or a top-up, with negative cents). */
    record Charge(String id, String userId, String conversationId, long tokens, long cents, @Nullable Instant createdAt) {}

    /** A logged-in session, kept in the cache with a sliding expiry. */
    record Session(String userId, String device, Instant startedAt) {}

    /** One message of a conversation. */
    record Message(String role, String text, Instant at) {}

    /** A conversation history, one document per conversation. */
    record Conversation(String userId, String title, String topic, List<Message> messages, Instant startedAt) {}

    static final TableSpec<User, String> USERS = TableSpec.builder("assistant_users", User.class, String.class)
            .id("id").version("version").unique("email").createdAt("createdAt").updatedAt("updatedAt")
            .build();

    static final TableSpec<BillingAccount, String> ACCOUNTS = TableSpec
            .builder("assistant_billing_accounts", BillingAccount.class, String.class)
            .id("id").version("version").updatedAt("updatedAt").audited()
            .build();

    static final TableSpec<Charge, String> CHARGES = TableSpec.builder("assistant_charges", Charge.class, String.class)
            .id("id").createdAt("createdAt")
            .build();

    private Model() {
    }
}
